import { TZDate } from "@date-fns/tz";
import type { LocalDate, LocalTime } from "./types";

export const MINUTES_PER_DAY = 1440;
export const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/u;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/u;

/** Days since 1970-01-01 of a real calendar date, or null. */
export function parseLocalDate(value: string): number | null {
  const match = DATE_PATTERN.exec(value);
  if (!match) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return ms / MS_PER_DAY;
}

export function localDateOf(epochDay: number): LocalDate {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0=Sunday, like Date.getDay(). */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** A number shared by the days of one ISO week (Monday to Sunday). */
export function isoWeekOf(epochDay: number): number {
  return Math.floor((epochDay + 3) / 7);
}

/** Minutes after local midnight, 0–1440; null when not "HH:mm". */
export function parseLocalTime(value: string): number | null {
  const match = TIME_PATTERN.exec(value);
  if (!match) {
    return null;
  }
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) {
    return null;
  }
  return hours * 60 + minutes;
}

export function formatLocalTime(minutes: number): LocalTime {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function zoned(epochDay: number, minute: number, timeZone: string): TZDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return new TZDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), Math.floor(minute / 60), minute % 60, timeZone);
}

/**
 * The instant of a wall-clock time. A time skipped by a daylight-saving change moves forward with
 * the clocks (02:30 → 03:30); a repeated time means its first occurrence.
 */
export function zonedInstant(epochDay: number, minute: number, timeZone: string): number {
  if (minute >= MINUTES_PER_DAY) {
    return zonedInstant(epochDay + 1, minute - MINUTES_PER_DAY, timeZone);
  }
  return zoned(epochDay, minute, timeZone).getTime();
}

/** Like zonedInstant, but null for a wall-clock time that does not exist that day. */
export function zonedInstantIfExists(epochDay: number, minute: number, timeZone: string): number | null {
  const local = zoned(epochDay, minute, timeZone);
  const date = new Date(epochDay * MS_PER_DAY);
  if (local.getDate() !== date.getUTCDate() || local.getHours() * 60 + local.getMinutes() !== minute) {
    return null;
  }
  return local.getTime();
}

/** The local calendar day and minute of an instant. */
export function localPartsOf(ms: number, timeZone: string): { epochDay: number; minute: number } {
  const local = new TZDate(ms, timeZone);
  return {
    epochDay: Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / MS_PER_DAY,
    minute: local.getHours() * 60 + local.getMinutes(),
  };
}

const dayStartCache = new Map<string, number>();
const DAY_START_CACHE_LIMIT = 50_000;

/** When local midnight (or the first instant of the day, where midnight is skipped) falls; memoized. */
export function dayStartInstant(epochDay: number, timeZone: string): number {
  const key = `${timeZone}|${epochDay}`;
  const cached = dayStartCache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  if (dayStartCache.size >= DAY_START_CACHE_LIMIT) {
    dayStartCache.clear();
  }
  const start = zonedInstant(epochDay, 0, timeZone);
  dayStartCache.set(key, start);
  return start;
}
