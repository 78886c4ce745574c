/**
 * Checks of the US prescriber identifiers. Both carry a check digit, so a typo is caught at entry
 * instead of on a rejected prescription or a controlled-substance record that names the wrong person.
 */

// CMS defines the NPI check digit as the Luhn digit of the number prefixed with 80840 (the card
// issuer prefix for US health applications).
const NPI_LUHN_PREFIX = "80840";

function luhnSumIsValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function normalizeNpi(value: string): string {
  return value.replace(/[\s-]/gu, "");
}

export function normalizeDeaNumber(value: string): string {
  return value.replace(/[\s-]/gu, "").toUpperCase();
}

/** Why the NPI is not valid, or null. Expects a normalized value. */
export function npiProblem(npi: string): string | null {
  if (!/^\d{10}$/u.test(npi)) {
    return "An NPI has exactly 10 digits.";
  }
  if (!luhnSumIsValid(NPI_LUHN_PREFIX + npi)) {
    return "This NPI's check digit does not match: check for a typo.";
  }
  return null;
}

export function isValidNpi(npi: string): boolean {
  return npiProblem(npi) === null;
}

/** Why the DEA number is not valid, or null. Expects a normalized value. */
export function deaNumberProblem(deaNumber: string): string | null {
  if (!/^[A-Z]{2}\d{7}$/u.test(deaNumber)) {
    return "A DEA number is 2 letters followed by 7 digits, e.g. AB1234563.";
  }
  const d = [...deaNumber.slice(2)].map(Number) as [number, number, number, number, number, number, number];
  const sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
  if (sum % 10 !== d[6]) {
    return "This DEA number's check digit does not match: check for a typo.";
  }
  return null;
}

export function isValidDeaNumber(deaNumber: string): boolean {
  return deaNumberProblem(deaNumber) === null;
}
