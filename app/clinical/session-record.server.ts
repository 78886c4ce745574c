import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import {
  administration,
  adverseEvent,
  appointment,
  doseOrder,
  dosingSession,
  mentalStatusCheck,
  observation,
  patient,
  signOff,
  staffUser,
  vitalsEntry,
} from "#db/schema";
import type { AppointmentStatus } from "#db/schema/scheduling";
import type { DischargeCriteria } from "#db/schema/dosing-record";
import type { Drug, RouteOfAdministration } from "#db/schema/clinical-safety";
import { groupBy } from "#app/lib/group-by";
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

export type CheckEntry = EntryBase & {
  moaas: number | null;
  moaasLabel: string | null;
  cadssItems: number[] | null;
  cadssTotal: number | null;
};

export type ObservationEntry = EntryBase & { text: string };

export type AdverseEventEntry = EntryBase & {
  kind: string;
  kindLabel: string;
  severity: "mild" | "moderate" | "severe";
  actionTaken: string;
  resolved: boolean;
};

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
  const [record] = await sessionRecords(db, [dosingSessionId]);
  return record ?? null;
}

/**
 * The records of many dosing sessions in a fixed number of queries (one per table, whatever the
 * count), in the order of the ids given; unknown ids are left out. A page listing sessions (the
 * sign-off queue, a course's export) would otherwise pay nine round trips per session.
 */
export async function sessionRecords(db: DbOrTx, dosingSessionIds: readonly string[]): Promise<SessionRecord[]> {
  const ids = [...new Set(dosingSessionIds)];
  if (ids.length === 0) {
    return [];
  }
  const rows = await db
    .select({ session: dosingSession, appointment, patient })
    .from(dosingSession)
    .innerJoin(appointment, eq(appointment.id, dosingSession.appointmentId))
    .innerJoin(patient, eq(patient.id, dosingSession.patientId))
    .where(inArray(dosingSession.id, ids));
  if (rows.length === 0) {
    return [];
  }
  const found = rows.map((row) => row.session.id);
  const orderIds = [...new Set(rows.flatMap((row) => (row.session.doseOrderId ? [row.session.doseOrderId] : [])))];
  const [orders, administrations, vitals, checks, observations, adverseEvents, signOffs] = await Promise.all([
    orderIds.length > 0 ? db.select().from(doseOrder).where(inArray(doseOrder.id, orderIds)) : Promise.resolve([]),
    db
      .select()
      .from(administration)
      .where(inArray(administration.dosingSessionId, found))
      .orderBy(asc(administration.at), asc(administration.recordedAt)),
    db
      .select()
      .from(vitalsEntry)
      .where(inArray(vitalsEntry.dosingSessionId, found))
      .orderBy(asc(vitalsEntry.at), asc(vitalsEntry.recordedAt)),
    db
      .select()
      .from(mentalStatusCheck)
      .where(inArray(mentalStatusCheck.dosingSessionId, found))
      .orderBy(asc(mentalStatusCheck.at), asc(mentalStatusCheck.recordedAt)),
    db
      .select()
      .from(observation)
      .where(inArray(observation.dosingSessionId, found))
      .orderBy(asc(observation.at), asc(observation.recordedAt)),
    db
      .select()
      .from(adverseEvent)
      .where(inArray(adverseEvent.dosingSessionId, found))
      .orderBy(asc(adverseEvent.at), asc(adverseEvent.recordedAt)),
    db.select().from(signOff).where(inArray(signOff.dosingSessionId, found)),
  ]);
  const staffIds = new Set<string>();
  for (const id of [
    ...rows.flatMap((row) => [row.session.openedBy, row.session.dischargedBy]),
    ...orders.map((order) => order.orderedBy),
    ...signOffs.map((signed) => signed.prescriberId),
    ...administrations.map((entry) => entry.givenBy),
    ...[...administrations, ...vitals, ...checks, ...observations, ...adverseEvents].flatMap((entry) => [
      entry.recordedBy,
      entry.enteredInErrorBy,
    ]),
  ]) {
    if (id) {
      staffIds.add(id);
    }
  }
  const clinicIds = [...new Set(rows.map((row) => row.session.clinicId))];
  const people = await db
    .select({
      id: staffUser.id,
      clinicId: staffUser.clinicId,
      name: staffUser.name,
      credentials: staffUser.credentials,
    })
    .from(staffUser)
    .where(and(inArray(staffUser.clinicId, clinicIds), inArray(staffUser.id, [...staffIds])));
  const ordersById = new Map(orders.map((order) => [order.id, order]));
  const parts = {
    administrations: groupBy(administrations, (entry) => entry.dosingSessionId),
    vitals: groupBy(vitals, (entry) => entry.dosingSessionId),
    checks: groupBy(checks, (entry) => entry.dosingSessionId),
    observations: groupBy(observations, (entry) => entry.dosingSessionId),
    adverseEvents: groupBy(adverseEvents, (entry) => entry.dosingSessionId),
    signOffs: new Map(signOffs.map((signed) => [signed.dosingSessionId, signed])),
  };
  const peopleByClinic = new Map<string, Map<string, StaffRef>>();
  for (const person of people) {
    const clinicPeople = peopleByClinic.get(person.clinicId) ?? new Map<string, StaffRef>();
    clinicPeople.set(person.id, { id: person.id, name: person.name, credentials: person.credentials });
    peopleByClinic.set(person.clinicId, clinicPeople);
  }
  const byId = new Map(
    rows.map((row) => {
      const id = row.session.id;
      const clinicPeople = peopleByClinic.get(row.session.clinicId) ?? new Map<string, StaffRef>();
      return [
        id,
        buildRecord(row, {
          order: row.session.doseOrderId ? (ordersById.get(row.session.doseOrderId) ?? null) : null,
          administrations: parts.administrations.get(id) ?? [],
          vitals: parts.vitals.get(id) ?? [],
          checks: parts.checks.get(id) ?? [],
          observations: parts.observations.get(id) ?? [],
          adverseEvents: parts.adverseEvents.get(id) ?? [],
          signed: parts.signOffs.get(id),
          people: clinicPeople,
        }),
      ] as const;
    }),
  );
  return ids.flatMap((id) => {
    const record = byId.get(id);
    return record ? [record] : [];
  });
}

