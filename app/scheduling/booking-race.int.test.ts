import { and, count, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointment, appointmentStaff } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createRoom } from "#test/fixtures";
import { bookAppointments } from "./booking.server";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let roomId: string;
let patientIds: string[];

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  roomId = (await createRoom(testDb.db, world.clinic.id, "Willow Room")).id;
  patientIds = [];
  for (let i = 0; i < 20; i += 1) {
    patientIds.push((await createPatient(testDb.db, world.clinic.id)).id);
  }
});

describe("twenty concurrent requests for one slot", () => {
  // On PostgreSQL these run on separate connections at once; PGlite serialises them.
  it.each([1, 2, 3, 4, 5])("let exactly one win and tell every other which slot is taken (round %i)", async (round) => {
    const start = new Date(Date.UTC(2026, 5, round, 17, 0));
    const end = new Date(start.getTime() + 3 * 3_600_000);
    const results = await Promise.all(
      patientIds.map((patientId) =>
        bookAppointments(
          testDb.db,
          { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
          {
            clinicId: world.clinic.id,
            timeZone: "America/Los_Angeles",
            patientId,
            series: {
              templateId: null,
              rules: {},
              prescriberId: world.users.prescriber.id,
              therapistId: world.users.therapist.id,
            },
            slots: [
              {
                kind: "dosing",
                doseNumber: 1,
                start,
                end,
                roomId,
                staff: [
                  { userId: world.users.therapist.id, role: "therapist" },
                  { userId: world.users.nurse.id, role: "monitor" },
                ],
              },
              {
                kind: "integration",
                doseNumber: 1,
                start: new Date(end.getTime() + 86_400_000),
                end: new Date(end.getTime() + 90_000_000),
                roomId: null,
                staff: [],
              },
            ],
          },
        ),
      ),
    );
    const winners = results.filter((result) => result.ok);
    const losers = results.flatMap((result) => (result.ok ? [] : [result]));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const loser of losers) {
      expect(loser.conflicts[0]?.message).toMatch(/\(dosing session 1\) is taken: .*(already booked|just booked)/u);
    }
    const booked = await testDb.db
      .select({ n: count() })
      .from(appointment)
      .where(and(eq(appointment.startsAt, start), ne(appointment.status, "cancelled")));
    expect(booked[0]?.n).toBe(1);
    // Nothing partial: every losing request's integration session was rolled back with its dose.
    const integrations = await testDb.db
      .select({ n: count() })
      .from(appointment)
      .where(eq(appointment.startsAt, new Date(end.getTime() + 86_400_000)));
    expect(integrations[0]?.n).toBe(1);
    const staffRows = await testDb.db
      .select({ n: count() })
      .from(appointmentStaff)
      .where(eq(appointmentStaff.startsAt, start));
    expect(staffRows[0]?.n).toBe(2);
  });
});
