import { eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client";
import {
  administration,
  adverseEvent,
  appointment,
  dosingSession,
  measureResponse,
  mentalStatusCheck,
  note,
  noteAddendum,
  observation,
  signOff,
  staffUser,
  vitalsEntry,
} from "#db/schema";
import { createClinicWithTeam, createPatient } from "#test/fixtures";
import { writeAllPrerequisites, type BookedSeries } from "#app/clinical/session-testing";
import { bookAppointments } from "#app/scheduling/booking.server";

// A six-dose course with full records, written straight into the tables (as session-testing does).
// Invented people only, with the names every export must print: Zoë Nguyễn, Łukasz Żółć, Ñuñez.

export type ExportWorld = Awaited<ReturnType<typeof createClinicWithTeam>> & {
  booked: BookedSeries;
  dosingSessionIds: string[];
  starts: Date[];
  notes: { lastSentences: string[]; psychotherapy: string; draftId: string; scriptNoteId: string };
};

export const DOSE_STARTS = [5, 8, 12, 15, 19, 22].map((day) => new Date(Date.UTC(2030, 2, day, 17, 0)));
export const PHQ9_TOTALS = [18, 15, 12, 9, 7, 5];
export const SCRIPT_TEXT =
  'She wrote <script>alert("x")</script> and <img src=http://tracker.example/pixel.png> in her journal.';
export const PSYCHOTHERAPY_TEXT = "PSYCHOTHERAPY-ONLY: transference and the therapist's own reactions.";

const minutes = (start: Date, count: number): Date => new Date(start.getTime() + count * 60_000);

/** Nine PHQ-9 answers (0–3) that add up to `total`. */
function phq9Items(total: number): number[] {
  const items = Array.from({ length: 9 }, (_unused, index) => Math.min(3, Math.max(0, total - index * 3)));
  return items;
}

function phq9Band(total: number): string {
  return total >= 20
    ? "severe"
    : total >= 15
      ? "moderately severe"
      : total >= 10
        ? "moderate"
        : total >= 5
          ? "mild"
          : "minimal";
}

export async function createExportWorld(db: Db): Promise<ExportWorld> {
  const world = await createClinicWithTeam(db);
  const { users } = world;
  await db
    .update(staffUser)
    .set({ name: "Inés Ñuñez", credentials: "MD" })
    .where(eq(staffUser.id, users.prescriber.id));
  await db.update(staffUser).set({ name: "Łukasz Żółć", credentials: "RN" }).where(eq(staffUser.id, users.nurse.id));
  await db
    .update(staffUser)
    .set({ name: "Rowan Ellery", credentials: "LMFT" })
    .where(eq(staffUser.id, users.therapist.id));
  const person = await createPatient(
    db,
    world.clinic.id,
    [
      { userId: users.prescriber.id, role: "prescriber" },
      { userId: users.therapist.id, role: "therapist" },
      { userId: users.nurse.id, role: "nurse" },
    ],
    {
      firstName: "Zoë",
      lastName: "Nguyễn",
      dateOfBirth: "1984-07-09",
      pronouns: "she/her",
      phone: "(415) 555-0142",
      escortName: "Ñuñez Robledo",
      escortRelationship: "partner",
    },
  );
  const result = await bookAppointments(
    db,
    { id: users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: world.clinic.id,
      timeZone: world.clinic.timeZone,
      patientId: person.id,
      series: { templateId: null, rules: {}, prescriberId: users.prescriber.id, therapistId: users.therapist.id },
      slots: DOSE_STARTS.map((start, index) => ({
        kind: "dosing" as const,
        doseNumber: index + 1,
        start,
        end: minutes(start, 180),
        roomId: null,
        staff: [],
      })),
    },
  );
  if (!result.ok || !result.seriesId) {
    throw new Error("could not book the export world's series");
  }
  const booked: BookedSeries = {
    seriesId: result.seriesId,
    patientId: person.id,
    appointmentIds: result.appointmentIds,
  };
  await writeAllPrerequisites(db, world, booked);
  await db.update(appointment).set({ status: "completed" }).where(inArray(appointment.id, booked.appointmentIds));

  const common = { clinicId: world.clinic.id, recordedBy: users.nurse.id };
  const dosingSessionIds: string[] = [];
  for (const [index, start] of DOSE_STARTS.entries()) {
    const dose = index + 1;
    const [session] = await db
      .insert(dosingSession)
      .values({
        clinicId: world.clinic.id,
        appointmentId: booked.appointmentIds[index]!,
        seriesId: booked.seriesId,
        patientId: person.id,
        checkedInAt: start,
        openedBy: users.nurse.id,
        dischargedAt: minutes(start, 140),
        dischargedBy: users.nurse.id,
        dischargeCriteria: {
          vitalsNearBaseline: true,
          oriented: true,
          walksSteadily: true,
          escortPresent: true,
          toldNotToDrive: true,
        },
        dischargeEscortName: "Ñuñez Robledo",
      })
      .returning({ id: dosingSession.id });
    const dosingSessionId = session!.id;
    dosingSessionIds.push(dosingSessionId);
    const entry = { ...common, dosingSessionId };
    await db.insert(administration).values({
      ...entry,
      at: minutes(start, 10),
      drug: "ketamine",
      route: "IM",
      doseMg: "50.00",
      lotNumber: `KET-LOT-${dose}`,
      givenBy: users.nurse.id,
    });
    await db.insert(vitalsEntry).values([
      { ...entry, at: minutes(start, 5), systolic: 124, diastolic: 78, heartRate: 72, spo2: 98, respiratoryRate: 14 },
      {
        ...entry,
        at: minutes(start, 30),
        systolic: 170,
        diastolic: 105,
        heartRate: 96,
        spo2: 96,
        respiratoryRate: 16,
        alerts: ["Blood pressure 170/105 is above 160/100."],
      },
    ]);
    if (dose === 3) {
      await db.insert(vitalsEntry).values({
        ...entry,
        at: minutes(start, 45),
        systolic: 220,
        diastolic: 60,
        heartRate: 70,
        spo2: 97,
        respiratoryRate: 14,
        enteredInErrorAt: minutes(start, 50),
        enteredInErrorBy: users.nurse.id,
        enteredInErrorReason: "Cuff slipped; re-measured.",
      });
      await db.insert(adverseEvent).values({
        ...entry,
        at: minutes(start, 60),
        kind: "nausea",
        severity: "mild",
        actionTaken: "Ondansetron 4 mg",
        resolved: true,
      });
    }
    await db
      .insert(mentalStatusCheck)
      .values({ ...entry, at: minutes(start, 40), moaas: 4, cadssItems: [1, 1, 1, 0, 1, 1], cadssTotal: 5 });
    await db
      .insert(observation)
      .values({ ...entry, at: minutes(start, 50), text: `Dose ${dose}: resting, eyes closed, music on.` });
    if (dose < 6) {
      await db.insert(signOff).values({
        clinicId: world.clinic.id,
        dosingSessionId,
        prescriberId: users.prescriber.id,
        attestation: "Reviewed the session record.",
        signedAt: minutes(start, 240),
      });
    }
    await db.insert(measureResponse).values({
      clinicId: world.clinic.id,
      patientId: person.id,
      seriesId: booked.seriesId,
      appointmentId: booked.appointmentIds[index]!,
      instrument: "phq9",
      context: "pre_dose",
      items: phq9Items(PHQ9_TOTALS[index]!),
      total: PHQ9_TOTALS[index]!,
      severity: phq9Band(PHQ9_TOTALS[index]!),
      completedAt: minutes(start, -20),
      recordedBy: users.therapist.id,
    });
  }

  const longParagraph =
    "We went back over the session: the images of water, the sense of distance from old self-criticism, and what she wants to try differently at home this week.";
  const lastSentences: string[] = [];
  const noteIds: string[] = [];
  for (const [index, start] of DOSE_STARTS.entries()) {
    const last = `Last sentence of integration note ${index + 1} for Zoë.`;
    lastSentences.push(last);
    const body = `${Array.from({ length: 14 }, () => longParagraph).join("\n\n")}${index === 0 ? `\n\n${SCRIPT_TEXT}` : ""}\n\n${last}`;
    const [row] = await db
      .insert(note)
      .values({
        clinicId: world.clinic.id,
        patientId: person.id,
        seriesId: booked.seriesId,
        appointmentId: booked.appointmentIds[index]!,
        kind: "integration",
        authorId: users.therapist.id,
        fields: { plan: "Continue the course." },
        body,
        signedAt: minutes(start, 200),
        createdAt: minutes(start, 190),
        updatedAt: minutes(start, 200),
      })
      .returning({ id: note.id });
    noteIds.push(row!.id);
  }
  await db.insert(noteAddendum).values({
    clinicId: world.clinic.id,
    noteId: noteIds[1]!,
    authorId: users.therapist.id,
    reason: "Corrected the day of the next session.",
    body: "The next session is on Tuesday.",
  });
  const [draft] = await db
    .insert(note)
    .values({
      clinicId: world.clinic.id,
      patientId: person.id,
      seriesId: booked.seriesId,
      kind: "medical",
      authorId: users.prescriber.id,
      fields: { assessment: "Tolerating the course well." },
      body: "Draft medical note, not signed yet.",
    })
    .returning({ id: note.id });
  await db.insert(note).values({
    clinicId: world.clinic.id,
    patientId: person.id,
    seriesId: booked.seriesId,
    appointmentId: booked.appointmentIds[2]!,
    kind: "psychotherapy",
    authorId: users.therapist.id,
    body: PSYCHOTHERAPY_TEXT,
    signedAt: minutes(DOSE_STARTS[2]!, 210),
  });

  return {
    ...world,
    patient: person,
    booked,
    dosingSessionIds,
    starts: DOSE_STARTS,
    notes: { lastSentences, psychotherapy: PSYCHOTHERAPY_TEXT, draftId: draft!.id, scriptNoteId: noteIds[0]! },
  };
}
