import { startOfMinute } from "date-fns";
import type { DischargeCriteria } from "#db/schema/dosing-record";
import { localDateTimeToUtc } from "#app/clinic/local-time";
import { formatInTimeZone } from "#app/ui/dates";

/** How far ahead of the server's clock a time may be: a tablet's clock is rarely exact. */
export const FUTURE_TOLERANCE_MS = 60_000;

/**
 * Why a time cannot be recorded in this session, or null when it can: nothing happens before the
 * patient checked in, nor in the future.
 */
export function entryTimeProblem(
  at: Date,
  bounds: { checkedInAt: Date | null; now: Date; timeZone: string },
): string | null {
  const shown = formatInTimeZone(at, bounds.timeZone, "HH:mm");
  if (at.getTime() > bounds.now.getTime() + FUTURE_TOLERANCE_MS) {
    return `${shown} is in the future. Enter the time it happened.`;
  }
  // Compared to the minute: times are entered to the minute.
  if (bounds.checkedInAt && at.getTime() < startOfMinute(bounds.checkedInAt).getTime()) {
    return `${shown} is before check-in at ${formatInTimeZone(bounds.checkedInAt, bounds.timeZone, "HH:mm")}. Enter a time after check-in.`;
  }
  return null;
}

export type EntryInstant = { ok: true; at: Date } | { ok: false; message: string };

/**
 * The instant a time typed on the session page names: that time on the date the page sent (the
 * clinic's date when it showed the form), or on today's date in the clinic's zone.
 */
export function entryInstant(
  input: { time: string; date?: string | undefined },
  timeZone: string,
  now: Date,
): EntryInstant {
  const date = input.date ?? formatInTimeZone(now, timeZone, "yyyy-MM-dd");
  const local = localDateTimeToUtc(`${date}T${input.time}`, timeZone);
  if (local.ok) {
    return { ok: true, at: local.at };
  }
  return {
    ok: false,
    message:
      local.reason === "nonexistent"
        ? `${input.time} does not exist on ${date}: the clocks changed that night. Enter the time the clock showed.`
        : "Enter the time as hours and minutes, e.g. 10:30.",
  };
}

/** Whole minutes from check-in to discharge. */
export function totalMinutes(checkedInAt: Date, dischargedAt: Date): number {
  return Math.max(0, Math.round((dischargedAt.getTime() - checkedInAt.getTime()) / 60_000));
}

export type DischargeCriterion = keyof DischargeCriteria;

export const DISCHARGE_CRITERIA: readonly { key: DischargeCriterion; label: string }[] = [
  { key: "vitalsNearBaseline", label: "Vital signs near baseline" },
  { key: "oriented", label: "Oriented to person, place and time" },
  { key: "walksSteadily", label: "Walks steadily without help" },
  { key: "escortPresent", label: "Escort present to take the patient home" },
  { key: "toldNotToDrive", label: "Told not to drive until the next day" },
];

/** The discharge criteria not yet met, by their labels; discharge waits until the list is empty. */
export function unmetDischargeCriteria(criteria: Partial<DischargeCriteria>): string[] {
  return DISCHARGE_CRITERIA.filter((criterion) => criteria[criterion.key] !== true).map((criterion) => criterion.label);
}

export function dischargeRefusal(unmet: readonly string[]): string | null {
  if (unmet.length === 0) {
    return null;
  }
  return `The patient cannot be discharged until every criterion is met. Not met yet: ${unmet.map((label) => label.charAt(0).toLowerCase() + label.slice(1)).join("; ")}.`;
}

export const ADVERSE_EVENT_KINDS = [
  { key: "nausea", label: "Nausea" },
  { key: "vomiting", label: "Vomiting" },
  { key: "hypertension", label: "Hypertension" },
  { key: "tachycardia", label: "Tachycardia" },
  { key: "bradycardia", label: "Bradycardia" },
  { key: "desaturation", label: "Desaturation" },
  { key: "agitation", label: "Agitation" },
  { key: "anxiety_panic", label: "Anxiety or panic" },
  { key: "dysphoric_emergence", label: "Dysphoric emergence" },
  { key: "headache", label: "Headache" },
  { key: "dizziness", label: "Dizziness" },
  { key: "other", label: "Other" },
] as const;

export type AdverseEventKind = (typeof ADVERSE_EVENT_KINDS)[number]["key"];

export const ADVERSE_EVENT_KIND_KEYS = ADVERSE_EVENT_KINDS.map((kind) => kind.key) as [
  AdverseEventKind,
  ...AdverseEventKind[],
];

const OTHER_PREFIX = "other: ";

/** What is stored in adverse_event.kind: the key, or "other: <description>". */
export function storedAdverseEventKind(kind: AdverseEventKind, otherDescription: string): string {
  return kind === "other" ? `${OTHER_PREFIX}${otherDescription.trim()}` : kind;
}

/** The words for a stored kind, e.g. "Anxiety or panic", "Other: jaw tension". */
export function adverseEventKindLabel(stored: string): string {
  if (stored.startsWith(OTHER_PREFIX)) {
    return `Other: ${stored.slice(OTHER_PREFIX.length)}`;
  }
  return ADVERSE_EVENT_KINDS.find((kind) => kind.key === stored)?.label ?? stored;
}

export const SEVERITY_LABELS = { mild: "Mild", moderate: "Moderate", severe: "Severe" } as const;

/** Doses compare to the hundredth of a milligram, as the database stores them. */
export function sameDose(a: number, b: number): boolean {
  return Math.round(a * 100) === Math.round(b * 100);
}

/** e.g. "50 mg", "37.5 mg". */
export function formatMg(mg: number): string {
  return `${Number(mg.toFixed(2))} mg`;
}

/** The warning a nurse must confirm to give a dose other than the one ordered, or null. */
export function doseDifference(givenMg: number, orderedMg: number): string | null {
  if (sameDose(givenMg, orderedMg)) {
    return null;
  }
  return `${formatMg(givenMg)} is ${givenMg > orderedMg ? "more" : "less"} than the ${formatMg(orderedMg)} ordered.`;
}
