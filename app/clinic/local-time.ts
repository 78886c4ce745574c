import { TZDate, tz } from "@date-fns/tz";
import { format } from "date-fns";

/** "2026-03-09T09:30" as typed in a datetime-local input; seconds are allowed and dropped. */
export const LOCAL_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/u;

/** "09:30" as typed in a time input; seconds are allowed and dropped. */
export const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/u;

export function isSupportedTimeZone(timeZone: string, supported: readonly string[] = supportedTimeZones()): boolean {
  return supported.includes(timeZone);
}

export function supportedTimeZones(): string[] {
  return Intl.supportedValuesOf("timeZone");
}

/** "HH:MM", whatever precision the browser or the database gave ("09:30:00" → "09:30"). */
export function toHourMinute(value: string): string {
  return value.slice(0, 5);
}

export type LocalToUtc = { ok: true; at: Date } | { ok: false; reason: "invalid" | "nonexistent" };

/**
 * The instant a wall-clock time in the clinic's zone names. A time skipped by a daylight-saving
 * change does not exist: it is refused rather than silently moved by an hour. A repeated hour
 * (autumn) resolves to its first occurrence.
 */
export function localDateTimeToUtc(value: string, timeZone: string): LocalToUtc {
  const match = LOCAL_DATE_TIME_PATTERN.exec(value);
  if (!match) {
    return { ok: false, reason: "invalid" };
  }
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) {
    return { ok: false, reason: "invalid" };
  }
  const local = new TZDate(year, month - 1, day, hour, minute, timeZone);
  if (Number.isNaN(local.getTime())) {
    return { ok: false, reason: "invalid" };
  }
  if (local.getFullYear() !== year || local.getMonth() !== month - 1 || local.getDate() !== day) {
    return { ok: false, reason: "invalid" };
  }
  if (local.getHours() !== hour || local.getMinutes() !== minute) {
    return { ok: false, reason: "nonexistent" };
  }
  return { ok: true, at: new Date(local.getTime()) };
}

/** The value a datetime-local input needs to show this instant in the clinic's zone. */
export function utcToLocalInput(at: Date, timeZone: string): string {
  return format(at, "yyyy-MM-dd'T'HH:mm", { in: tz(timeZone) });
}

/** e.g. "Mon 9 Mar 2026, 09:30", in the clinic's zone. */
export function formatLocalDateTime(at: Date, timeZone: string): string {
  return format(at, "EEE d MMM yyyy, HH:mm", { in: tz(timeZone) });
}
