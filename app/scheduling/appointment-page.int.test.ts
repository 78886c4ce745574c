import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointment, appointmentEvent } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createStaff } from "#test/fixtures";
import { action, loader } from "#app/routes/appointment";
import type { AppointmentReply } from "./appointment-forms";
import type { HistoryEntry } from "./appointment-view.server";
import { bookAppointments } from "./booking.server";
import { formatInTimeZone } from "#app/ui/dates";
import { bookStandardSeries, call, createDemoLikeClinic, type DemoWorld } from "./testing/demo-world";

const testDb = setupTestDatabase();
const TZ = "America/Los_Angeles";
let world: DemoWorld;
let seriesId: string;

type Page = {
  appointment: {
    title: string;
    status: string;
    when: string;
    roomName: string | null;
    staff: { name: string; role: string }[];
    version: number;
    changeable: boolean;
    next: string[];
  };
  patient: { id: string; name: string };
  series: { id: string; name: string } | null;
  history: HistoryEntry[];
  canManage: boolean;
};

beforeAll(async () => {
  world = await createDemoLikeClinic(testDb.db);
  seriesId = (await bookStandardSeries(testDb.db, world, world.patient.id, "2030-03-04")).seriesId;
});

async function session(kind: "dosing" | "integration" | "preparation" | "checkpoint", doseNumber: number | null) {
  const rows = await testDb.db
    .select()
    .from(appointment)
    .where(and(eq(appointment.seriesId, seriesId), eq(appointment.kind, kind)));
  const row = rows.find((candidate) => candidate.doseNumber === doseNumber) ?? rows[0];
  return row!;
}

async function page(id: string, userId = world.users.frontdesk.id): Promise<{ status: number; page: Page }> {
  const response = await call(testDb.db, loader, `/appointments/${id}`, { userId, params: { appointmentId: id } });
  return { status: response.status, page: response.body as Page };
}

async function post(id: string, form: Record<string, string | string[]>, userId = world.users.frontdesk.id) {
  const response = await call(testDb.db, action, `/appointments/${id}`, {
    userId,
    params: { appointmentId: id },
    form,
  });
  return { ...response, reply: response.body as AppointmentReply };
}

async function current(id: string) {
  const [row] = await testDb.db.select().from(appointment).where(eq(appointment.id, id));
  return row!;
}

async function lastHistory(id: string): Promise<HistoryEntry> {
  return (await page(id)).page.history.at(-1)!;
}

const local = (at: Date, pattern: string): string => formatInTimeZone(at, TZ, pattern);

