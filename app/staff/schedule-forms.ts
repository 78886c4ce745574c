import { z } from "zod";
import { timeOfDay, WEEKDAY_NAMES } from "#app/clinic/clinic-forms";
import { LOCAL_DATE_TIME_PATTERN } from "#app/clinic/local-time";

export const SCHEDULE_INTENTS = ["add-hours", "remove-hours", "add-time-off", "cancel-time-off"] as const;
export type ScheduleIntent = (typeof SCHEDULE_INTENTS)[number];

export const addWorkingHoursSchema = z
  .object({
    intent: z.literal("add-hours"),
    weekday: z
      .string({ error: "Choose a weekday." })
      .regex(/^[0-6]$/u, { error: "Choose a weekday." })
      .transform(Number),
    startsAt: timeOfDay("start"),
    endsAt: timeOfDay("end"),
  })
  .refine((value) => value.startsAt < value.endsAt, { path: ["endsAt"], error: "The end must be after the start." });

export const removeWorkingHoursSchema = z.object({ intent: z.literal("remove-hours"), intervalId: z.uuid() });

function localDateTime(label: string) {
  return z
    .string({ error: `Enter the ${label} date and time.` })
    .regex(LOCAL_DATE_TIME_PATTERN, { error: `Enter the ${label} date and time, e.g. 2026-03-09 09:00.` })
    .transform((value) => value.slice(0, 16));
}

export const addTimeOffSchema = z
  .object({
    intent: z.literal("add-time-off"),
    startsAt: localDateTime("start"),
    endsAt: localDateTime("end"),
    reason: z
      .string()
      .trim()
      .max(200, { error: "Use at most 200 characters." })
      .optional()
      .transform((value) => value ?? ""),
  })
  // Same-zone wall-clock strings of one format sort like the times they name.
  .refine((value) => value.startsAt < value.endsAt, { path: ["endsAt"], error: "The end must be after the start." });

export const cancelTimeOffSchema = z.object({ intent: z.literal("cancel-time-off"), timeOffId: z.uuid() });

export type Interval = { startsAt: string; endsAt: string };

/**
 * The first interval that shares time with the candidate. Touching ends (09:00–12:00 and
 * 12:00–17:00) do not overlap.
 */
export function findOverlap<T extends Interval>(existing: readonly T[], candidate: Interval): T | null {
  return (
    existing.find((interval) => interval.startsAt < candidate.endsAt && candidate.startsAt < interval.endsAt) ?? null
  );
}

export function overlapMessage(weekday: number, interval: Interval): string {
  return `This overlaps the hours already set on ${WEEKDAY_NAMES[weekday] ?? "that day"} (${interval.startsAt}–${interval.endsAt}).`;
}
