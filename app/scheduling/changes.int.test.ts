import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { appointment, appointmentEvent, appointmentStaff, series } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createRoom, createStaff } from "#test/fixtures";
import { bookAppointments } from "./booking.server";
import { cancelRemaining, changeAppointment, type ChangeRequest } from "./changes.server";

const testDb = setupTestDatabase();
const TZ = "America/Los_Angeles";
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let actor: { id: string; clinicId: string; ip: string };
let roomA: string;
let roomB: string;
let seriesId: string;
let ids: string[];

const hour = 3_600_000;
const day = 24 * hour;
const base = Date.UTC(2026, 6, 6, 17, 0);

beforeEach(async () => {
  world = await createClinicWithTeam(testDb.db);
  actor = { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" };
  roomA = (await createRoom(testDb.db, world.clinic.id, "Cedar Room")).id;
  roomB = (await createRoom(testDb.db, world.clinic.id, "Willow Room")).id;
  const staff = [
    { userId: world.users.therapist.id, role: "therapist" as const },
    { userId: world.users.nurse.id, role: "monitor" as const },
  ];
  const result = await bookAppointments(testDb.db, actor, {
    clinicId: world.clinic.id,
    timeZone: TZ,
    patientId: world.patient.id,
    series: {
      templateId: null,
      rules: {},
      prescriberId: world.users.prescriber.id,
      therapistId: world.users.therapist.id,
    },
    slots: [0, 3, 6].map((offset, index) => ({
      kind: "dosing" as const,
      doseNumber: index + 1,
      start: new Date(base + offset * day),
      end: new Date(base + offset * day + 3 * hour),
      roomId: roomA,
      staff,
    })),
  });
  if (!result.ok) {
    throw new Error("setup booking failed");
  }
  seriesId = result.seriesId!;
  ids = result.appointmentIds;
});

function request(change: ChangeRequest["change"], overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    clinicId: world.clinic.id,
    timeZone: TZ,
    appointmentId: ids[0]!,
    expectedVersion: 1,
    change,
    reason: "patient asked",
    ...overrides,
  };
}

async function history(appointmentId: string) {
  return testDb.db
    .select()
    .from(appointmentEvent)
    .where(eq(appointmentEvent.appointmentId, appointmentId))
    .orderBy(appointmentEvent.at);
}