type SessionRow = {
  session: typeof dosingSession.$inferSelect;
  appointment: typeof appointment.$inferSelect;
  patient: typeof patient.$inferSelect;
};
type SessionParts = {
  order: typeof doseOrder.$inferSelect | null;
  administrations: (typeof administration.$inferSelect)[];
  vitals: (typeof vitalsEntry.$inferSelect)[];
  checks: (typeof mentalStatusCheck.$inferSelect)[];
  observations: (typeof observation.$inferSelect)[];
  adverseEvents: (typeof adverseEvent.$inferSelect)[];
  signed: typeof signOff.$inferSelect | undefined;
  people: ReadonlyMap<string, StaffRef>;
};

type RecordEntryRow = SessionParts["administrations" | "vitals" | "checks" | "observations" | "adverseEvents"][number];

function buildRecord(row: SessionRow, parts: SessionParts): SessionRecord {
  const { session } = row;
  const { order, administrations, vitals, checks, observations, adverseEvents, signed, people } = parts;
  const staff = (id: string): StaffRef => people.get(id) ?? UNKNOWN_STAFF(id);

  const base = (entry: RecordEntryRow): EntryBase => ({
    id: entry.id,
    at: entry.at,
    recordedBy: staff(entry.recordedBy),
    recordedAt: entry.recordedAt,
    enteredInError: entry.enteredInErrorAt
      ? { at: entry.enteredInErrorAt, by: staff(entry.enteredInErrorBy ?? ""), reason: entry.enteredInErrorReason }
      : null,
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
    appointment: {
      id: row.appointment.id,
      doseNumber: row.appointment.doseNumber,
      startsAt: row.appointment.startsAt,
      endsAt: row.appointment.endsAt,
      status: row.appointment.status,
    },
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
            criteriaList: DISCHARGE_CRITERIA.map((criterion) => ({
              key: criterion.key,
              label: criterion.label,
              met: criteria[criterion.key] === true,
            })),
            escortName: session.dischargeEscortName,
            note: session.dischargeNote,
          }
        : null,
    closed: session.dischargedAt !== null,
    totalMinutes: session.dischargedAt ? totalMinutes(session.checkedInAt, session.dischargedAt) : null,
    summary: {
      totalDoseMg: valid(administrationEntries).reduce((sum, entry) => sum + entry.doseMg, 0),
      vitalsRanges: vitalsRanges(validVitals),
      alerts: validVitals.flatMap((entry) =>
        entry.alerts.map((text) => ({ at: entry.at, vitalsEntryId: entry.id, text })),
      ),
      adverseEventCount: valid(adverseEventEntries).length,
      lowestMoaas: moaasScores.length > 0 ? Math.min(...moaasScores) : null,
      highestCadss: cadssScores.length > 0 ? Math.max(...cadssScores) : null,
    },
    signOff: signed
      ? {
          id: signed.id,
          prescriber: staff(signed.prescriberId),
          signedAt: signed.signedAt,
          attestation: signed.attestation,
        }
      : null,
    version: session.version,
  };
}
