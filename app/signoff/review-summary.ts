import type { SessionRecord } from "#app/clinical/session-record.server";
import { DRUG_LABELS, ROUTE_LABELS } from "#app/clinical/clinical-settings";
import { describeMentalStatus } from "#app/clinical/session-checks";
import { formatMg } from "#app/clinical/session-rules";
import { describeVitals, type ValueRange, type VitalsRanges } from "#app/clinical/session-vitals";
import type { MeasuresSummaryView } from "#app/measures/measures-summary.server";
import { patientDisplayName } from "#app/patients/labels";
import { appointmentTitle } from "#app/scheduling/labels";
import { formatInTimeZone } from "#app/ui/dates";

/**
 * What the prescriber reviews before signing off a dosing session, in words and in the clinic's
 * time: the queue shows it, the sign-off page shows it, and the sign-off keeps it as `reviewed`.
 * Plain JSON, so what was stored is exactly what was on screen.
 */
export type ReviewSummary = {
  sessionId: string;
  patient: { id: string; name: string; mrn: string };
  title: string;
  date: string;
  timeZone: string;
  order: string | null;
  dose: {
    totalMg: number;
    total: string;
    lots: string[];
    administrations: { at: string; text: string; givenBy: string; enteredInError: boolean }[];
  };
  vitals: { sign: string; range: string | null }[];
  alerts: { at: string; text: string }[];
  adverseEvents: { at: string; kind: string; severity: string; actionTaken: string; resolved: boolean }[];
  sedation: { lowestMoaas: number | null; highestCadss: number | null };
  discharge: {
    at: string;
    by: string;
    totalMinutes: number | null;
    unmet: string[];
    escort: string;
    note: string;
  } | null;
  measures: { name: string; score: string; severity: string; when: string; item9: boolean }[];
  missingMeasures: string[];
  /** An open PHQ-9 item 9 alert of the series: shown first, prominently. */
  item9Alert: { text: string; when: string } | null;
  /** Every entry of the session, oldest first, entries in error included and marked. */
  timeline: TimelineLine[];
};

export type TimelineLine = { at: string; what: string; detail: string; by: string; enteredInError: string | null };

function span(range: ValueRange | null): string | null {
  if (!range) {
    return null;
  }
  return range.min === range.max ? `${range.min}` : `${range.min}–${range.max}`;
}

/** Lowest and highest of each vital sign, e.g. "118–162 / 70–104 mmHg". */
export function vitalsRangeLines(ranges: VitalsRanges): { sign: string; range: string | null }[] {
  const systolic = span(ranges.systolic);
  const diastolic = span(ranges.diastolic);
  const bp =
    systolic && diastolic
      ? `${systolic} / ${diastolic} mmHg`
      : systolic
        ? `${systolic} mmHg systolic`
        : diastolic
          ? `${diastolic} mmHg diastolic`
          : null;
  const unit = (value: string | null, suffix: string): string | null => (value === null ? null : `${value} ${suffix}`);
  return [
    { sign: "Blood pressure", range: bp },
    { sign: "Heart rate", range: unit(span(ranges.heartRate), "/min") },
    { sign: "SpO₂", range: unit(span(ranges.spo2), "%") },
    { sign: "Respiratory rate", range: unit(span(ranges.respiratoryRate), "/min") },
  ];
}

function staffText(person: { name: string; credentials: string }): string {
  return person.credentials ? `${person.name}, ${person.credentials}` : person.name;
}

