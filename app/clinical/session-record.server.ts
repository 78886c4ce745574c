import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { administration, adverseEvent, appointment, doseOrder, dosingSession, mentalStatusCheck, observation, patient, signOff, staffUser, vitalsEntry } from "../../db/schema";
import type { AppointmentStatus } from "../../db/schema/scheduling";
import type { DischargeCriteria } from "../../db/schema/dosing-record";
import type { Drug, RouteOfAdministration } from "../../db/schema/clinical-safety";
import { moaasLabel } from "./session-checks";
import { adverseEventKindLabel, DISCHARGE_CRITERIA, sameDose, totalMinutes } from "./session-rules";
import { vitalsRanges, type VitalsRanges } from "./session-vitals";

export type StaffRef = { id: string; name: string; credentials: string };

/** What every timeline entry carries: when it happened, who recorded it and when, and any error mark. */
export type EntryBase = {
  id: string;
  at: Date;
  recordedBy: StaffRef;
  recordedAt: Date;
  /** Set when someone marked the entry "entered in error": it stays in the record, struck through. */
  enteredInError: { at: Date; by: StaffRef; reason: string } | null;
};

export type SessionOrder = {
  id: string;
  drug: Drug;
  route: RouteOfAdministration;
  doseMg: number;
  mgPerKg: number | null;
  weightKg: number | null;
  instructions: string;
  outOfRangeReason: string;
  orderedBy: StaffRef;
  orderedAt: Date;
  discontinuedAt: Date | null;
};

export type AdministrationEntry = EntryBase & {
  drug: Drug;
  route: RouteOfAdministration;
  doseMg: number;
  lotNumber: string;
  givenBy: StaffRef;
  /** The dose differs from the session's order (the nurse confirmed it when recording). */
  differsFromOrder: boolean;
};

export type VitalsRecordEntry = EntryBase & {
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
  /** The alert sentences shown when it was recorded, at the thresholds of that moment. */
  alerts: string[];
};

export type CheckEntry = EntryBase & { moaas: number | null; moaasLabel: string | null; cadssItems: number[] | null; cadssTotal: number | null };

export type ObservationEntry = EntryBase & { text: string };

export type AdverseEventEntry = EntryBase & { kind: string; kindLabel: string; severity: "mild" | "moderate" | "severe"; actionTaken: string; resolved: boolean };

export type SessionDischarge = {
  at: Date;
  by: StaffRef;
  criteria: DischargeCriteria;
  /** The criteria with their labels, in the order the form shows them. */
  criteriaList: { key: keyof DischargeCriteria; label: string; met: boolean }[];
  escortName: string;
  note: string;
};

/**
 * The full record of one dosing session, for the session page, the prescriber's sign-off and the
 * PDF. Entries are oldest first and include those entered in error (flagged); the summaries
 * (ranges, alerts, total dose) leave those out. It does not authorize: callers check access first.
 */
export type SessionRecord = {
  id: string;
  clinicId: string;
  appointmentId: string;
  seriesId: string | null;
  patient: { id: string; firstName: string; lastName: string; preferredName: string; mrn: string; dateOfBirth: string };
  appointment: { id: string; doseNumber: number | null; startsAt: Date; endsAt: Date; status: AppointmentStatus };
  checkedInAt: Date;
  openedBy: StaffRef;
  order: SessionOrder | null;
  administrations: AdministrationEntry[];
  vitals: VitalsRecordEntry[];
  checks: CheckEntry[];
  observations: ObservationEntry[];
  adverseEvents: AdverseEventEntry[];
  discharge: SessionDischarge | null;
  closed: boolean;
  totalMinutes: number | null;
  summary: {
    totalDoseMg: number;
    vitalsRanges: VitalsRanges;
    alerts: { at: Date; vitalsEntryId: string; text: string }[];
    adverseEventCount: number;
    /** MOAA/S lowest (deepest sedation) and CADSS-6 highest, or null when none was recorded. */
    lowestMoaas: number | null;
    highestCadss: number | null;
  };
  signOff: { id: string; prescriber: StaffRef; signedAt: Date; attestation: string } | null;
  version: number;
};

