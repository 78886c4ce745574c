import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  consent,
  consentForm,
  doseOrder,
  dosingSession,
  measureResponse,
  note,
  noteAddendum,
  screening,
  signOff,
  vitalsEntry,
} from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createRoom } from "#test/fixtures";
import { bookAppointments } from "#app/scheduling/booking.server";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let seriesId: string;
let appointmentId: string;
let sessionId: string;

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  const roomId = (await createRoom(testDb.db, world.clinic.id)).id;
  const booked = await bookAppointments(
    testDb.db,
    { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: world.clinic.id,
      timeZone: "America/Los_Angeles",
      patientId: world.patient.id,
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
          start: new Date("2026-08-03T17:00:00Z"),
          end: new Date("2026-08-03T20:00:00Z"),
          roomId,
          staff: [{ userId: world.users.therapist.id, role: "therapist" }],
        },
      ],
    },
  );
  if (!booked.ok) {
    throw new Error("setup booking failed");
  }
  seriesId = booked.seriesId!;
  appointmentId = booked.appointmentIds[0]!;
  const [opened] = await testDb.db
    .insert(dosingSession)
    .values({
      clinicId: world.clinic.id,
      appointmentId,
      seriesId,
      patientId: world.patient.id,
      checkedInAt: new Date("2026-08-03T17:00:00Z"),
      openedBy: world.users.nurse.id,
    })
    .returning({ id: dosingSession.id });
  sessionId = opened!.id;
});