describe("changing an appointment", () => {
  it("reschedules, keeping who, when, from what to what and why", async () => {
    const result = await changeAppointment(
      testDb.db,
      actor,
      request({ type: "reschedule", start: new Date(base + day), end: new Date(base + day + 3 * hour) }),
    );
    expect(result).toEqual({ ok: true, version: 2 });
    const events = await history(ids[0]!);
    expect(events.at(-1)).toMatchObject({
      action: "rescheduled",
      actorId: actor.id,
      reason: "patient asked",
      fromValue: { start: new Date(base).toISOString() },
      toValue: { start: new Date(base + day).toISOString() },
    });
    const [staffRow] = await testDb.db
      .select()
      .from(appointmentStaff)
      .where(eq(appointmentStaff.appointmentId, ids[0]!));
    expect(staffRow?.startsAt).toEqual(new Date(base + day));
  });

  it("refuses a move onto another booking of the room or a clinician, and changes nothing", async () => {
    const other = await createPatient(testDb.db, world.clinic.id);
    await bookAppointments(testDb.db, actor, {
      clinicId: world.clinic.id,
      timeZone: TZ,
      patientId: other.id,
      slots: [
        {
          kind: "integration",
          start: new Date(base + day),
          end: new Date(base + day + hour),
          roomId: roomB,
          staff: [{ userId: world.users.therapist.id, role: "therapist" }],
        },
      ],
    });
    const result = await changeAppointment(
      testDb.db,
      actor,
      request({ type: "reschedule", start: new Date(base + day), end: new Date(base + day + 3 * hour) }),
    );
    expect(result).toMatchObject({ ok: false, reason: "conflict" });
    expect(result.ok ? "" : result.message).toMatch(
      new RegExp(`${world.users.therapist.name} is already booked 10:00–11:00`, "u"),
    );
    const [row] = await testDb.db.select().from(appointment).where(eq(appointment.id, ids[0]!));
    expect(row).toMatchObject({ startsAt: new Date(base), version: 1 });
  });

  it("refuses a stale version instead of overwriting someone else's change", async () => {
    await changeAppointment(testDb.db, actor, request({ type: "room", roomId: roomB }));
    const stale = await changeAppointment(testDb.db, actor, request({ type: "room", roomId: roomA }));
    expect(stale).toMatchObject({ ok: false, reason: "stale" });
    const [row] = await testDb.db.select().from(appointment).where(eq(appointment.id, ids[0]!));
    expect(row?.roomId).toBe(roomB);
  });

  it("changes the clinician, refusing someone without the role", async () => {
    const nurse2 = await createStaff(testDb.db, world.clinic.id, ["nurse"]);
    const refused = await changeAppointment(
      testDb.db,
      actor,
      request({ type: "clinician", role: "monitor", userId: world.users.therapist.id }),
    );
    expect(refused).toMatchObject({ ok: false, reason: "not_allowed" });
    const result = await changeAppointment(
      testDb.db,
      actor,
      request({ type: "clinician", role: "monitor", userId: nurse2.id }),
    );
    expect(result.ok).toBe(true);
    const staff = await testDb.db.select().from(appointmentStaff).where(eq(appointmentStaff.appointmentId, ids[0]!));
    expect(staff.map((member) => member.userId).sort()).toEqual([world.users.therapist.id, nurse2.id].sort());
    expect((await history(ids[0]!)).at(-1)).toMatchObject({
      action: "clinician_changed",
      fromValue: { userId: world.users.nurse.id },
      toValue: { userId: nurse2.id },
    });
  });

  it("checks in, starts and completes, making the series active; never un-completes", async () => {
    await changeAppointment(testDb.db, actor, request({ type: "status", to: "checked_in" }));
    await changeAppointment(testDb.db, actor, request({ type: "status", to: "in_progress" }, { expectedVersion: 2 }));
    const [active] = await testDb.db.select().from(series).where(eq(series.id, seriesId));
    expect(active?.status).toBe("active");
    await changeAppointment(testDb.db, actor, request({ type: "status", to: "completed" }, { expectedVersion: 3 }));
    const back = await changeAppointment(
      testDb.db,
      actor,
      request({ type: "status", to: "scheduled" }, { expectedVersion: 4 }),
    );
    expect(back).toMatchObject({ ok: false, reason: "not_allowed" });
    const moved = await changeAppointment(
      testDb.db,
      actor,
      request(
        { type: "reschedule", start: new Date(base + 2 * day), end: new Date(base + 2 * day + hour) },
        { expectedVersion: 4 },
      ),
    );
    expect(moved).toMatchObject({ ok: false, reason: "not_allowed" });
  });

  it("marks a no-show and cancels one session, freeing its slot", async () => {
    expect((await changeAppointment(testDb.db, actor, request({ type: "status", to: "no_show" }))).ok).toBe(true);
    expect(
      (
        await changeAppointment(
          testDb.db,
          actor,
          request({ type: "status", to: "cancelled" }, { appointmentId: ids[1]! }),
        )
      ).ok,
    ).toBe(true);
    const [cancelledStaff] = await testDb.db
      .select()
      .from(appointmentStaff)
      .where(eq(appointmentStaff.appointmentId, ids[1]!));
    expect(cancelledStaff?.active).toBe(false);
    expect((await history(ids[1]!)).at(-1)).toMatchObject({ action: "cancelled", reason: "patient asked" });
  });

  it("warns about broken series rules and goes ahead only when the user confirms", async () => {
    const check = async () => ["Doses 1 and 2 must be at least 2 days apart."];
    const change = {
      type: "reschedule" as const,
      start: new Date(base + 2 * day),
      end: new Date(base + 2 * day + 3 * hour),
    };
    const warned = await changeAppointment(testDb.db, actor, request(change), check);
    expect(warned).toMatchObject({
      ok: false,
      reason: "rule_warnings",
      warnings: ["Doses 1 and 2 must be at least 2 days apart."],
    });
    const [unchanged] = await testDb.db.select().from(appointment).where(eq(appointment.id, ids[0]!));
    expect(unchanged?.version).toBe(1);
    const confirmed = await changeAppointment(
      testDb.db,
      actor,
      request(change, { confirmedRuleBreaks: ["Doses 1 and 2 must be at least 2 days apart."] }),
      check,
    );
    expect(confirmed.ok).toBe(true);
    expect((await history(ids[0]!)).at(-1)?.overriddenRules).toEqual(["Doses 1 and 2 must be at least 2 days apart."]);
  });

  it("cancels all remaining sessions and discontinues the series", async () => {
    await changeAppointment(testDb.db, actor, request({ type: "status", to: "checked_in" }));
    await changeAppointment(testDb.db, actor, request({ type: "status", to: "in_progress" }, { expectedVersion: 2 }));
    const result = await cancelRemaining(testDb.db, actor, {
      clinicId: world.clinic.id,
      seriesId,
      reason: "adverse reaction",
    });
    expect(result).toEqual({ ok: true, cancelled: 2 });
    const rows = await testDb.db
      .select()
      .from(appointment)
      .where(eq(appointment.seriesId, seriesId))
      .orderBy(appointment.startsAt);
    expect(rows.map((row) => row.status)).toEqual(["in_progress", "cancelled", "cancelled"]);
    const [discontinued] = await testDb.db.select().from(series).where(eq(series.id, seriesId));
    expect(discontinued).toMatchObject({ status: "discontinued", statusReason: "adverse reaction" });
  });

  it("answers not found for another clinic's appointment", async () => {
    const other = await createClinicWithTeam(testDb.db);
    const result = await changeAppointment(
      testDb.db,
      actor,
      request({ type: "status", to: "cancelled" }, { clinicId: other.clinic.id }),
    );
    expect(result).toMatchObject({ ok: false, reason: "not_found" });
    expect(await cancelRemaining(testDb.db, actor, { clinicId: other.clinic.id, seriesId, reason: "x" })).toMatchObject(
      { ok: false },
    );
  });
});
