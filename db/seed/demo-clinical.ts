import { and, asc, eq, inArray } from "drizzle-orm";
import { clinicalSettings } from "#app/clinical/clinical-settings";
import { cadssTotal } from "#app/clinical/session-checks";
import { vitalAlerts } from "#app/clinical/session-vitals";
import { scoreMeasure } from "#app/measures/scoring";
import type { Db } from "#db/client";
import {
  administration,
  adverseEvent,
  appointment,
  clinic,
  consent,
  consentForm,
  doseOrder,
  dosingSession,
  measureResponse,
  mentalStatusCheck,
  note,
  noteAddendum,
  observation,
  patient,
  screening,
  series,
  signOff,
  vitalsEntry,
} from "#db/schema";
import type { Instrument } from "#db/schema/measures";
import type { NoteKind } from "#db/schema/notes";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Answers that add up to a total, spread over the items, with item 9 of the PHQ-9 set apart. */
export function answersFor(instrument: Instrument, total: number, item9 = 0): number[] {
  const [count, max] = instrument === "phq9" ? [9, 3] : instrument === "gad7" ? [7, 3] : [20, 4];
  const items = Array.from({ length: count }, () => 0);
  let left = total - item9;
  const fillable = instrument === "phq9" ? count - 1 : count;
  for (let round = 0; left > 0 && round < max; round += 1) {
    for (let index = 0; index < fillable && left > 0; index += 1) {
      items[index] = (items[index] ?? 0) + 1;
      left -= 1;
    }
  }
  if (instrument === "phq9") {
    items[8] = item9;
  }
  return items;
}

// Blood pressure, heart rate, SpO2 and breathing over a session, as minutes after check-in; dose 2 of
// each course has the rise in blood pressure that a nurse must see flagged.
const VITALS_CURVE: [number, number, number, number, number, number][] = [
  [0, 124, 78, 72, 98, 14],
  [15, 128, 80, 76, 98, 14],
  [30, 142, 88, 86, 97, 15],
  [45, 138, 86, 84, 97, 15],
  [60, 132, 82, 80, 98, 14],
  [90, 128, 80, 76, 98, 14],
  [120, 126, 79, 74, 98, 14],
  [150, 124, 78, 72, 99, 14],
];

const OBSERVATIONS = [
  "Settled with eyeshade and music; breathing slow and even.",
  "Brief tearfulness around minute 40, settled with grounding; says it felt like release.",
  "Quiet, occasional smiles; asked for water at the end.",
  "Reported vivid imagery of childhood home; calm, oriented on return.",
  "Restless for a few minutes at peak, reassured by therapist; no further concerns.",
  "Spoke of feeling connected to late grandmother; warm affect afterwards.",
];

const NOTE_TEXT: Record<NoteKind, { fields: Record<string, string>; body: string }> = {
  preparation: {
    fields: {
      intentions: "To loosen the grip of self-criticism; to feel safe in the body.",
      setAndSetting:
        "Reviewed the room, eyeshade, music, the nurse's checks; agreed a hand on the shoulder as the support signal.",
      plan: "Begin dosing as planned; practise the breathing anchor daily.",
    },
    body: "Explored hopes and fears about the medicine. Patient anxious about losing control; we rehearsed what to do if it feels overwhelming.",
  },
  dosing_session: {
    fields: {
      experience: "Imagery of water and open space; a period of grief that eased into calm.",
      plan: "Integration in two days; journal the images tonight.",
    },
    body: "Patient engaged throughout, used the breathing anchor once. Oriented and calm at discharge, left with escort.",
  },
  integration: {
    fields: {
      integrationThemes: "Self-compassion; the younger self; less urgency around work.",
      plan: "Continue journaling; bring one image to the next preparation.",
    },
    body: "Patient reports better sleep and fewer intrusive self-critical thoughts since the session.",
  },
  medical: {
    fields: {
      assessment: "Tolerating treatment well. BP rise at dose 2 transient, settled without intervention.",
      plan: "Continue current dose; recheck BP at each session.",
    },
    body: "Reviewed vitals, measures and side effects with the patient.",
  },
  psychotherapy: {
    fields: {},
    body: "Process note: transference themes around the therapist as the critical parent; explored with care. Kept apart from the record.",
  },
};

const NOTE_FOR_KIND = {
  preparation: "preparation",
  dosing: "dosing_session",
  integration: "integration",
  checkpoint: "medical",
  screening: "medical",
} as const;

/**
 * Full clinical records for the demo clinic's completed and active courses: clearance, consent, the
 * order, every session's timeline, sign-offs, notes and measures. The active course's last dose awaits
 * the prescriber's sign-off, and its latest PHQ-9 raises an item 9 alert, so both show on first sign-in.
 */
