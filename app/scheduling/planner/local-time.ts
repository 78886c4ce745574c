import { TZDate, tzOffset } from "@date-fns/tz";
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

/** "yyyy-MM-dd" of a day number (days since 1970-01-01), by Howard Hinnant's civil-from-days. */
export function localDateOf(epochDay: number): LocalDate {
  const shifted = epochDay + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
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

const knownTimeZones = new Set<string>();

export function isValidTimeZone(timeZone: string): boolean {
  if (knownTimeZones.has(timeZone)) {
    return true;
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return false;
  }
  // Building a formatter is slow; a zone that once worked keeps working.
  knownTimeZones.add(timeZone);
  return true;
}

function zoned(epochDay: number, minute: number, timeZone: string): TZDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return new TZDate(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    Math.floor(minute / 60),
    minute % 60,
    timeZone,
  );
}

/**
 * The instant of a wall-clock time. A time skipped by a daylight-saving change moves forward with
 * the clocks (02:30 → 03:30); a repeated time means its first occurrence. Memoized: asking the zone
 * database is the slowest step in planning.
 */
export function zonedInstant(epochDay: number, minute: number, timeZone: string): number {
  if (minute >= MINUTES_PER_DAY) {
    return zonedInstant(epochDay + 1, minute - MINUTES_PER_DAY, timeZone);
  }
  const key = `${timeZone}|${epochDay}|${minute}`;
  const cached = instantCache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  if (instantCache.size >= INSTANT_CACHE_LIMIT) {
    instantCache.clear();
  }
  const instant = zoned(epochDay, minute, timeZone).getTime();
  instantCache.set(key, instant);
  return instant;
}

/** Like zonedInstant, but null for a wall-clock time that does not exist that day. */
export function zonedInstantIfExists(epochDay: number, minute: number, timeZone: string): number | null {
  const instant = zonedInstant(epochDay, minute, timeZone);
  const parts = localPartsOf(instant, timeZone);
  return parts.epochDay === epochDay && parts.minute === minute ? instant : null;
}

/** The local calendar day and minute of an instant. */
export function localPartsOf(ms: number, timeZone: string): { epochDay: number; minute: number } {
  const shifted = ms + tzOffset(timeZone, new Date(ms)) * MS_PER_MINUTE;
  const epochDay = Math.floor(shifted / MS_PER_DAY);
  return { epochDay, minute: Math.floor((shifted - epochDay * MS_PER_DAY) / MS_PER_MINUTE) };
}

const instantCache = new Map<string, number>();
const INSTANT_CACHE_LIMIT = 100_000;

/** When local midnight (or the first instant of the day, where midnight is skipped) falls. */
export function dayStartInstant(epochDay: number, timeZone: string): number {
  return zonedInstant(epochDay, 0, timeZone);
}
