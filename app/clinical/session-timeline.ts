import { formatInTimeZone } from "#app/ui/dates";
import { DRUG_LABELS } from "./clinical-settings";
import { describeMentalStatus } from "./session-checks";
import type { EntryType } from "./session-forms";
import type { EntryBase, SessionRecord, StaffRef } from "./session-record.server";
import { formatMg, SEVERITY_LABELS } from "./session-rules";
import { describeVitals, type VitalSign } from "./session-vitals";

/** One row of the session's timeline, in words and in the clinic's time. */
export type TimelineRow = {
  key: string;
  kind: EntryType | "check-in" | "discharge";
  /** The entry an "entered in error" mark would name; null for check-in and discharge. */
  entryId: string | null;
  time: string;
  what: string;
  details: string[];
  /** Alert sentences of a vitals entry, shown prominently. */
  alerts: string[];
  /** A warning about the entry itself, e.g. a dose other than the one ordered. */
  warning: string | null;
  by: string;
  enteredInError: { by: string; at: string; reason: string } | null;
};

const KIND_TITLES: Record<TimelineRow["kind"], string> = {
  "check-in": "Check-in",
  administration: "Dose given",
  vitals: "Vital signs",
  check: "Sedation and dissociation",
  observation: "Observation",
  "adverse-event": "Adverse event",
  discharge: "Discharge",
};

export function staffLabel(person: StaffRef): string {
  return person.credentials ? `${person.name}, ${person.credentials}` : person.name;
}

function timeOf(at: Date, timeZone: string): string {
  return formatInTimeZone(at, timeZone, "HH:mm");
}

type Sortable = TimelineRow & { sortAt: number; order: number };

/**
 * Everything recorded in the session as one list, oldest first (newest at the bottom): check-in,
 * each entry in the order it happened, and the discharge last.
 */
export function sessionTimeline(record: SessionRecord, timeZone: string): TimelineRow[] {
  const rows: Sortable[] = [];
  const entry = (
    kind: EntryType,
    item: EntryBase,
    what: string,
    details: string[],
    extra: { alerts?: string[]; warning?: string | null } = {},
  ): Sortable => ({
    key: `${kind}-${item.id}`,
    kind,
    entryId: item.id,
    time: timeOf(item.at, timeZone),
    what,
    details,
    alerts: extra.alerts ?? [],
    warning: extra.warning ?? null,
    by: staffLabel(item.recordedBy),
    enteredInError: item.enteredInError
      ? {
          by: staffLabel(item.enteredInError.by),
          at: formatInTimeZone(item.enteredInError.at, timeZone, "EEE d MMM yyyy, HH:mm"),
          reason: item.enteredInError.reason,
        }
      : null,
    sortAt: item.at.getTime(),
    order: item.recordedAt.getTime(),
  });

  rows.push({
    key: "check-in",
    kind: "check-in",
    entryId: null,
    time: timeOf(record.checkedInAt, timeZone),
    what: KIND_TITLES["check-in"],
    details: ["Session started."],
    alerts: [],
    warning: null,
    by: staffLabel(record.openedBy),
    enteredInError: null,
    sortAt: record.checkedInAt.getTime(),
    order: Number.NEGATIVE_INFINITY,
  });
  for (const item of record.administrations) {
    const details = [
      `${DRUG_LABELS[item.drug]} ${formatMg(item.doseMg)} ${item.route}`,
      `Lot ${item.lotNumber}`,
      `Given by ${staffLabel(item.givenBy)}`,
    ];
    const warning =
      item.differsFromOrder && record.order
        ? `Differs from the ${formatMg(record.order.doseMg)} ordered (confirmed when recorded).`
        : null;
    rows.push(entry("administration", item, KIND_TITLES.administration, details, { warning }));
  }
  for (const item of record.vitals) {
    rows.push(entry("vitals", item, KIND_TITLES.vitals, [describeVitals(item)], { alerts: item.alerts }));
  }
  for (const item of record.checks) {
    rows.push(entry("check", item, KIND_TITLES.check, [describeMentalStatus(item)]));
  }
  for (const item of record.observations) {
    rows.push(entry("observation", item, KIND_TITLES.observation, [item.text]));
  }
  for (const item of record.adverseEvents) {
    const details = [
      `${item.kindLabel}, ${SEVERITY_LABELS[item.severity].toLowerCase()}`,
      `Action taken: ${item.actionTaken}`,
      item.resolved ? "Resolved" : "Not resolved",
    ];
    rows.push(
      entry("adverse-event", item, `${KIND_TITLES["adverse-event"]}: ${item.kindLabel}`, details, {
        warning: item.severity === "severe" ? "Severe adverse event." : null,
      }),
    );
  }
  if (record.discharge) {
    const details = [
      `Escort: ${record.discharge.escortName}`,
      "All discharge criteria met.",
      `Total time: ${record.totalMinutes ?? 0} minutes.`,
    ];
    if (record.discharge.note) {
      details.push(record.discharge.note);
    }
    rows.push({
      key: "discharge",
      kind: "discharge",
      entryId: null,
      time: timeOf(record.discharge.at, timeZone),
      what: KIND_TITLES.discharge,
      details,
      alerts: [],
      warning: null,
      by: staffLabel(record.discharge.by),
      enteredInError: null,
      sortAt: record.discharge.at.getTime(),
      order: Number.POSITIVE_INFINITY,
    });
  }
  rows.sort((a, b) => a.sortAt - b.sortAt || a.order - b.order);
  return rows.map(({ sortAt: _sortAt, order: _order, ...row }) => row);
}

const RANGE_LABELS: Record<VitalSign, string> = {
  systolic: "Systolic",
  diastolic: "Diastolic",
  heartRate: "Heart rate",
  spo2: "SpO₂",
  respiratoryRate: "Respiratory rate",
};

/** e.g. [{ label: "Systolic", range: "118–168" }], for the signs recorded at least once. */
export function rangeRows(record: SessionRecord): { sign: VitalSign; label: string; range: string }[] {
  return (Object.keys(RANGE_LABELS) as VitalSign[]).flatMap((sign) => {
    const range = record.summary.vitalsRanges[sign];
    if (!range) {
      return [];
    }
    const unit = sign === "spo2" ? " %" : "";
    return [
      {
        sign,
        label: RANGE_LABELS[sign],
        range: range.min === range.max ? `${range.min}${unit}` : `${range.min}–${range.max}${unit}`,
      },
    ];
  });
}
