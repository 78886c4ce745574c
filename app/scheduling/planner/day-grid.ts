import { mergeSpans, type Span } from "./intervals";
import {
  MINUTES_PER_DAY,
  MS_PER_MINUTE,
  dayStartInstant,
  isoWeekOf,
  localDateOf,
  weekdayOf,
  zonedInstant,
  zonedInstantIfExists,
} from "./local-time";
import type { LocalDate } from "./types";

export type Day = {
  index: number;
  epochDay: number;
  date: LocalDate;
  weekday: number;
  week: number;
  startMs: number;
  endMs: number;
  /** No daylight-saving change: every local minute is startMs plus that many minutes. */
  uniform: boolean;
};

/** Candidate start instants: one row of perDay grid points per day, NaN where the local time does not exist. */
export type DayGrid = { timeZone: string; stepMinutes: number; perDay: number; days: Day[]; gridMs: Float64Array };

/** Weekly hours as minutes after local midnight. */
export type WeeklyHours = { weekday: number; from: number; to: number }[];

export function makeDay(epochDay: number, index: number, timeZone: string): Day {
  const startMs = dayStartInstant(epochDay, timeZone);
  const endMs = dayStartInstant(epochDay + 1, timeZone);
  return {
    index,
    epochDay,
    date: localDateOf(epochDay),
    weekday: weekdayOf(epochDay),
    week: isoWeekOf(epochDay),
    startMs,
    endMs,
    uniform: endMs - startMs === MINUTES_PER_DAY * MS_PER_MINUTE,
  };
}

export function buildDayGrid(timeZone: string, firstEpochDay: number, dayCount: number, stepMinutes: number): DayGrid {
  const perDay = Math.ceil(MINUTES_PER_DAY / stepMinutes);
  const days: Day[] = [];
  const gridMs = new Float64Array(dayCount * perDay);
  for (let index = 0; index < dayCount; index += 1) {
    const day = makeDay(firstEpochDay + index, index, timeZone);
    days.push(day);
    for (let slot = 0; slot < perDay; slot += 1) {
      const minute = slot * stepMinutes;
      gridMs[index * perDay + slot] = day.uniform
        ? day.startMs + minute * MS_PER_MINUTE
        : (zonedInstantIfExists(day.epochDay, minute, timeZone) ?? Number.NaN);
    }
  }
  return { timeZone, stepMinutes, perDay, days, gridMs };
}

/** The instant of a local minute (0–1440) on this day, for the edges of hours. */
export function instantAt(day: Day, minute: number, timeZone: string): number {
  return day.uniform ? day.startMs + minute * MS_PER_MINUTE : zonedInstant(day.epochDay, minute, timeZone);
}

/** The day's hours as instants, joined where they touch. */
export function hoursOnDay(weekly: WeeklyHours, day: Day, timeZone: string): Span[] {
  const spans: Span[] = [];
  for (const hours of weekly) {
    if (hours.weekday === day.weekday && hours.to > hours.from) {
      const start = instantAt(day, hours.from, timeZone);
      const end = instantAt(day, hours.to, timeZone);
      if (end > start) {
        spans.push({ start, end });
      }
    }
  }
  return mergeSpans(spans);
}
