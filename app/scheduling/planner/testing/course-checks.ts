import { tz } from "@date-fns/tz";
import { differenceInCalendarDays, format, getISOWeek, getISOWeekYear } from "date-fns";
import type { ProposedSlot } from "#app/scheduling/planner/types";
import { LA } from "./fixtures";

/**
 * The standard course's rules, restated with date-fns rather than the planner's own code, so the
 * example tests do not only ask the planner whether the planner is right.
 */
export function daysBetween(earlier: ProposedSlot, later: ProposedSlot, timeZone = LA): number {
  return differenceInCalendarDays(later.start, earlier.start, { in: tz(timeZone) });
}

export function isoWeek(slot: ProposedSlot, timeZone = LA): string {
  return `${getISOWeekYear(slot.start, { in: tz(timeZone) })}-${getISOWeek(slot.start, { in: tz(timeZone) })}`;
}

export function localTime(slot: ProposedSlot, timeZone = LA): string {
  return format(slot.start, "HH:mm", { in: tz(timeZone) });
}

export function localDate(slot: ProposedSlot, timeZone = LA): string {
  return format(slot.start, "yyyy-MM-dd", { in: tz(timeZone) });
}

export function weekday(slot: ProposedSlot, timeZone = LA): number {
  return Number(format(slot.start, "i", { in: tz(timeZone) })) % 7;
}

export function byKey(slots: readonly ProposedSlot[], key: string): ProposedSlot {
  const slot = slots.find((candidate) => candidate.key === key);
  if (!slot) {
    throw new Error(`No slot ${key}`);
  }
  return slot;
}

export function dosesOf(slots: readonly ProposedSlot[]): ProposedSlot[] {
  return slots.filter((slot) => slot.kind === "dosing");
}