function timeline(record: SessionRecord, timeZone: string): TimelineLine[] {
  type Dated = TimelineLine & { instant: number; order: number };
  const lines: Dated[] = [];
  const add = (
    at: Date,
    what: string,
    detail: string,
    by: { name: string; credentials: string },
    error: { reason: string } | null = null,
  ): void => {
    lines.push({
      at: formatInTimeZone(at, timeZone, "HH:mm"),
      what,
      detail,
      by: staffText(by),
      enteredInError: error ? error.reason : null,
      instant: at.getTime(),
      order: lines.length,
    });
  };
  add(record.checkedInAt, "Check-in", "Session opened", record.openedBy);
  for (const entry of record.administrations) {
    add(
      entry.at,
      "Dose given",
      `${DRUG_LABELS[entry.drug]} ${formatMg(entry.doseMg)} ${entry.route}, lot ${entry.lotNumber}, given by ${staffText(entry.givenBy)}`,
      entry.recordedBy,
      entry.enteredInError,
    );
  }
  for (const entry of record.vitals) {
    add(
      entry.at,
      "Vital signs",
      [describeVitals(entry), ...entry.alerts.map((alert) => `Alert: ${alert}`)].join(" · "),
      entry.recordedBy,
      entry.enteredInError,
    );
  }
  for (const entry of record.checks) {
    add(entry.at, "Sedation and dissociation", describeMentalStatus(entry), entry.recordedBy, entry.enteredInError);
  }
  for (const entry of record.observations) {
    add(entry.at, "Observation", entry.text, entry.recordedBy, entry.enteredInError);
  }
  for (const entry of record.adverseEvents) {
    add(
      entry.at,
      "Adverse event",
      `${entry.kindLabel} (${entry.severity}); action taken: ${entry.actionTaken}${entry.resolved ? "; resolved" : ""}`,
      entry.recordedBy,
      entry.enteredInError,
    );
  }
  if (record.discharge) {
    add(
      record.discharge.at,
      "Discharge",
      record.discharge.escortName ? `Home with ${record.discharge.escortName}` : "Discharged",
      record.discharge.by,
    );
  }
  return lines
    .sort((a, b) => a.instant - b.instant || a.order - b.order)
    .map(({ at, what, detail, by, enteredInError }) => ({ at, what, detail, by, enteredInError }));
}

export function reviewSummary(
  record: SessionRecord,
  measures: MeasuresSummaryView | null,
  timeZone: string,
): ReviewSummary {
  const time = (at: Date): string => formatInTimeZone(at, timeZone, "HH:mm");
  const order = record.order;
  const valid = record.administrations.filter((entry) => entry.enteredInError === null);
  return {
    sessionId: record.id,
    patient: { id: record.patient.id, name: patientDisplayName(record.patient), mrn: record.patient.mrn },
    title: appointmentTitle("dosing", record.appointment.doseNumber),
    date: formatInTimeZone(record.checkedInAt, timeZone, "EEE d MMM yyyy"),
    timeZone,
    order: order
      ? `${DRUG_LABELS[order.drug]} ${formatMg(order.doseMg)} ${ROUTE_LABELS[order.route]}${order.mgPerKg === null ? "" : ` (${order.mgPerKg} mg/kg)`}, ordered by ${staffText(order.orderedBy)}`
      : null,
    dose: {
      totalMg: record.summary.totalDoseMg,
      total: valid.length === 0 ? "No dose recorded" : formatMg(record.summary.totalDoseMg),
      lots: [...new Set(valid.map((entry) => entry.lotNumber))],
      administrations: record.administrations.map((entry) => ({
        at: time(entry.at),
        text: `${DRUG_LABELS[entry.drug]} ${formatMg(entry.doseMg)} ${entry.route}, lot ${entry.lotNumber}`,
        givenBy: staffText(entry.givenBy),
        enteredInError: entry.enteredInError !== null,
      })),
    },
    vitals: vitalsRangeLines(record.summary.vitalsRanges),
    alerts: record.summary.alerts.map((alert) => ({ at: time(alert.at), text: alert.text })),
    adverseEvents: record.adverseEvents
      .filter((entry) => entry.enteredInError === null)
      .map((entry) => ({
        at: time(entry.at),
        kind: entry.kindLabel,
        severity: entry.severity,
        actionTaken: entry.actionTaken,
        resolved: entry.resolved,
      })),
    sedation: { lowestMoaas: record.summary.lowestMoaas, highestCadss: record.summary.highestCadss },
    discharge: record.discharge
      ? {
          at: time(record.discharge.at),
          by: staffText(record.discharge.by),
          totalMinutes: record.totalMinutes,
          unmet: record.discharge.criteriaList
            .filter((criterion) => !criterion.met)
            .map((criterion) => criterion.label),
          escort: record.discharge.escortName,
          note: record.discharge.note,
        }
      : null,
    measures: (measures?.measures ?? []).map((measure) => ({
      name: measure.name,
      score: measure.score,
      severity: measure.severity,
      when: measure.when,
      item9: measure.alert,
    })),
    missingMeasures: measures?.missing ?? [],
    item9Alert: measures?.alert ?? null,
    timeline: timeline(record, timeZone),
  };
}

/** The same summary always serializes the same way, so a digest of it says whether the record changed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export const ATTESTATION =
  "I have reviewed the record of this dosing session — the dose given, the vital signs and alerts, the sedation and dissociation checks, observations, adverse events, the discharge and the latest outcome measures — and I attest that it is complete and accurate to the best of my knowledge.";
