import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointment, appointmentStaff } from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createRoom } from "#test/fixtures";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let roomId: string;
let otherPatientId: string;

const at = (iso: string): Date => new Date(iso);

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  roomId = (await createRoom(testDb.db, world.clinic.id)).id;
  otherPatientId = (await createPatient(testDb.db, world.clinic.id)).id;
});

async function book(values: {
  patientId: string;
  start: string;
  end: string;
  roomId?: string | null;
  staff?: string[];
}): Promise<string> {
  const [row] = await testDb.db
    .insert(appointment)
    .values({
      clinicId: world.clinic.id,
      patientId: values.patientId,
      kind: "dosing",
      startsAt: at(values.start),
      endsAt: at(values.end),
      roomId: values.roomId ?? null,
    })
    .returning({ id: appointment.id });
  for (const userId of values.staff ?? []) {
    await testDb.db.insert(appointmentStaff).values({
      appointmentId: row!.id,
      userId,
      clinicId: world.clinic.id,
      role: "therapist",
      startsAt: at(values.start),
      endsAt: at(values.end),
    });
  }
  return row!.id;
}

describe("the database refuses double bookings", () => {
  it("of a room, a patient or a clinician, even by direct SQL", async () => {
    await book({
      patientId: world.patient.id,
      start: "2026-04-06T17:00:00Z",
      end: "2026-04-06T20:00:00Z",
      roomId,
      staff: [world.users.therapist.id],
    });
    expect(
      await databaseRefusal(
        book({ patientId: otherPatientId, start: "2026-04-06T19:00:00Z", end: "2026-04-06T21:00:00Z", roomId }),
      ),
    ).toMatch(/appointment_room_no_overlap/u);
    expect(
      await databaseRefusal(
        book({ patientId: world.patient.id, start: "2026-04-06T19:30:00Z", end: "2026-04-06T20:30:00Z" }),
      ),
    ).toMatch(/appointment_patient_no_overlap/u);
    expect(
      await databaseRefusal(
        book({
          patientId: otherPatientId,
          start: "2026-04-06T16:00:00Z",
          end: "2026-04-06T17:30:00Z",
          staff: [world.users.therapist.id],
        }),
      ),
    ).toMatch(/appointment_staff_no_overlap/u);
    expect(
      await databaseRefusal(
        testDb.db.execute(
          sql`insert into appointment (clinic_id, patient_id, kind, starts_at, ends_at, room_id) values (${world.clinic.id}, ${otherPatientId}, 'integration', '2026-04-06T18:00:00Z', '2026-04-06T18:30:00Z', ${roomId})`,
        ),
      ),
    ).toMatch(/appointment_room_no_overlap/u);
  });

  it("allows back-to-back bookings: ranges are half-open", async () => {
    await book({
      patientId: otherPatientId,
      start: "2026-04-07T17:00:00Z",
      end: "2026-04-07T18:00:00Z",
      roomId,
      staff: [world.users.nurse.id],
    });
    await expect(
      book({
        patientId: world.patient.id,
        start: "2026-04-07T18:00:00Z",
        end: "2026-04-07T19:00:00Z",
        roomId,
        staff: [world.users.nurse.id],
      }),
    ).resolves.toBeTypeOf("string");
  });

  it("frees the slot when an appointment is cancelled, and refuses to un-cancel into a conflict", async () => {
    const first = await book({
      patientId: world.patient.id,
      start: "2026-04-08T17:00:00Z",
      end: "2026-04-08T20:00:00Z",
      roomId,
      staff: [world.users.prescriber.id],
    });
    await testDb.db.execute(sql`update appointment set status = 'cancelled' where id = ${first}`);
    await book({
      patientId: otherPatientId,
      start: "2026-04-08T18:00:00Z",
      end: "2026-04-08T19:00:00Z",
      roomId,
      staff: [world.users.prescriber.id],
    });
    expect(
      await databaseRefusal(testDb.db.execute(sql`update appointment set status = 'scheduled' where id = ${first}`)),
    ).toMatch(/no_overlap/u);
  });

  it("moves a clinician's booked time with the appointment, so a move into a conflict is refused", async () => {
    await book({
      patientId: otherPatientId,
      start: "2026-04-09T17:00:00Z",
      end: "2026-04-09T18:00:00Z",
      staff: [world.users.therapist.id],
    });
    const later = await book({
      patientId: world.patient.id,
      start: "2026-04-09T19:00:00Z",
      end: "2026-04-09T20:00:00Z",
      staff: [world.users.therapist.id],
    });
    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update appointment set starts_at = '2026-04-09T17:30:00Z' where id = ${later}`),
      ),
    ).toMatch(/appointment_staff_no_overlap/u);
    await testDb.db.execute(
      sql`update appointment_staff set starts_at = '2000-01-01', ends_at = '2000-01-02' where appointment_id = ${later}`,
    );
    const [row] = await testDb.db
      .select({ startsAt: appointmentStaff.startsAt, endsAt: appointmentStaff.endsAt })
      .from(appointmentStaff)
      .where(eq(appointmentStaff.appointmentId, later));
    expect(row).toEqual({ startsAt: at("2026-04-09T19:00:00Z"), endsAt: at("2026-04-09T20:00:00Z") });
  });

  it("refuses deleting appointments and rewriting their history", async () => {
    const id = await book({ patientId: otherPatientId, start: "2026-04-10T17:00:00Z", end: "2026-04-10T18:00:00Z" });
    expect(await databaseRefusal(testDb.db.execute(sql`delete from appointment where id = ${id}`))).toMatch(
      /never deleted/u,
    );
    await testDb.db.execute(
      sql`insert into appointment_event (clinic_id, appointment_id, action) values (${world.clinic.id}, ${id}, 'booked')`,
    );
    expect(await databaseRefusal(testDb.db.execute(sql`update appointment_event set action = 'x'`))).toMatch(
      /append-only/u,
    );
    expect(await databaseRefusal(testDb.db.execute(sql`delete from appointment_event`))).toMatch(/append-only/u);
  });

  it("refuses an appointment that ends before it starts", async () => {
    expect(
      await databaseRefusal(
        book({ patientId: otherPatientId, start: "2026-04-11T18:00:00Z", end: "2026-04-11T17:00:00Z" }),
      ),
    ).toMatch(/appointment_time_order_check/u);
  });
});
