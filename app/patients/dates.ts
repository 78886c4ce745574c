import { tz } from "@date-fns/tz";
import { differenceInYears, format, isValid, parseISO } from "date-fns";

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const US_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;

function isoFromParts(year: number, month: number, day: number): string | null {
  // Date.UTC rolls 02/31 over into March; comparing the parts back rejects dates that do not exist.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * A calendar date as typed by a person: 1980-05-17 (what a date input sends) or the US order
 * 05/17/1980. Returns the ISO date, or null when the text is not a date that exists.
 */
export function parseDateInput(text: string): string | null {
  const trimmed = text.trim();
  const iso = ISO_DATE.exec(trimmed);
  if (iso) {
    return isoFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }
  const us = US_DATE.exec(trimmed);
  if (us) {
    return isoFromParts(Number(us[3]), Number(us[1]), Number(us[2]));
  }
  return null;
}

/** True when the text has the shape of a date, whether or not that date exists. */
export function looksLikeDate(text: string): boolean {
  const trimmed = text.trim();
  return ISO_DATE.test(trimmed) || US_DATE.test(trimmed);
}

/** "May 17, 1980". */
export function formatDateOfBirth(isoDate: string): string {
  const date = parseISO(isoDate);
  return isValid(date) ? format(date, "MMMM d, yyyy") : isoDate;
}

/** Today's date in the clinic's time zone: a birthday is a local date, not a UTC instant. */
export function todayInZone(timeZone: string, now: Date): string {
  return format(now, "yyyy-MM-dd", { in: tz(timeZone) });
}

export function ageOn(dateOfBirth: string, today: string): number {
  return differenceInYears(parseISO(today), parseISO(dateOfBirth));
}