export async function seedDemoClinicalRecords(
  db: Db,
  input: { clinicId: string; staff: Record<string, string>; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const { clinicId, staff } = input;
  const [clinicRow] = await db.select().from(clinic).where(eq(clinic.id, clinicId));
  const thresholds = clinicalSettings(clinicRow!.settings).vitalThresholds;
  const [form] = await db
    .insert(consentForm)
    .values({
      clinicId,
      version: "KAP informed consent 2026-01",
      body: "Ketamine-assisted psychotherapy: what it is, its benefits and risks, what happens on a dosing day, and your rights.",
    })
    .returning({ id: consentForm.id });
  const courses = await db
    .select()
    .from(series)
    .where(and(eq(series.clinicId, clinicId), inArray(series.status, ["completed", "active"])));
  for (const course of courses) {
    const [person] = await db.select().from(patient).where(eq(patient.id, course.patientId));
    const sessions = await db
      .select()
      .from(appointment)
      .where(eq(appointment.seriesId, course.id))
      .orderBy(asc(appointment.startsAt));
    const firstStart = sessions[0]!.startsAt.getTime();
    const weight = Number(person!.weightKg ?? 70);
    const doseMg = Math.min(100, Math.round(weight * 0.75));
    const active = course.status === "active";

    await db.insert(screening).values({
      clinicId,
      seriesId: course.id,
      patientId: course.patientId,
      contraindications: Object.fromEntries(
        [
          "uncontrolled_hypertension",
          "psychosis_or_mania",
          "suicidal_ideation",
          "pregnancy",
          "substance_use",
          "aneurysm_or_haemorrhage",
          "glaucoma",
          "respiratory_or_liver",
          "cystitis",
          "ketamine_allergy",
        ].map((key) => [key, { present: false, note: "" }]),
      ),
      medications: [{ name: "Sertraline", dose: "100 mg daily", interactionClass: null }],
      baselineSystolic: 124,
      baselineDiastolic: 78,
      baselineHeartRate: 72,
      baselineWeightKg: String(weight),
      notes: "Treatment-resistant depression; two adequate antidepressant trials. No contraindications found.",
      cleared: true,
      signedBy: staff.prescriber!,
      signedAt: new Date(firstStart - 2 * DAY),
      createdBy: staff.prescriber!,
    });
    await db.insert(consent).values({
      clinicId,
      seriesId: course.id,
      patientId: course.patientId,
      consentFormId: form!.id,
      patientSignature: `${person!.firstName} ${person!.lastName}`,
      signedOn: new Date(firstStart - 2 * DAY).toISOString().slice(0, 10),
      witnessName: "Riley Chen",
      escortName: person!.escortName,
      escortPhone: person!.escortPhone,
      transportPlan: `Driven home by ${person!.escortName}; no driving until the next day.`,
      recordedBy: staff.nurse!,
      recordedAt: new Date(firstStart - 2 * DAY),
    });
    const [order] = await db
      .insert(doseOrder)
      .values({
        clinicId,
        seriesId: course.id,
        patientId: course.patientId,
        drug: "ketamine",
        route: "IM",
        doseMg: doseMg.toFixed(2),
        weightKg: String(weight),
        mgPerKg: (doseMg / weight).toFixed(3),
        orderedBy: staff.prescriber!,
        orderedAt: new Date(firstStart - 2 * DAY),
      })
      .returning({ id: doseOrder.id });

    const completed = sessions.filter((row) => row.status === "completed");
    const completedDoses = completed.filter((row) => row.kind === "dosing");
    // PHQ-9 falling across the course; the active course's latest one raises an item 9 alert.
    let phq = 19;
    let gad = 15;
    let pcl = 46;
    for (const row of completed) {
      const end = row.endsAt.getTime();
      const noteKind = NOTE_FOR_KIND[row.kind];
      const author = noteKind === "medical" ? staff.prescriber! : staff.therapist!;
      const isLastActiveDose = active && row.kind === "dosing" && row.id === completedDoses.at(-1)?.id;
      const [written] = await db
        .insert(note)
        .values({
          clinicId,
          patientId: course.patientId,
          seriesId: course.id,
          appointmentId: row.id,
          kind: noteKind,
          authorId: author,
          fields: NOTE_TEXT[noteKind].fields,
          body: NOTE_TEXT[noteKind].body,
          signedAt: isLastActiveDose ? null : new Date(end + 2 * HOUR),
          createdAt: new Date(end + HOUR),
        })
        .returning({ id: note.id });
      const measuresAt = row.kind === "dosing" ? row.startsAt.getTime() - 30 * MINUTE : end - 10 * MINUTE;
      const context = row.kind === "dosing" ? "pre_dose" : row.kind === "integration" ? "integration" : "baseline";
      if (row.kind !== "checkpoint" && !(row.kind === "preparation" && row.sequence !== 1)) {
        const scheduled: [Instrument, number, number][] = [
          ["phq9", phq, isLastActiveDose ? 1 : 0],
          ["gad7", gad, 0],
        ];
        if (context === "baseline" || row.doseNumber === 1 || row.doseNumber === 4) {
          scheduled.push(["pcl5", pcl, 0]);
        }
        for (const [instrument, total, item9] of scheduled) {
          const scored = scoreMeasure(instrument, answersFor(instrument, total, item9));
          if (!scored.ok) {
            throw new Error(`demo ${instrument} answers do not score`);
          }
          // The active course's alert is dated within the last days, so it is still open on the home page.
          const completedAt = isLastActiveDose
            ? new Date(Math.min(measuresAt, now.getTime() - HOUR))
            : new Date(measuresAt);
          await db.insert(measureResponse).values({
            clinicId,
            patientId: course.patientId,
            seriesId: course.id,
            appointmentId: row.id,
            instrument,
            context,
            items: scored.score.items,
            total: scored.score.total,
            severity: scored.score.severity,
            alert: scored.score.alert,
            completedAt,
            recordedBy: staff.therapist!,
            recordedAt: completedAt,
          });
        }
        phq = Math.max(4, phq - 2);
        gad = Math.max(3, gad - 2);
        pcl = Math.max(18, pcl - 4);
      }
      if (row.kind !== "dosing") {
        continue;
      }
      const start = row.startsAt.getTime();
      const [session] = await db
        .insert(dosingSession)
        .values({
          clinicId,
          appointmentId: row.id,
          seriesId: course.id,
          patientId: course.patientId,
          doseOrderId: order!.id,
          checkedInAt: new Date(start),
          openedBy: staff.nurse!,
        })
        .returning({ id: dosingSession.id });
      const entry = { clinicId, dosingSessionId: session!.id, recordedBy: staff.nurse! };
      await db.insert(administration).values({
        ...entry,
        at: new Date(start + 10 * MINUTE),
        drug: "ketamine",
        route: "IM",
        doseMg: doseMg.toFixed(2),
        lotNumber: "KT-26-0412",
        givenBy: staff.nurse!,
      });
      await db.insert(vitalsEntry).values(
        VITALS_CURVE.map(([offset, systolic, diastolic, heartRate, spo2, respiratoryRate]) => {
          const peak = row.doseNumber === 2 && offset === 30;
          const vitals = {
            systolic: peak ? 168 : systolic,
            diastolic: peak ? 104 : diastolic,
            heartRate,
            spo2,
            respiratoryRate,
          };
          return {
            ...entry,
            at: new Date(start + offset * MINUTE),
            ...vitals,
            alerts: vitalAlerts(vitals, thresholds),
          };
        }),
      );
      const cadssItems = [2, 1, 2, 1, 1, 0];
      await db.insert(mentalStatusCheck).values([
        { ...entry, at: new Date(start + 35 * MINUTE), moaas: 4, cadssItems, cadssTotal: cadssTotal(cadssItems) },
        { ...entry, at: new Date(start + 90 * MINUTE), moaas: 5, cadssItems: [0, 0, 1, 0, 0, 0], cadssTotal: 1 },
      ]);
      await db.insert(observation).values({
        ...entry,
        recordedBy: staff.therapist!,
        at: new Date(start + 50 * MINUTE),
        text: OBSERVATIONS[((row.doseNumber ?? 1) - 1) % OBSERVATIONS.length]!,
      });
      if (row.doseNumber === 3) {
        await db.insert(adverseEvent).values({
          ...entry,
          at: new Date(start + 70 * MINUTE),
          kind: "nausea",
          severity: "mild",
          actionTaken: "Ondansetron 4 mg ODT given; settled within 20 minutes.",
          resolved: true,
        });
      }
      const discharged = start + 155 * MINUTE;
      await db
        .update(dosingSession)
        .set({
          dischargedAt: new Date(discharged),
          dischargedBy: staff.nurse!,
          dischargeEscortName: person!.escortName,
          dischargeCriteria: {
            vitalsNearBaseline: true,
            oriented: true,
            walksSteadily: true,
            escortPresent: true,
            toldNotToDrive: true,
          },
        })
        .where(eq(dosingSession.id, session!.id));
      if (!isLastActiveDose) {
        await db.insert(signOff).values({
          clinicId,
          dosingSessionId: session!.id,
          prescriberId: staff.prescriber!,
          attestation: "I have reviewed the record of this dosing session.",
          reviewed: { doseMg, lot: "KT-26-0412" },
          signedAt: new Date(discharged + 3 * HOUR),
        });
      }
      if (row.doseNumber === 1 && !active) {
        await db.insert(noteAddendum).values({
          clinicId,
          noteId: written!.id,
          authorId: staff.therapist!,
          at: new Date(end + DAY),
          reason: "Detail added after supervision",
          body: "Patient later said the tearfulness felt like relief, not distress.",
        });
        await db.insert(note).values({
          clinicId,
          patientId: course.patientId,
          seriesId: course.id,
          appointmentId: row.id,
          kind: "psychotherapy",
          authorId: staff.therapist!,
          body: NOTE_TEXT.psychotherapy.body,
          signedAt: new Date(end + 3 * HOUR),
          createdAt: new Date(end + 3 * HOUR),
        });
      }
    }
  }
}
