import { TZDate } from "@date-fns/tz";
import { formatInTimeZone } from "#app/ui/dates";

const MS_PER_DAY = 86_400_000;
export const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/u;

/** A real calendar date written yyyy-MM-dd (2026-02-30 is not one). */
export function isLocalDate(value: string): boolean {
  if (!LOCAL_DATE_PATTERN.test(value)) {
    return false;
  }
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The local date so many days later (or earlier); calendar arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole days from one local date to another. */
export function daysBetween(from: string, to: string): number {
  const [a, b] = [from, to].map((date) => {
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day);
  }) as [number, number];
  return Math.round((b - a) / MS_PER_DAY);
}

export function todayIn(timeZone: string, now: Date): string {
  return formatInTimeZone(now, timeZone, "yyyy-MM-dd");
}

export function tomorrowIn(timeZone: string, now: Date): string {
  return addDays(todayIn(timeZone, now), 1);
}

/** The first instant of a local day (where midnight is skipped, the first instant after it). */
export function localDayStart(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, 0, 0, timeZone).getTime());
}