describe("the database protects the clinical record", () => {
  it("refuses any change to a signed note, and deleting notes; addenda are append-only", async () => {
    const [draft] = await testDb.db
      .insert(note)
      .values({
        clinicId: world.clinic.id,
        patientId: world.patient.id,
        seriesId,
        kind: "dosing_session",
        authorId: world.users.therapist.id,
        body: "draft",
      })
      .returning();
    await testDb.db.update(note).set({ body: "edited draft", version: 2 }).where(eq(note.id, draft!.id));
    await testDb.db.update(note).set({ signedAt: new Date() }).where(eq(note.id, draft!.id));
    expect(
      await databaseRefusal(testDb.db.execute(sql`update note set body = 'rewritten' where id = ${draft!.id}`)),
    ).toMatch(/signed and cannot be changed/u);
    expect(
      await databaseRefusal(testDb.db.execute(sql`update note set signed_at = null where id = ${draft!.id}`)),
    ).toMatch(/signed and cannot be changed/u);
    expect(await databaseRefusal(testDb.db.execute(sql`delete from note where id = ${draft!.id}`))).toMatch(
      /never deleted/u,
    );
    await testDb.db.insert(noteAddendum).values({
      clinicId: world.clinic.id,
      noteId: draft!.id,
      authorId: world.users.therapist.id,
      reason: "typo",
      body: "correction",
    });
    expect(await databaseRefusal(testDb.db.execute(sql`update note_addendum set body = 'x'`))).toMatch(/append-only/u);
    const [row] = await testDb.db.select().from(note).where(eq(note.id, draft!.id));
    expect(row?.body).toBe("edited draft");
  });

  it("refuses any change to a sign-off", async () => {
    await testDb.db.insert(signOff).values({
      clinicId: world.clinic.id,
      dosingSessionId: sessionId,
      prescriberId: world.users.prescriber.id,
      attestation: "Reviewed.",
    });
    expect(await databaseRefusal(testDb.db.execute(sql`update sign_off set attestation = 'changed'`))).toMatch(
      /append-only/u,
    );
    expect(await databaseRefusal(testDb.db.execute(sql`delete from sign_off`))).toMatch(/append-only/u);
    expect(await databaseRefusal(testDb.db.execute(sql`truncate sign_off`))).toMatch(/append-only/u);
  });

  it("locks a signed screening and keeps consents append-only", async () => {
    const [draft] = await testDb.db
      .insert(screening)
      .values({
        clinicId: world.clinic.id,
        seriesId,
        patientId: world.patient.id,
        createdBy: world.users.prescriber.id,
      })
      .returning();
    await testDb.db
      .update(screening)
      .set({ cleared: true, signedAt: new Date(), signedBy: world.users.prescriber.id })
      .where(eq(screening.id, draft!.id));
    expect(
      await databaseRefusal(testDb.db.execute(sql`update screening set cleared = false where id = ${draft!.id}`)),
    ).toMatch(/signed and cannot be changed/u);
    const [form] = await testDb.db
      .insert(consentForm)
      .values({ clinicId: world.clinic.id, version: "v1", body: "text" })
      .returning();
    await testDb.db.insert(consent).values({
      clinicId: world.clinic.id,
      seriesId,
      patientId: world.patient.id,
      consentFormId: form!.id,
      patientSignature: "Test Patient",
      signedOn: "2026-08-01",
      witnessName: "W",
      escortName: "E",
      escortPhone: "1",
      transportPlan: "driven home",
      recordedBy: world.users.nurse.id,
    });
    expect(await databaseRefusal(testDb.db.execute(sql`update consent set withdrawn = true`))).toMatch(/append-only/u);
  });

  it("allows a session entry only to be marked entered in error, once, with a reason", async () => {
    const [entry] = await testDb.db
      .insert(vitalsEntry)
      .values({
        clinicId: world.clinic.id,
        dosingSessionId: sessionId,
        at: new Date("2026-08-03T17:15:00Z"),
        recordedBy: world.users.nurse.id,
        systolic: 130,
        diastolic: 80,
      })
      .returning();
    expect(
      await databaseRefusal(testDb.db.execute(sql`update vitals_entry set systolic = 120 where id = ${entry!.id}`)),
    ).toMatch(/never edited/u);
    expect(
      await databaseRefusal(
        testDb.db.execute(
          sql`update vitals_entry set entered_in_error_at = now(), entered_in_error_by = ${world.users.nurse.id} where id = ${entry!.id}`,
        ),
      ),
    ).toMatch(/never edited/u);
    await testDb.db.execute(
      sql`update vitals_entry set entered_in_error_at = now(), entered_in_error_by = ${world.users.nurse.id}, entered_in_error_reason = 'wrong patient' where id = ${entry!.id}`,
    );
    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update vitals_entry set entered_in_error_reason = 'again' where id = ${entry!.id}`),
      ),
    ).toMatch(/never edited/u);
    expect(await databaseRefusal(testDb.db.execute(sql`delete from vitals_entry`))).toMatch(/never deleted/u);
  });

  it("refuses values outside physical range", async () => {
    const values = {
      clinicId: world.clinic.id,
      dosingSessionId: sessionId,
      at: new Date(),
      recordedBy: world.users.nurse.id,
    };
    for (const bad of [{ systolic: 400, diastolic: 80 }, { spo2: 120 }, { systolic: 80, diastolic: 120 }, {}]) {
      expect(await databaseRefusal(testDb.db.insert(vitalsEntry).values({ ...values, ...bad }))).toMatch(
        /vitals_physical_range_check/u,
      );
    }
    const measure = {
      clinicId: world.clinic.id,
      patientId: world.patient.id,
      context: "baseline" as const,
      items: [],
      severity: "",
      completedAt: new Date(),
      recordedBy: world.users.therapist.id,
    };
    expect(
      await databaseRefusal(testDb.db.insert(measureResponse).values({ ...measure, instrument: "phq9", total: 28 })),
    ).toMatch(/measure_total_range_check/u);
  });

  it("allows a dose order only to be discontinued", async () => {
    const [order] = await testDb.db
      .insert(doseOrder)
      .values({
        clinicId: world.clinic.id,
        seriesId,
        patientId: world.patient.id,
        drug: "ketamine",
        route: "IM",
        doseMg: "50",
        orderedBy: world.users.prescriber.id,
      })
      .returning();
    expect(
      await databaseRefusal(testDb.db.execute(sql`update dose_order set dose_mg = 500 where id = ${order!.id}`)),
    ).toMatch(/never edited/u);
    await testDb.db.execute(
      sql`update dose_order set discontinued_at = now(), discontinued_by = ${world.users.prescriber.id}, discontinued_reason = 'changed plan' where id = ${order!.id}`,
    );
    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update dose_order set discontinued_reason = 'x' where id = ${order!.id}`),
      ),
    ).toMatch(/never edited/u);
  });

  it("closes a session at discharge", async () => {
    await testDb.db
      .update(dosingSession)
      .set({ dischargedAt: new Date("2026-08-03T19:40:00Z"), dischargedBy: world.users.nurse.id })
      .where(eq(dosingSession.id, sessionId));
    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update dosing_session set discharge_note = 'x' where id = ${sessionId}`),
      ),
    ).toMatch(/discharged and is closed/u);
  });
});
