import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { clinic, consent, consentForm, doseOrder, screening, signOff } from "#db/schema";
import type { ClinicSettings } from "#db/schema/clinic";
import { createPatient, type createClinicWithTeam } from "#test/fixtures";
import { bookAppointments } from "#app/scheduling/booking.server";

/** Test helpers for the session day: prerequisites written straight into their tables. Invented people only. */
export type SessionWorld = Awaited<ReturnType<typeof createClinicWithTeam>>;

export type BookedSeries = { seriesId: string; patientId: string; appointmentIds: string[] };

/** A new patient of the world's care team, with a series of dosing sessions at the given starts (3 h each). */
export async function bookDosingSeries(
  db: Db,
  world: SessionWorld,
  starts: Date[],
  values: { escortName?: string } = {},
): Promise<BookedSeries> {
  const { users } = world;
  const person = await createPatient(
    db,
    world.clinic.id,
    [
      { userId: users.prescriber.id, role: "prescriber" },
      { userId: users.therapist.id, role: "therapist" },
      { userId: users.nurse.id, role: "nurse" },
    ],
    { escortName: values.escortName ?? "Robin Escort" },
  );
  const booked = await bookAppointments(
    db,
    { id: users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: world.clinic.id,
      timeZone: world.clinic.timeZone,
      patientId: person.id,
      series: { templateId: null, rules: {}, prescriberId: users.prescriber.id, therapistId: users.therapist.id },
      slots: starts.map((start, index) => ({
        kind: "dosing" as const,
        doseNumber: index + 1,
        start,
        end: new Date(start.getTime() + 3 * 3_600_000),
        roomId: null,
        staff: [],
      })),
    },
  );
  if (!booked.ok || !booked.seriesId) {
    throw new Error("could not book the dosing series");
  }
  return { seriesId: booked.seriesId, patientId: person.id, appointmentIds: booked.appointmentIds };
}

export async function writeScreening(
  db: Db,
  world: SessionWorld,
  booked: BookedSeries,
  state: { signed: boolean; cleared: boolean },
): Promise<void> {
  await db.insert(screening).values({
    clinicId: world.clinic.id,
    seriesId: booked.seriesId,
    patientId: booked.patientId,
    createdBy: world.users.prescriber.id,
    baselineSystolic: 124,
    baselineDiastolic: 78,
    cleared: state.signed ? state.cleared : null,
    signedAt: state.signed ? new Date("2030-02-20T18:00:00Z") : null,
    signedBy: state.signed ? world.users.prescriber.id : null,
  });
}

export async function writeConsent(
  db: Db,
  world: SessionWorld,
  booked: BookedSeries,
  withdrawn = false,
): Promise<void> {
  // A clinic has one form per version name (unique in the database): reuse it for later consents.
  const [existing] = await db
    .select({ id: consentForm.id })
    .from(consentForm)
    .where(and(eq(consentForm.clinicId, world.clinic.id), eq(consentForm.version, "2030-01")));
  const [form] = existing
    ? [existing]
    : await db
        .insert(consentForm)
        .values({ clinicId: world.clinic.id, version: "2030-01", body: "Consent text" })
        .returning({ id: consentForm.id });
  await db.insert(consent).values({
    clinicId: world.clinic.id,
    seriesId: booked.seriesId,
    patientId: booked.patientId,
    consentFormId: form!.id,
    patientSignature: "Test Patient",
    signedOn: "2030-02-20",
    witnessName: "Wren Witness",
    escortName: "Robin Escort",
    escortPhone: "555-0100",
    transportPlan: "Driven home by the escort.",
    withdrawn,
    recordedBy: world.users.nurse.id,
    // A withdrawal is a later row than the signature it withdraws.
    recordedAt: withdrawn ? new Date("2030-02-21T18:00:00Z") : new Date("2030-02-20T18:00:00Z"),
  });
}

export async function writeDoseOrder(
  db: Db,
  world: SessionWorld,
  booked: BookedSeries,
  values: { appointmentId?: string | null; doseMg?: number } = {},
): Promise<string> {
  const [row] = await db
    .insert(doseOrder)
    .values({
      clinicId: world.clinic.id,
      seriesId: booked.seriesId,
      patientId: booked.patientId,
      appointmentId: values.appointmentId ?? null,
      drug: "ketamine",
      route: "IM",
      doseMg: (values.doseMg ?? 50).toFixed(2),
      weightKg: "70.0",
      mgPerKg: ((values.doseMg ?? 50) / 70).toFixed(3),
      orderedBy: world.users.prescriber.id,
    })
    .returning({ id: doseOrder.id });
  return row!.id;
}

/** Signed clearance (cleared), signed consent and a series-wide order of 50 mg IM. */
export async function writeAllPrerequisites(db: Db, world: SessionWorld, booked: BookedSeries): Promise<void> {
  await writeScreening(db, world, booked, { signed: true, cleared: true });
  await writeConsent(db, world, booked);
  await writeDoseOrder(db, world, booked);
}

export async function writeSignOff(db: Db, world: SessionWorld, dosingSessionId: string): Promise<void> {
  await db.insert(signOff).values({
    clinicId: world.clinic.id,
    dosingSessionId,
    prescriberId: world.users.prescriber.id,
    attestation: "Reviewed the session record.",
  });
}

export async function setClinicSettings(db: Db, clinicId: string, settings: ClinicSettings): Promise<void> {
  // Like test/fixtures' clinics, second factors stay optional unless a test says otherwise.
  await db
    .update(clinic)
    .set({ settings: { secondFactorRequirement: "optional", ...settings } })
    .where(eq(clinic.id, clinicId));
}
