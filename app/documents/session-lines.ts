import { DRUG_LABELS } from "#app/clinical/clinical-settings";
import type { SessionRecord } from "#app/clinical/session-record.server";
import { formatMg, SEVERITY_LABELS } from "#app/clinical/session-rules";
import { staffLabel } from "#app/clinical/session-timeline";
import type { ValueRange, VitalsRanges } from "#app/clinical/session-vitals";
import type { AppointmentKindValue } from "#db/schema/scheduling";
import { formatInTimeZone } from "#app/ui/dates";
import { UNSIGNED_SESSION } from "./parts";
import type { SessionLine } from "./types";

/** A session of the course as the series page names it. */
export type BookedSession = {
  kind: AppointmentKindValue;
  title: string;
  statusLabel: string;
  date: string;
  time: string;
};

function doseText(record: SessionRecord): string {
  const given = record.administrations.filter((entry) => entry.enteredInError === null);
  if (given.length > 0) {
    return given
      .map((entry) => `${DRUG_LABELS[entry.drug]} ${formatMg(entry.doseMg)} ${entry.route}, lot ${entry.lotNumber}`)
      .join("\n");
  }
  return record.order
    ? `None given (ordered: ${DRUG_LABELS[record.order.drug]} ${formatMg(record.order.doseMg)} ${record.order.route})`
    : "None given";
}

function span(range: ValueRange | null): string | null {
  if (!range) {
    return null;
  }
  return range.min === range.max ? String(range.min) : `${range.min}–${range.max}`;
}

/** "BP 118–168/70–104 · HR 60–92 · SpO₂ 95–99 % · RR 12–16", from the entries not in error. */
export function vitalsRangeText(ranges: VitalsRanges): string {
  const parts: string[] = [];
  const systolic = span(ranges.systolic);
  const diastolic = span(ranges.diastolic);
  if (systolic || diastolic) {
    parts.push(`BP ${systolic ?? "?"}/${diastolic ?? "?"}`);
  }
  const named: [string, ValueRange | null, string][] = [
    ["HR", ranges.heartRate, ""],
    ["SpO₂", ranges.spo2, " %"],
    ["RR", ranges.respiratoryRate, ""],
  ];
  for (const [label, range, unit] of named) {
    const text = span(range);
    if (text) {
      parts.push(`${label} ${text}${unit}`);
    }
  }
  return parts.length > 0 ? parts.join(" · ") : "None recorded";
}

function vitalsText(record: SessionRecord, timeZone: string): string {
  const lines = [vitalsRangeText(record.summary.vitalsRanges)];
  for (const alert of record.summary.alerts) {
    lines.push(`ALERT ${formatInTimeZone(alert.at, timeZone, "HH:mm")}: ${alert.text}`);
  }
  const { lowestMoaas, highestCadss } = record.summary;
  if (lowestMoaas !== null) {
    lines.push(`Lowest MOAA/S ${lowestMoaas}`);
  }
  if (highestCadss !== null) {
    lines.push(`Highest CADSS-6 ${highestCadss}/24`);
  }
  return lines.join("\n");
}

function adverseEventsText(record: SessionRecord): string {
  const events = record.adverseEvents.filter((entry) => entry.enteredInError === null);
  if (events.length === 0) {
    return "None";
  }
  return events
    .map(
      (event) =>
        `${event.kindLabel}, ${SEVERITY_LABELS[event.severity].toLowerCase()}: ${event.actionTaken}${event.resolved ? " (resolved)" : " (not resolved)"}`,
    )
    .join("\n");
}

/**
 * One row of a course's sessions table: a dosing session with its record in full (entries entered
 * in error left out, as in every summary), any other session by its date and status.
 */
export function sessionLine(session: BookedSession, record: SessionRecord | null, timeZone: string): SessionLine {
  const when = `${session.date}\n${session.time}`;
  if (!record) {
    const none = session.kind === "dosing" ? "No session record" : "—";
    return {
      when,
      title: session.title,
      status: session.statusLabel,
      dose: none,
      vitals: none,
      adverseEvents: none,
      signOff: "—",
      unsigned: false,
    };
  }
  return {
    when,
    title: session.title,
    status: record.closed
      ? `${session.statusLabel}; ${record.totalMinutes ?? 0} min`
      : `${session.statusLabel}; not discharged`,
    dose: doseText(record),
    vitals: vitalsText(record, timeZone),
    adverseEvents: adverseEventsText(record),
    signOff: record.signOff
      ? `${staffLabel(record.signOff.prescriber)}\n${formatInTimeZone(record.signOff.signedAt, timeZone, "EEE d MMM yyyy, HH:mm")}`
      : UNSIGNED_SESSION,
    unsigned: record.signOff === null,
  };
}
