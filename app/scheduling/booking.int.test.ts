import { asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointment, appointmentEvent, appointmentStaff, auditEntry, series } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createRoom } from "#test/fixtures";
import type { SlotToBook } from "./booking-types";
import { bookAppointments } from "./booking.server";
import { cancelRemaining } from "./changes.server";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let roomId: string;
let actor: { id: string; clinicId: string; ip: string };

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  roomId = (await createRoom(testDb.db, world.clinic.id, "Cedar Room")).id;
  actor = { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" };
});

function dosing(day: number, doseNumber: number, overrides: Partial<SlotToBook> = {}): SlotToBook {
  const start = new Date(Date.UTC(2026, 4, day, 17, 0));
  return {
    kind: "dosing",
    doseNumber,
    start,
    end: new Date(start.getTime() + 3 * 3_600_000),
    roomId,
    staff: [
      { userId: world.users.therapist.id, role: "therapist" },
      { userId: world.users.nurse.id, role: "monitor" },
    ],
    ...overrides,
  };
}

async function counts() {
  const [a] = await testDb.db.select({ n: count() }).from(appointment);
  const [s] = await testDb.db.select({ n: count() }).from(series);
  const [st] = await testDb.db.select({ n: count() }).from(appointmentStaff);
  const [e] = await testDb.db.select({ n: count() }).from(appointmentEvent);
  return [a?.n, s?.n, st?.n, e?.n];
}