const UNKNOWN_STAFF = (id: string): StaffRef => ({ id, name: "Someone no longer listed", credentials: "" });

function numberOrNull(value: string | null): number | null {
  return value === null ? null : Number(value);
}

export async function sessionRecord(db: DbOrTx, dosingSessionId: string): Promise<SessionRecord | null> {
  const [row] = await db
    .select({ session: dosingSession, appointment, patient })
    .from(dosingSession)
    .innerJoin(appointment, eq(appointment.id, dosingSession.appointmentId))
    .innerJoin(patient, eq(patient.id, dosingSession.patientId))
    .where(eq(dosingSession.id, dosingSessionId));
  if (!row) {
    return null;
  }
  const { session } = row;
  const [order, administrations, vitals, checks, observations, adverseEvents, [signed]] = await Promise.all([
    session.doseOrderId ? db.select().from(doseOrder).where(eq(doseOrder.id, session.doseOrderId)).then((rows) => rows[0] ?? null) : Promise.resolve(null),
    db.select().from(administration).where(eq(administration.dosingSessionId, session.id)).orderBy(asc(administration.at), asc(administration.recordedAt)),
    db.select().from(vitalsEntry).where(eq(vitalsEntry.dosingSessionId, session.id)).orderBy(asc(vitalsEntry.at), asc(vitalsEntry.recordedAt)),
    db.select().from(mentalStatusCheck).where(eq(mentalStatusCheck.dosingSessionId, session.id)).orderBy(asc(mentalStatusCheck.at), asc(mentalStatusCheck.recordedAt)),
    db.select().from(observation).where(eq(observation.dosingSessionId, session.id)).orderBy(asc(observation.at), asc(observation.recordedAt)),
    db.select().from(adverseEvent).where(eq(adverseEvent.dosingSessionId, session.id)).orderBy(asc(adverseEvent.at), asc(adverseEvent.recordedAt)),
    db.select().from(signOff).where(eq(signOff.dosingSessionId, session.id)),
  ]);

  const entries = [...administrations, ...vitals, ...checks, ...observations, ...adverseEvents];
  const staffIds = new Set<string>([session.openedBy]);
  for (const id of [session.dischargedBy, order?.orderedBy, signed?.prescriberId, ...administrations.map((entry) => entry.givenBy)]) {
    if (id) {
      staffIds.add(id);
    }
  }
  for (const entry of entries) {
    staffIds.add(entry.recordedBy);
    if (entry.enteredInErrorBy) {
      staffIds.add(entry.enteredInErrorBy);
    }
  }
  const people = await db
    .select({ id: staffUser.id, name: staffUser.name, credentials: staffUser.credentials })
    .from(staffUser)
    .where(and(eq(staffUser.clinicId, session.clinicId), inArray(staffUser.id, [...staffIds])));
  const staff = (id: string): StaffRef => people.find((person) => person.id === id) ?? UNKNOWN_STAFF(id);

  const base = (entry: (typeof entries)[number]): EntryBase => ({
    id: entry.id,
    at: entry.at,
    recordedBy: staff(entry.recordedBy),
    recordedAt: entry.recordedAt,
    enteredInError: entry.enteredInErrorAt ? { at: entry.enteredInErrorAt, by: staff(entry.enteredInErrorBy ?? ""), reason: entry.enteredInErrorReason } : null,
  });

  const sessionOrder: SessionOrder | null = order
    ? {
        id: order.id,
        drug: order.drug,
        route: order.route,
        doseMg: Number(order.doseMg),
        mgPerKg: numberOrNull(order.mgPerKg),
        weightKg: numberOrNull(order.weightKg),
        instructions: order.instructions,
        outOfRangeReason: order.outOfRangeReason,
        orderedBy: staff(order.orderedBy),
        orderedAt: order.orderedAt,
        discontinuedAt: order.discontinuedAt,
      }
    : null;

  const administrationEntries: AdministrationEntry[] = administrations.map((entry) => ({
    ...base(entry),
    drug: entry.drug,
    route: entry.route,
    doseMg: Number(entry.doseMg),
    lotNumber: entry.lotNumber,
    givenBy: staff(entry.givenBy),
    differsFromOrder: sessionOrder ? !sameDose(Number(entry.doseMg), sessionOrder.doseMg) : false,
  }));
  const vitalsEntries: VitalsRecordEntry[] = vitals.map((entry) => ({
    ...base(entry),
    systolic: entry.systolic,
    diastolic: entry.diastolic,
    heartRate: entry.heartRate,
    spo2: entry.spo2,
    respiratoryRate: entry.respiratoryRate,
    alerts: entry.alerts,
  }));
  const checkEntries: CheckEntry[] = checks.map((entry) => ({
    ...base(entry),
    moaas: entry.moaas,
    moaasLabel: entry.moaas === null ? null : moaasLabel(entry.moaas),
    cadssItems: entry.cadssItems,
    cadssTotal: entry.cadssTotal,
  }));
  const observationEntries: ObservationEntry[] = observations.map((entry) => ({ ...base(entry), text: entry.text }));
  const adverseEventEntries: AdverseEventEntry[] = adverseEvents.map((entry) => ({
    ...base(entry),
    kind: entry.kind,
    kindLabel: adverseEventKindLabel(entry.kind),
    severity: entry.severity,
    actionTaken: entry.actionTaken,
    resolved: entry.resolved,
  }));

  const valid = <T extends EntryBase>(list: T[]): T[] => list.filter((entry) => entry.enteredInError === null);
  const validVitals = valid(vitalsEntries);
  const validChecks = valid(checkEntries);
  const moaasScores = validChecks.flatMap((entry) => (entry.moaas === null ? [] : [entry.moaas]));
  const cadssScores = validChecks.flatMap((entry) => (entry.cadssTotal === null ? [] : [entry.cadssTotal]));
  const criteria = session.dischargeCriteria;

  return {
    id: session.id,
    clinicId: session.clinicId,
    appointmentId: session.appointmentId,
    seriesId: session.seriesId,
    patient: {
      id: row.patient.id,
      firstName: row.patient.firstName,
      lastName: row.patient.lastName,
      preferredName: row.patient.preferredName,
      mrn: row.patient.mrn,
      dateOfBirth: row.patient.dateOfBirth,
    },
    appointment: { id: row.appointment.id, doseNumber: row.appointment.doseNumber, startsAt: row.appointment.startsAt, endsAt: row.appointment.endsAt, status: row.appointment.status },
    checkedInAt: session.checkedInAt,
    openedBy: staff(session.openedBy),
    order: sessionOrder,
    administrations: administrationEntries,
    vitals: vitalsEntries,
    checks: checkEntries,
    observations: observationEntries,
    adverseEvents: adverseEventEntries,
    discharge:
      session.dischargedAt && criteria
        ? {
            at: session.dischargedAt,
            by: staff(session.dischargedBy ?? ""),
            criteria,
            criteriaList: DISCHARGE_CRITERIA.map((criterion) => ({ key: criterion.key, label: criterion.label, met: criteria[criterion.key] === true })),
            escortName: session.dischargeEscortName,
            note: session.dischargeNote,
          }
        : null,
    closed: session.dischargedAt !== null,
    totalMinutes: session.dischargedAt ? totalMinutes(session.checkedInAt, session.dischargedAt) : null,
    summary: {
      totalDoseMg: valid(administrationEntries).reduce((sum, entry) => sum + entry.doseMg, 0),
      vitalsRanges: vitalsRanges(validVitals),
      alerts: validVitals.flatMap((entry) => entry.alerts.map((text) => ({ at: entry.at, vitalsEntryId: entry.id, text }))),
      adverseEventCount: valid(adverseEventEntries).length,
      lowestMoaas: moaasScores.length > 0 ? Math.min(...moaasScores) : null,
      highestCadss: cadssScores.length > 0 ? Math.max(...cadssScores) : null,
    },
    signOff: signed ? { id: signed.id, prescriber: staff(signed.prescriberId), signedAt: signed.signedAt, attestation: signed.attestation } : null,
    version: session.version,
  };
}
