import { randomUUID } from "node:crypto";
import { clinicalSettings } from "#app/clinical/clinical-settings";
import { cadssTotal } from "#app/clinical/session-checks";
import { ADVERSE_EVENT_KINDS } from "#app/clinical/session-rules";
import { vitalAlerts } from "#app/clinical/session-vitals";
import { scoreMeasure } from "#app/measures/scoring";
import { answersFor } from "#db/seed/demo-clinical";
import type { AppointmentPlan, ClinicPlan, SeriesPlan } from "./clinic-plan";
import type { BulkTarget, Row } from "./copy";
import { CONTRAINDICATIONS, MEDICATIONS, noteText, observationText, VITALS_CURVE } from "./texts";
import { staffIdOf, writeTable, type ClinicContext, type Written } from "./rows";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const THRESHOLDS = clinicalSettings({}).vitalThresholds;
const ENTRY = ["id", "clinic_id", "dosing_session_id", "at", "recorded_by", "recorded_at"] as const;

type Instrument = "phq9" | "gad7" | "pcl5";
type Order = {
  id: string;
  drug: "ketamine" | "esketamine";
  route: "IM" | "IV" | "SL" | "IN";
  doseMg: number;
  weightKg: number | null;
  mgPerKg: number | null;
  orderedBy: string;
  orderedAt: Date;
};
type Session = {
  id: string;
  appointment: AppointmentPlan;
  series: SeriesPlan;
  order: Order;
  monitor: string;
  therapist: string;
  dischargedAt: Date;
  lot: string;
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

const scored = new Map<string, { items: number[]; total: number; severity: string; alert: string }>();

function score(
  instrument: Instrument,
  total: number,
  item9: number,
): { items: number[]; total: number; severity: string; alert: string } {
  const key = `${instrument}:${total}:${item9}`;
  let found = scored.get(key);
  if (!found) {
    const result = scoreMeasure(instrument, answersFor(instrument, total, item9));
    if (!result.ok) {
      throw new Error(`bench ${instrument} answers for ${total} do not score`);
    }
    found = {
      items: result.score.items,
      total: result.score.total,
      severity: result.score.severity,
      alert: result.score.alert,
    };
    scored.set(key, found);
  }
  return found;
}

/**
 * The clinical record of every course that got that far: screening and clearance, consent, the dose
 * order, each completed dosing session's timeline and sign-off, notes with some addenda, and PHQ-9,
 * GAD-7 and PCL-5 along the course. Sign-offs of the last two days are still awaited (three weeks for
 * the prescriber who has fallen behind).
 */
export async function writeRecords(target: BulkTarget, plan: ClinicPlan, context: ClinicContext): Promise<Written> {
  const { random, now } = context;
  const nowMs = now.getTime();
  const written: Written = {};
  const clinicId = plan.id;
  const staffId = (clinician: number): string => staffIdOf(plan, clinician);
  const patientOf = (course: SeriesPlan): ClinicPlan["patients"][number] => plan.patients[course.patient]!;
  const appointmentsOf = (course: SeriesPlan): AppointmentPlan[] =>
    course.appointments.map((index) => plan.appointments[index]!);
  const backlogId = context.backlogPrescriber === null ? null : plan.staff[context.backlogPrescriber]!.id;
  const frontdesk = plan.staff.find((member) => member.role === "frontdesk")!.name;

  // Screening: every course that began or starts within two weeks; drafts for those not yet signed.
  type Screening = { course: SeriesPlan; signedAt: Date | null; cleared: boolean | null; createdAt: Date };
  const screenings: Screening[] = [];
  for (const course of plan.series) {
    const rows = appointmentsOf(course);
    const first = rows[0]!;
    const begun = rows.some((row) => row.status !== "scheduled" && row.status !== "cancelled");
    if (!begun && first.start.getTime() > nowMs + 14 * DAY) {
      continue;
    }
    const firstDose = rows.find((row) => row.kind === "dosing");
    if (course.outcome === "not-cleared") {
      const signedAt = new Date(Math.min(first.end.getTime() + DAY, nowMs - HOUR));
      screenings.push({ course, signedAt, cleared: false, createdAt: new Date(signedAt.getTime() - 2 * HOUR) });
    } else if (begun || random.chance(0.6)) {
      const signedAt = new Date(
        clamp(
          (firstDose ?? first).start.getTime() - random.int(2, 5) * DAY,
          course.createdAt.getTime() + HOUR,
          nowMs - HOUR,
        ),
      );
      screenings.push({ course, signedAt, cleared: true, createdAt: new Date(signedAt.getTime() - 2 * HOUR) });
    } else {
      screenings.push({
        course,
        signedAt: null,
        cleared: null,
        createdAt: new Date(Math.max(course.createdAt.getTime(), nowMs - DAY)),
      });
    }
  }
  await writeTable(
    target,
    "screening",
    [
      "id",
      "clinic_id",
      "series_id",
      "patient_id",
      "contraindications",
      "medications",
      "baseline_systolic",
      "baseline_diastolic",
      "baseline_heart_rate",
      "baseline_weight_kg",
      "notes",
      "cleared",
      "signed_by",
      "signed_at",
      "version",
      "created_by",
      "created_at",
      "updated_at",
    ],
    screenings.map(({ course, signedAt, cleared, createdAt }) => {
      const person = patientOf(course);
      const prescriber = staffId(person.prescriber);
      const contraindications = Object.fromEntries(
        CONTRAINDICATIONS.map((key) => [key, { present: cleared === false && key === "psychosis_or_mania", note: "" }]),
      );
      return {
        id: randomUUID(),
        clinic_id: clinicId,
        series_id: course.id,
        patient_id: person.id,
        contraindications,
        medications: random.chance(0.7) ? [random.pick(MEDICATIONS)] : [],
        baseline_systolic: random.int(108, 142),
        baseline_diastolic: random.int(66, 90),
        baseline_heart_rate: random.int(58, 88),
        baseline_weight_kg: person.weightKg.toFixed(1),
        notes:
          cleared === false
            ? "History of a manic episode; not cleared for ketamine. Referred back to psychiatry."
            : "Treatment-resistant depression; two adequate antidepressant trials. No contraindications found.",
        cleared,
        signed_by: signedAt ? prescriber : null,
        signed_at: signedAt,
        version: signedAt ? 2 : 1,
        created_by: prescriber,
        created_at: createdAt,
        updated_at: signedAt ?? createdAt,
      };
    }),
    written,
  );

  const cleared = screenings.filter((screening) => screening.cleared === true && screening.signedAt !== null);
  const [form] = [{ id: randomUUID() }];
  await writeTable(
    target,
    "consent_form",
    ["id", "clinic_id", "version", "body"],
    [
      {
        id: form.id,
        clinic_id: clinicId,
        version: "KAP informed consent 2024-01",
        body: "Ketamine-assisted psychotherapy: what it is, its benefits and risks, what happens on a dosing day, and your rights.",
      },
    ],
    written,
  );
  await writeTable(
    target,
    "consent",
    [
      "id",
      "clinic_id",
      "series_id",
      "patient_id",
      "consent_form_id",
      "patient_signature",
      "signed_on",
      "witness_name",
      "escort_name",
      "escort_phone",
      "transport_plan",
      "recorded_by",
      "recorded_at",
    ],
    cleared.map(({ course, signedAt }) => {
      const person = patientOf(course);
      const at = new Date(Math.min(signedAt!.getTime() + HOUR, nowMs - MINUTE));
      return {
        id: randomUUID(),
        clinic_id: clinicId,
        series_id: course.id,
        patient_id: person.id,
        consent_form_id: form.id,
        patient_signature: `${person.firstName} ${person.lastName}`,
        signed_on: at.toISOString().slice(0, 10),
        witness_name: frontdesk,
        escort_name: person.escortName || person.emergencyContactName,
        escort_phone: person.escortPhone,
        transport_plan: `Driven home by ${person.escortName || person.emergencyContactName}; no driving until the next day.`,
        recorded_by: staffId(person.nurse),
        recorded_at: at,
      };
    }),
    written,
  );

  const orders = new Map<string, Order>();
  for (const { course, signedAt } of cleared) {
    const person = patientOf(course);
    const roll = random.next();
    const route = roll < 0.6 ? "IM" : roll < 0.85 ? "SL" : roll < 0.95 ? "IN" : "IV";
    const weight = person.weightKg;
    const doseMg =
      route === "IN"
        ? random.pick([56, 84])
        : route === "SL"
          ? Math.min(300, Math.round(weight * (2 + random.next())))
          : Math.min(
              100,
              Math.round(weight * (route === "IM" ? 0.5 + 0.4 * random.next() : 0.5 + 0.3 * random.next())),
            );
    orders.set(course.id, {
      id: randomUUID(),
      drug: route === "IN" ? "esketamine" : "ketamine",
      route,
      doseMg,
      weightKg: route === "IN" ? null : weight,
      mgPerKg: route === "IN" ? null : Math.round((doseMg / weight) * 1000) / 1000,
      orderedBy: staffId(person.prescriber),
      orderedAt: new Date(Math.min(signedAt!.getTime() + 2 * HOUR, nowMs - MINUTE)),
    });
  }
  await writeTable(
    target,
    "dose_order",
    [
      "id",
      "clinic_id",
      "series_id",
      "patient_id",
      "drug",
      "route",
      "dose_mg",
      "weight_kg",
      "mg_per_kg",
      "instructions",
      "ordered_by",
      "ordered_at",
    ],
    cleared.map(({ course }) => {
      const order = orders.get(course.id)!;
      return {
        id: order.id,
        clinic_id: clinicId,
        series_id: course.id,
        patient_id: patientOf(course).id,
        drug: order.drug,
        route: order.route,
        dose_mg: order.doseMg.toFixed(2),
        weight_kg: order.weightKg === null ? null : order.weightKg.toFixed(1),
        mg_per_kg: order.mgPerKg === null ? null : order.mgPerKg.toFixed(3),
        instructions: order.route === "IN" ? "Two devices five minutes apart." : "",
        ordered_by: order.orderedBy,
        ordered_at: order.orderedAt,
      };
    }),
    written,
  );

  const sessions: Session[] = [];
  for (const course of plan.series) {
    const order = orders.get(course.id);
    if (!order) {
      continue;
    }
    for (const row of appointmentsOf(course)) {
      if (row.kind !== "dosing" || row.status !== "completed") {
        continue;
      }
      const monitor = row.staff.find((member) => member.role === "monitor");
      const therapist = row.staff.find((member) => member.role === "therapist");
      const length = row.end.getTime() - row.start.getTime();
      sessions.push({
        id: randomUUID(),
        appointment: row,
        series: course,
        order,
        monitor: staffId((monitor ?? therapist)!.staff),
        therapist: staffId(therapist!.staff),
        dischargedAt: new Date(row.start.getTime() + length - random.int(5, 20) * MINUTE),
        lot: `KT-${row.start.getUTCFullYear() % 100}-${String(random.int(100, 999)).padStart(4, "0")}`,
      });
    }
  }
  await writeTable(
    target,
    "dosing_session",
    [
      "id",
      "clinic_id",
      "appointment_id",
      "series_id",
      "patient_id",
      "dose_order_id",
      "checked_in_at",
      "discharged_at",
      "discharge_criteria",
      "discharge_escort_name",
      "discharge_note",
      "discharged_by",
      "opened_by",
      "version",
    ],
    sessions.map((session) => {
      const person = patientOf(session.series);
      return {
        id: session.id,
        clinic_id: clinicId,
        appointment_id: session.appointment.id,
        series_id: session.series.id,
        patient_id: person.id,
        dose_order_id: session.order.id,
        checked_in_at: session.appointment.start,
        discharged_at: session.dischargedAt,
        discharge_criteria: {
          vitalsNearBaseline: true,
          oriented: true,
          walksSteadily: true,
          escortPresent: true,
          toldNotToDrive: true,
        },
        discharge_escort_name: person.escortName || person.emergencyContactName,
        discharge_note: "",
        discharged_by: session.monitor,
        opened_by: session.monitor,
        version: 2,
      };
    }),
    written,
  );
  const entry = (session: Session, offsetMinutes: number, recordedBy: string): Row => {
    const at = new Date(session.appointment.start.getTime() + offsetMinutes * MINUTE);
    return {
      id: randomUUID(),
      clinic_id: clinicId,
      dosing_session_id: session.id,
      at,
      recorded_by: recordedBy,
      recorded_at: new Date(at.getTime() + random.int(1, 4) * MINUTE),
    };
  };
  await writeTable(
    target,
    "administration",
    [...ENTRY, "drug", "route", "dose_mg", "lot_number", "given_by"],
    sessions.map((session) => ({
      ...entry(session, 10, session.monitor),
      drug: session.order.drug,
      route: session.order.route,
      dose_mg: session.order.doseMg.toFixed(2),
      lot_number: session.lot,
      given_by: session.monitor,
    })),
    written,
  );
  await writeTable(
    target,
    "vitals_entry",
    [...ENTRY, "systolic", "diastolic", "heart_rate", "spo2", "respiratory_rate", "alerts"],
    (function* () {
      for (const session of sessions) {
        const minutes = (session.appointment.end.getTime() - session.appointment.start.getTime()) / MINUTE;
        const spike = random.chance(0.04);
        const shift = random.int(-8, 8);
        for (const [offset, systolic, diastolic, heartRate, spo2, respiratoryRate] of VITALS_CURVE) {
          if (offset > minutes - 15) {
            break;
          }
          const peak = spike && offset === 30;
          const vitals = {
            systolic: peak ? random.int(162, 176) : systolic + shift + random.int(-4, 4),
            diastolic: peak ? random.int(98, 106) : diastolic + Math.round(shift / 2) + random.int(-3, 3),
            heartRate: heartRate + random.int(-6, 6),
            spo2: Math.min(100, spo2 + random.int(-1, 1)),
            respiratoryRate: respiratoryRate + random.int(-1, 1),
          };
          yield {
            ...entry(session, offset, session.monitor),
            systolic: vitals.systolic,
            diastolic: vitals.diastolic,
            heart_rate: vitals.heartRate,
            spo2: vitals.spo2,
            respiratory_rate: vitals.respiratoryRate,
            alerts: vitalAlerts(vitals, THRESHOLDS),
          };
        }
      }
    })(),
    written,
  );
  await writeTable(
    target,
    "mental_status_check",
    [...ENTRY, "moaas", "cadss_items", "cadss_total"],
    (function* () {
      for (const session of sessions) {
        const peak = [
          random.int(0, 3),
          random.int(0, 2),
          random.int(0, 3),
          random.int(0, 2),
          random.int(0, 2),
          random.int(0, 1),
        ];
        yield {
          ...entry(session, 35, session.monitor),
          moaas: random.int(3, 5),
          cadss_items: peak,
          cadss_total: cadssTotal(peak),
        };
        const settled = [0, 0, random.int(0, 1), 0, 0, 0];
        yield {
          ...entry(session, 90, session.monitor),
          moaas: 5,
          cadss_items: settled,
          cadss_total: cadssTotal(settled),
        };
      }
    })(),
    written,
  );
  await writeTable(
    target,
    "observation",
    [...ENTRY, "text"],
    sessions.map((session) => ({ ...entry(session, 50, session.therapist), text: observationText(random) })),
    written,
  );
  await writeTable(
    target,
    "adverse_event",
    [...ENTRY, "kind", "severity", "action_taken", "resolved"],
    (function* () {
      for (const session of sessions) {
        if (random.chance(0.06)) {
          const kind = random.chance(0.6)
            ? "nausea"
            : random.pick(ADVERSE_EVENT_KINDS.filter((candidate) => candidate.key !== "other")).key;
          yield {
            ...entry(session, 70, session.monitor),
            kind,
            severity: random.chance(0.85) ? "mild" : "moderate",
            action_taken:
              kind === "nausea"
                ? "Ondansetron 4 mg ODT given; settled within 20 minutes."
                : "Observed closely; settled without treatment.",
            resolved: true,
          };
        }
      }
    })(),
    written,
  );
  await writeTable(
    target,
    "sign_off",
    ["id", "clinic_id", "dosing_session_id", "prescriber_id", "attestation", "reviewed", "signed_at"],
    (function* () {
      for (const session of sessions) {
        const prescriber = staffId(patientOf(session.series).prescriber);
        const age = nowMs - session.dischargedAt.getTime();
        if (age < 2 * DAY || (prescriber === backlogId && age < 21 * DAY)) {
          continue;
        }
        yield {
          id: randomUUID(),
          clinic_id: clinicId,
          dosing_session_id: session.id,
          prescriber_id: prescriber,
          attestation: "I have reviewed the record of this dosing session.",
          reviewed: { doseMg: session.order.doseMg, lot: session.lot },
          signed_at: new Date(Math.min(session.dischargedAt.getTime() + random.int(2, 40) * HOUR, nowMs - HOUR)),
        };
      }
    })(),
    written,
  );
  await writeNotes(target, plan, context, written);
  await writeMeasures(target, plan, context, written);
  return written;
}

const NOTE_KIND = {
  preparation: "preparation",
  dosing: "dosing_session",
  integration: "integration",
  checkpoint: "medical",
  screening: "medical",
} as const;

/** Exactly the clinic's share of notes: one per completed session, psychotherapy notes on some, drafts in the last days. */
async function writeNotes(
  target: BulkTarget,
  plan: ClinicPlan,
  context: ClinicContext,
  written: Written,
): Promise<number> {
  const { random, now } = context;
  type Candidate = { row: AppointmentPlan; psychotherapy: boolean; keep: number };
  const candidates: Candidate[] = [];
  for (const row of plan.appointments) {
    if (row.status !== "completed") {
      continue;
    }
    // Dosing-session notes are always written; the rest are kept in a random order of preference.
    candidates.push({ row, psychotherapy: false, keep: row.kind === "dosing" ? 0 : random.next() + 0.5 });
    if (row.kind !== "checkpoint" && row.kind !== "screening" && random.chance(0.1)) {
      candidates.push({ row, psychotherapy: true, keep: random.next() + 0.5 });
    }
  }
  const therapySessions = candidates.filter(
    (candidate) => candidate.row.kind !== "checkpoint" && candidate.row.kind !== "screening",
  );
  while (candidates.length < context.notes && therapySessions.length > 0) {
    candidates.push({ row: random.pick(therapySessions).row, psychotherapy: true, keep: 1 });
  }
  candidates.sort((a, b) => a.keep - b.keep);
  const kept = candidates.slice(0, context.notes).sort((a, b) => a.row.start.getTime() - b.row.start.getTime());
  const addenda: Row[] = [];
  await writeTable(
    target,
    "note",
    [
      "id",
      "clinic_id",
      "patient_id",
      "series_id",
      "appointment_id",
      "kind",
      "author_id",
      "fields",
      "body",
      "version",
      "signed_at",
      "created_at",
      "updated_at",
    ],
    kept.map(({ row, psychotherapy }) => {
      const kind = psychotherapy ? "psychotherapy" : NOTE_KIND[row.kind];
      const author =
        row.staff.find((member) => (kind === "medical" ? member.role === "prescriber" : member.role === "therapist")) ??
        row.staff[0]!;
      const authorId = staffIdOf(plan, author.staff);
      const createdAt = new Date(Math.min(row.end.getTime() + random.int(20, 120) * MINUTE, now.getTime() - MINUTE));
      const recent = now.getTime() - row.end.getTime() < 3 * DAY;
      const signedAt =
        recent && random.chance(0.4)
          ? null
          : new Date(Math.min(createdAt.getTime() + random.int(1, 30) * HOUR, now.getTime() - MINUTE));
      const text = noteText(random, kind);
      const id = randomUUID();
      if (signedAt && random.chance(0.015)) {
        addenda.push({
          id: randomUUID(),
          clinic_id: plan.id,
          note_id: id,
          author_id: authorId,
          at: new Date(Math.min(signedAt.getTime() + DAY, now.getTime())),
          reason: "Detail added after supervision",
          body: "Patient later said the tearfulness felt like relief, not distress.",
        });
      }
      return {
        id,
        clinic_id: plan.id,
        patient_id: plan.patients[row.patient]!.id,
        series_id: row.series === null ? null : plan.series[row.series]!.id,
        appointment_id: row.id,
        kind,
        author_id: authorId,
        fields: text.fields,
        body: text.body,
        version: signedAt ? 2 : 1,
        signed_at: signedAt,
        created_at: createdAt,
        updated_at: signedAt ?? createdAt,
      };
    }),
    written,
  );
  await writeTable(
    target,
    "note_addendum",
    ["id", "clinic_id", "note_id", "author_id", "at", "reason", "body"],
    addenda,
    written,
  );
  return kept.length;
}

/** PHQ-9 and GAD-7 at baseline, before each dose and at integrations, PCL-5 at baseline and doses 1 and 4; scores fall along the course. */
async function writeMeasures(
  target: BulkTarget,
  plan: ClinicPlan,
  context: ClinicContext,
  written: Written,
): Promise<void> {
  const { random } = context;
  await writeTable(
    target,
    "measure_response",
    [
      "id",
      "clinic_id",
      "patient_id",
      "series_id",
      "appointment_id",
      "instrument",
      "context",
      "items",
      "total",
      "severity",
      "alert",
      "completed_at",
      "recorded_by",
      "recorded_at",
    ],
    (function* () {
      for (const course of plan.series) {
        const rows = course.appointments.map((index) => plan.appointments[index]!);
        const done = rows.filter((row) => row.status === "completed" && row.kind !== "checkpoint");
        const baseline = { phq9: random.int(10, 24), gad7: random.int(7, 19), pcl5: random.int(22, 62) };
        const response = random.next() * 0.6 + 0.1;
        for (const [step, row] of done.entries()) {
          const progress = done.length <= 1 ? 0 : step / (done.length - 1);
          const context =
            step === 0
              ? "baseline"
              : row.kind === "dosing"
                ? "pre_dose"
                : row.kind === "integration"
                  ? "integration"
                  : "baseline";
          const instruments: Instrument[] =
            step === 0 || row.doseNumber === 1 || row.doseNumber === 4 ? ["phq9", "gad7", "pcl5"] : ["phq9", "gad7"];
          const completedAt = new Date(
            row.kind === "dosing" ? row.start.getTime() - 30 * MINUTE : row.end.getTime() - 10 * MINUTE,
          );
          const therapist = row.staff.find((member) => member.role === "therapist") ?? row.staff[0]!;
          for (const instrument of instruments) {
            const max = instrument === "phq9" ? 27 : instrument === "gad7" ? 21 : 80;
            const total = clamp(
              Math.round(
                baseline[instrument] * (1 - response * progress) + random.normal(0, instrument === "pcl5" ? 4 : 1.5),
              ),
              0,
              max,
            );
            const item9 = instrument === "phq9" && total >= 3 && random.chance(0.02) ? random.int(1, 2) : 0;
            const result = score(instrument, total, item9);
            yield {
              id: randomUUID(),
              clinic_id: plan.id,
              patient_id: plan.patients[course.patient]!.id,
              series_id: course.id,
              appointment_id: row.id,
              instrument,
              context,
              items: result.items,
              total: result.total,
              severity: result.severity,
              alert: result.alert,
              completed_at: completedAt,
              recorded_by: staffIdOf(plan, therapist.staff),
              recorded_at: new Date(completedAt.getTime() + random.int(1, 10) * MINUTE),
            };
          }
        }
      }
    })(),
    written,
  );
}