describe("booking", () => {
  it("books a whole series with its clinicians, history and audit entry", async () => {
    const result = await bookAppointments(testDb.db, actor, {
      clinicId: world.clinic.id,
      timeZone: "America/Los_Angeles",
      patientId: world.patient.id,
      series: {
        templateId: null,
        rules: { name: "test" },
        prescriberId: world.users.prescriber.id,
        therapistId: world.users.therapist.id,
      },
      slots: [dosing(5, 1), dosing(8, 2), dosing(12, 3)],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    const rows = await testDb.db
      .select()
      .from(appointment)
      .where(eq(appointment.seriesId, result.seriesId!))
      .orderBy(appointment.startsAt);
    expect(rows.map((row) => [row.sequence, row.doseNumber, row.status])).toEqual([
      [1, 1, "scheduled"],
      [2, 2, "scheduled"],
      [3, 3, "scheduled"],
    ]);
    const [created] = await testDb.db.select().from(series).where(eq(series.id, result.seriesId!));
    expect(created).toMatchObject({ plannedStart: "2026-05-05", plannedEnd: "2026-05-12", status: "planned" });
    const events = await testDb.db
      .select()
      .from(appointmentEvent)
      .where(eq(appointmentEvent.appointmentId, rows[0]!.id));
    expect(events.map((event) => [event.action, event.actorId])).toEqual([["booked", actor.id]]);
    const entries = await testDb.db.select().from(auditEntry).where(eq(auditEntry.entityId, result.seriesId!));
    expect(entries.map((entry) => [entry.action, entry.patientId])).toEqual([["book:series", world.patient.id]]);
  });

  it("refuses the whole series when one slot is taken, says which and by whom, and writes nothing", async () => {
    const before = await counts();
    const other = await createPatient(testDb.db, world.clinic.id);
    const result = await bookAppointments(testDb.db, actor, {
      clinicId: world.clinic.id,
      timeZone: "America/Los_Angeles",
      patientId: other.id,
      series: {
        templateId: null,
        rules: {},
        prescriberId: world.users.prescriber.id,
        therapistId: world.users.therapist.id,
      },
      slots: [
        dosing(20, 1),
        dosing(8, 2, { start: new Date(Date.UTC(2026, 4, 8, 18, 0)), end: new Date(Date.UTC(2026, 4, 8, 21, 0)) }),
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) {
      return;
    }
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]?.message).toBe(
      `Fri, May 8, 11:00–14:00 (dosing session 2) is taken: ${world.users.therapist.name} is already booked 10:00–13:00; ${world.users.nurse.name} is already booked 10:00–13:00; Cedar Room is already booked 10:00–13:00.`,
    );
    expect(await counts()).toEqual(before);
  });

  it("refuses two slots of one request that overlap each other", async () => {
    const other = await createPatient(testDb.db, world.clinic.id);
    const result = await bookAppointments(testDb.db, actor, {
      clinicId: world.clinic.id,
      timeZone: "America/Los_Angeles",
      patientId: other.id,
      slots: [
        dosing(25, 1, { roomId: null, staff: [] }),
        dosing(25, 2, {
          roomId: null,
          staff: [],
          start: new Date(Date.UTC(2026, 4, 25, 18, 0)),
          end: new Date(Date.UTC(2026, 4, 25, 19, 0)),
        }),
      ],
    });
    expect(result.ok).toBe(false);
  });

  describe("into an existing series", () => {
    async function newSeries(patientId: string, day: number) {
      const result = await bookAppointments(testDb.db, actor, {
        clinicId: world.clinic.id,
        timeZone: "America/Los_Angeles",
        patientId,
        series: {
          templateId: null,
          rules: { name: "test" },
          prescriberId: world.users.prescriber.id,
          therapistId: world.users.therapist.id,
        },
        slots: [dosing(day, 1, { roomId: null, staff: [] }), dosing(day + 3, 2, { roomId: null, staff: [] })],
      });
      if (!result.ok || !result.seriesId) {
        throw new Error("setup booking failed");
      }
      return result.seriesId;
    }

    it("adds the slots to the series, numbering them after its sessions and widening its window", async () => {
      const other = await createPatient(testDb.db, world.clinic.id);
      const seriesId = await newSeries(other.id, 1);
      const result = await bookAppointments(testDb.db, actor, {
        clinicId: world.clinic.id,
        timeZone: "America/Los_Angeles",
        patientId: other.id,
        seriesId,
        slots: [dosing(28, 2, { roomId: null, staff: [] })],
        overriddenRules: ["a rule"],
      });
      expect(result).toMatchObject({ ok: true, seriesId });
      const rows = await testDb.db
        .select()
        .from(appointment)
        .where(eq(appointment.seriesId, seriesId))
        .orderBy(asc(appointment.startsAt));
      expect(rows.map((row) => [row.sequence, row.doseNumber])).toEqual([
        [1, 1],
        [2, 2],
        [3, 2],
      ]);
      const [extended] = await testDb.db.select().from(series).where(eq(series.id, seriesId));
      expect(extended).toMatchObject({ plannedStart: "2026-05-01", plannedEnd: "2026-05-28" });
      expect((await testDb.db.select({ n: count() }).from(series).where(eq(series.patientId, other.id)))[0]?.n).toBe(1);
      const [entry] = await testDb.db
        .select()
        .from(auditEntry)
        .where(eq(auditEntry.entityId, seriesId))
        .orderBy(asc(auditEntry.id))
        .offset(1);
      expect(entry).toMatchObject({
        action: "book:series",
        patientId: other.id,
        detail: { appointments: 1, overriddenRules: ["a rule"], addedToSeries: true },
      });
    });

    it("refuses a discontinued series, another patient's series and both kinds at once, writing nothing", async () => {
      const other = await createPatient(testDb.db, world.clinic.id);
      const seriesId = await newSeries(other.id, 2);
      const stranger = await createPatient(testDb.db, world.clinic.id);
      const before = await counts();
      const theirs = await bookAppointments(testDb.db, actor, {
        clinicId: world.clinic.id,
        timeZone: "America/Los_Angeles",
        patientId: stranger.id,
        seriesId,
        slots: [dosing(29, 3, { roomId: null, staff: [] })],
      });
      expect(theirs).toMatchObject({
        ok: false,
        conflicts: [{ message: "This series does not exist for this patient any more." }],
      });
      await cancelRemaining(testDb.db, actor, { clinicId: world.clinic.id, seriesId, reason: "stopped" });
      const after = await counts();
      const discontinued = await bookAppointments(testDb.db, actor, {
        clinicId: world.clinic.id,
        timeZone: "America/Los_Angeles",
        patientId: other.id,
        seriesId,
        slots: [dosing(29, 3, { roomId: null, staff: [] })],
      });
      expect(discontinued.ok).toBe(false);
      expect(discontinued.ok ? "" : discontinued.conflicts[0]?.message).toMatch(/discontinued/u);
      expect(await counts()).toEqual(after);
      expect(after[0]).toBe(before[0]);
      await expect(
        bookAppointments(testDb.db, actor, {
          clinicId: world.clinic.id,
          timeZone: "America/Los_Angeles",
          patientId: other.id,
          seriesId,
          series: {
            templateId: null,
            rules: {},
            prescriberId: world.users.prescriber.id,
            therapistId: world.users.therapist.id,
          },
          slots: [dosing(29, 3, { roomId: null, staff: [] })],
        }),
      ).rejects.toThrow(/not both/u);
    });
  });
});
