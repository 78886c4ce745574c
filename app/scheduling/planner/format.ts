import { formatLocalTime, weekdayOf } from "./local-time";
import type { AppointmentKind } from "./types";

const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const WEEKDAY_PLURAL = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const MS_PER_DAY = 86_400_000;
const MAX_RUNS_SHOWN = 3;

function monthDay(epochDay: number): { month: string; day: number } {
  const date = new Date(epochDay * MS_PER_DAY);
  return { month: MONTHS[date.getUTCMonth()] ?? "", day: date.getUTCDate() };
}

/** "Tue, Mar 3". */
export function formatDay(epochDay: number): string {
  const { month, day } = monthDay(epochDay);
  return `${WEEKDAY_SHORT[weekdayOf(epochDay)] ?? ""}, ${month} ${day}`;
}

export function weekdayPlural(weekday: number): string {
  return WEEKDAY_PLURAL[weekday] ?? "";
}

export function weekdayShort(weekday: number): string {
  return WEEKDAY_SHORT[weekday] ?? "";
}

function formatRun(first: number, last: number): string {
  if (first === last) {
    return formatDay(first);
  }
  const from = monthDay(first);
  const to = monthDay(last);
  return from.month === to.month
    ? `${from.month} ${from.day}–${to.day}`
    : `${from.month} ${from.day}–${to.month} ${to.day}`;
}

/** "Mar 3–7, Tue, Mar 10 and 4 more days" for a set of days. */
export function formatDays(epochDays: readonly number[]): string {
  const sorted = [...new Set(epochDays)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && day === last[1] + 1) {
      last[1] = day;
    } else {
      runs.push([day, day]);
    }
  }
  const shown = runs.slice(0, MAX_RUNS_SHOWN).map(([first, last]) => formatRun(first, last));
  const hidden = runs.slice(MAX_RUNS_SHOWN).reduce((sum, [first, last]) => sum + last - first + 1, 0);
  if (hidden > 0) {
    return `${shown.join(", ")} and ${hidden} more day${hidden === 1 ? "" : "s"}`;
  }
  if (shown.length > 1) {
    return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1] ?? ""}`;
  }
  return shown[0] ?? "";
}

/** "3-hour", "90-minute": an adjective for a window. */
export function durationAdjective(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}-hour` : `${minutes}-minute`;
}

/** "3 hours", "90 minutes". */
export function durationPhrase(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${hours} hour${hours === 1 ? "" : "s"}`;
  }
  return `${minutes} minutes`;
}

/** "08:30–12:00" for hours given as minutes after midnight. */
export function formatHours(ranges: readonly { from: number; to: number }[]): string {
  return ranges.map((range) => `${formatLocalTime(range.from)}–${formatLocalTime(range.to)}`).join(" and ");
}

export function kindLabel(kind: AppointmentKind): string {
  switch (kind) {
    case "screening":
      return "screening";
    case "preparation":
      return "preparation";
    case "dosing":
      return "dosing";
    case "integration":
      return "integration";
    case "checkpoint":
      return "checkpoint";
  }
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** "1 day", "1–3 days". */
export function dayRange(min: number, max: number): string {
  return min === max ? plural(min, "day") : `${min}–${max} days`;
}
