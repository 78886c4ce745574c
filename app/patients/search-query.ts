import { looksLikeDate, parseDateInput } from "./dates";

export type SearchQuery =
  | { kind: "empty" }
  | { kind: "name"; words: string[] }
  | { kind: "dob"; dateOfBirth: string }
  | { kind: "mrn"; mrn: string }
  | { kind: "phone"; digits: string }
  | { kind: "invalid"; message: string };

export const MAX_QUERY_LENGTH = 200;
export const MAX_NAME_WORDS = 6;
export const MIN_PHONE_DIGITS = 4;
// E.164 allows at most 15 digits.
export const MAX_PHONE_DIGITS = 15;

const MRN = /^k\d+$/i;
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

/**
 * Reads the one search box: an MRN (K100023), a date of birth (1980-05-17 or 05/17/1980), a phone
 * number or some of its digits, or otherwise words of a name.
 */
export function parseSearchQuery(input: string | null | undefined): SearchQuery {
  // A name typed on one device may arrive decomposed (e + combining diaeresis); stored names are NFC.
  const text = (input ?? "").normalize("NFC").trim().replace(/\s+/g, " ");
  if (text === "") {
    return { kind: "empty" };
  }
  if (text.length > MAX_QUERY_LENGTH) {
    return { kind: "invalid", message: `Search for at most ${MAX_QUERY_LENGTH} characters.` };
  }
  if (MRN.test(text)) {
    return { kind: "mrn", mrn: text.toUpperCase() };
  }
  if (looksLikeDate(text)) {
    const dateOfBirth = parseDateInput(text);
    return dateOfBirth
      ? { kind: "dob", dateOfBirth }
      : { kind: "invalid", message: "That date does not exist. Write a date of birth as 1980-05-17 or 05/17/1980." };
  }
  if (PHONE_LIKE.test(text)) {
    const digits = text.replace(/\D/g, "");
    if (digits.length < MIN_PHONE_DIGITS) {
      return { kind: "invalid", message: `Enter at least ${MIN_PHONE_DIGITS} digits of a phone number.` };
    }
    if (digits.length > MAX_PHONE_DIGITS) {
      return { kind: "invalid", message: `A phone number has at most ${MAX_PHONE_DIGITS} digits.` };
    }
    return { kind: "phone", digits };
  }
  // Case is folded by the database, on both sides of the comparison, so it matches the index exactly.
  const words = text
    .split(/[\s,]+/)
    .map((word) => word.trim())
    .filter((word) => word !== "");
  if (words.length === 0) {
    return { kind: "empty" };
  }
  if (words.length > MAX_NAME_WORDS) {
    return { kind: "invalid", message: `Search for at most ${MAX_NAME_WORDS} words of a name.` };
  }
  return { kind: "name", words: [...new Set(words)] };
}

/** Escapes LIKE's wildcards so "O_Brien" or "100%" match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