describe("the appointment page", () => {
  it("shows when, what, status, room, clinicians, patient, series and the booking in the history", async () => {
    const dose = await session("dosing", 2);
    const { status, page: shown } = await page(dose.id);
    expect(status).toBe(200);
    expect(shown.appointment).toMatchObject({
      title: "Dosing session 2",
      status: "scheduled",
      version: 1,
      changeable: true,
      next: ["checked_in", "cancelled", "no_show"],
    });
    expect(shown.appointment.when).toBe(
      `${local(dose.startsAt, "EEEE d MMMM yyyy")}, ${local(dose.startsAt, "HH:mm")}–${local(dose.endsAt, "HH:mm")}`,
    );
    expect(shown.appointment.roomName).toBe("Cedar Room");
    expect(shown.appointment.staff.map((member) => member.role).sort()).toEqual(["Monitor", "Therapist"]);
    expect(shown.patient.id).toBe(world.patient.id);
    expect(shown.series).toEqual({ id: seriesId, name: "Standard KAP course" });
    expect(shown.history).toHaveLength(1);
    expect(shown.history[0]).toMatchObject({
      actor: world.users.frontdesk.name,
      action: "Booked",
      reason: "",
      overriddenRules: [],
    });
    expect(shown.history[0]?.change).toBe(
      `${local(dose.startsAt, "EEE d MMM yyyy, HH:mm")}–${local(dose.endsAt, "HH:mm")}, Cedar Room, with ${world.users.therapist.name} (therapist), ${world.users.nurse.name} (monitor)`,
    );
    expect(shown.canManage).toBe(true);
  });

  it("lets the care team read it, but not a clinician off the team, an admin or another clinic", async () => {
    const dose = await session("dosing", 2);
    for (const role of ["therapist", "nurse", "prescriber"] as const) {
      const { status, page: shown } = await page(dose.id, world.users[role].id);
      expect(status).toBe(200);
      expect(shown.canManage).toBe(false);
    }
    const outsider = await createStaff(testDb.db, world.clinic.id, ["nurse"]);
    expect((await page(dose.id, outsider.id)).status).toBe(403);
    expect((await page(dose.id, world.users.admin.id)).status).toBe(403);
    const other = await createClinicWithTeam(testDb.db);
    expect((await page(dose.id, other.users.frontdesk.id)).status).toBe(404);
    expect((await page("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("refuses every change by clinicians and admins with 403", async () => {
    const dose = await session("dosing", 2);
    for (const role of ["therapist", "nurse", "prescriber", "admin"] as const) {
      const response = await post(dose.id, { intent: "cancel", version: "1", reason: "x" }, world.users[role].id);
      expect(response.status).toBe(403);
    }
    expect((await current(dose.id)).version).toBe(1);
  });
});

describe("changing an appointment from its page", () => {
  it("reschedules with a reason, keeping the length, and records from → to", async () => {
    const dose = await session("dosing", 4);
    const later = new Date(dose.startsAt.getTime() + 3_600_000);
    const form = { intent: "reschedule", version: "1", date: local(later, "yyyy-MM-dd"), time: local(later, "HH:mm") };
    const missing = await post(dose.id, form);
    expect(missing.status).toBe(400);
    expect(missing.reply.result.error?.reason).toBeDefined();
    const done = await post(dose.id, { ...form, reason: "Escort can only drive later" });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/appointments/${dose.id}?saved=reschedule`);
    const moved = await current(dose.id);
    expect(moved).toMatchObject({ startsAt: later, endsAt: new Date(dose.endsAt.getTime() + 3_600_000), version: 2 });
    expect(await lastHistory(dose.id)).toMatchObject({
      action: "Rescheduled",
      actor: world.users.frontdesk.name,
      reason: "Escort can only drive later",
      change: `${local(dose.startsAt, "EEE d MMM yyyy, HH:mm")}–${local(dose.endsAt, "HH:mm")} → ${local(later, "EEE d MMM yyyy, HH:mm")}–${local(moved.endsAt, "HH:mm")}`,
    });
  });

  it("answers 409 to a stale version and changes nothing", async () => {
    const dose = await session("dosing", 5);
    expect(
      (
        await post(dose.id, {
          intent: "room",
          version: "1",
          roomId: world.rooms.consult,
          reason: "Cedar is being painted",
        })
      ).status,
    ).toBe(302);
    const stale = await post(dose.id, {
      intent: "room",
      version: "1",
      roomId: world.rooms.willow,
      reason: "second thoughts",
    });
    expect(stale.status).toBe(409);
    expect(stale.reply.result.error?.[""]).toEqual([
      "Someone changed this appointment while you were looking at it. Reload to see the change, then try again.",
    ]);
    expect(await current(dose.id)).toMatchObject({ roomId: world.rooms.consult, version: 2 });
    expect(await lastHistory(dose.id)).toMatchObject({
      action: "Room changed",
      change: "Cedar Room → Consult Room 1",
      reason: "Cedar is being painted",
    });
  });

  it("answers 409 with a sentence when the new room or time is booked, and changes nothing", async () => {
    const dose = await session("dosing", 6);
    const other = await createPatient(testDb.db, world.clinic.id);
    const booked = await bookAppointments(
      testDb.db,
      { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
      {
        clinicId: world.clinic.id,
        timeZone: TZ,
        patientId: other.id,
        slots: [
          {
            kind: "integration",
            start: dose.startsAt,
            end: new Date(dose.startsAt.getTime() + 3_600_000),
            roomId: world.rooms.willow,
            staff: [],
          },
        ],
      },
    );
    expect(booked.ok).toBe(true);
    const response = await post(dose.id, {
      intent: "room",
      version: "1",
      roomId: world.rooms.willow,
      reason: "bigger room",
    });
    expect(response.status).toBe(409);
    expect(response.reply.result.error?.[""]?.[0]).toContain(
      `Willow Room is already booked ${local(dose.startsAt, "HH:mm")}`,
    );
    expect(await current(dose.id)).toMatchObject({ roomId: dose.roomId, version: 1 });
  });

  it("warns when a reschedule breaks the series' rules, and goes ahead only when confirmed", async () => {
    const first = await session("dosing", 1);
    const dose = await session("dosing", 2);
    // The day after dose 1: doses must be at least 2 days apart.
    const target = new Date(first.startsAt.getTime() + 24 * 3_600_000);
    const form = {
      intent: "reschedule",
      version: "1",
      date: local(target, "yyyy-MM-dd"),
      time: local(dose.startsAt, "HH:mm"),
      reason: "Patient travels next week",
    };
    const warned = await post(dose.id, form);
    expect(warned.status).toBe(400);
    expect(warned.reply.warnings.some((warning) => warning.includes("doses must be at least 2 days apart"))).toBe(true);
    expect((await current(dose.id)).version).toBe(1);
    const confirmed = await post(dose.id, { ...form, confirm: "on", confirmed: warned.reply.warnings });
    expect(confirmed.status).toBe(302);
    const entry = await lastHistory(dose.id);
    expect(entry).toMatchObject({
      action: "Rescheduled",
      reason: "Patient travels next week",
      overriddenRules: warned.reply.warnings,
    });
  });

  it("changes a clinician, refusing someone who is already on the session or lacks the role", async () => {
    const dose = await session("dosing", 3);
    const nurse2 = await createStaff(testDb.db, world.clinic.id, ["nurse"], { name: "Second Nurse" });
    const twice = await post(dose.id, {
      intent: "clinician",
      version: "1",
      role: "monitor",
      userId: world.users.therapist.id,
      reason: "cover",
    });
    expect(twice.status).toBe(400);
    expect(twice.reply.result.error?.userId?.[0]).toContain("already on this session as therapist");
    const therapist2 = await createStaff(testDb.db, world.clinic.id, ["therapist"]);
    const unqualified = await post(dose.id, {
      intent: "clinician",
      version: "1",
      role: "monitor",
      userId: therapist2.id,
      reason: "cover",
    });
    expect(unqualified.status).toBe(400);
    expect(unqualified.reply.result.error?.[""]).toEqual(["Choose an active prescriber or nurse of this clinic."]);
    const done = await post(dose.id, {
      intent: "clinician",
      version: "1",
      role: "monitor",
      userId: nurse2.id,
      reason: "Nurse on leave",
    });
    expect(done.status).toBe(302);
    expect(await lastHistory(dose.id)).toMatchObject({
      action: "Clinician changed",
      change: `Monitor: ${world.users.nurse.name} → Second Nurse`,
      reason: "Nurse on leave",
    });
  });

  it("checks in, marks a no-show and cancels (with a reason), each in the history", async () => {
    const integration = await session("integration", 1);
    expect((await post(integration.id, { intent: "check-in", version: "1" })).status).toBe(302);
    expect(await lastHistory(integration.id)).toMatchObject({
      action: "Status changed",
      change: "Scheduled → Checked in",
      reason: "",
    });
    const checkpoint = await session("checkpoint", 2);
    expect((await page(checkpoint.id)).page.appointment.title).toBe("Prescriber checkpoint after dose 2");
    expect((await post(checkpoint.id, { intent: "no-show", version: "1", reason: "No answer by phone" })).status).toBe(
      302,
    );
    expect(await lastHistory(checkpoint.id)).toMatchObject({
      action: "Marked as no-show",
      change: "Scheduled → No-show",
      reason: "No answer by phone",
    });
    const preparation = await session("preparation", null);
    const noReason = await post(preparation.id, { intent: "cancel", version: "1" });
    expect(noReason.status).toBe(400);
    expect(noReason.reply.result.error?.reason).toBeDefined();
    expect((await post(preparation.id, { intent: "cancel", version: "1", reason: "Patient is ill" })).status).toBe(302);
    expect(await lastHistory(preparation.id)).toMatchObject({
      action: "Cancelled",
      change: "Scheduled → Cancelled",
      reason: "Patient is ill",
    });
    // A cancelled session cannot be checked in; an unknown form is a 400.
    expect((await post(preparation.id, { intent: "check-in", version: "2" })).status).toBe(400);
    expect((await post(preparation.id, { intent: "teleport", version: "2" })).status).toBe(400);
    const events = await testDb.db
      .select()
      .from(appointmentEvent)
      .where(eq(appointmentEvent.appointmentId, preparation.id));
    expect(events.map((event) => event.action)).toEqual(["booked", "cancelled"]);
  });
});
