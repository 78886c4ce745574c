import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

/** RFC 6238 as authenticator apps expect it: SHA-1, 30-second steps, 6 digits, a 160-bit key. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_SECRET_BYTES = 20;

export function newTotpSecret(): Uint8Array {
  const secret = new Uint8Array(TOTP_SECRET_BYTES);
  crypto.getRandomValues(secret);
  return secret;
}

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / (TOTP_PERIOD_SECONDS * 1000));
}

export function totpCode(secret: Uint8Array, step: number): string {
  return generateHOTP(secret, BigInt(step), TOTP_DIGITS);
}

/** Spaces and dashes people type between digit groups are ignored; anything else makes it no code. */
export function normaliseTotpCode(input: string): string | null {
  const code = input.replace(/[\s-]/gu, "");
  return /^\d{6}$/u.test(code) ? code : null;
}

function sameCode(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  }
  return difference === 0;
}

/**
 * The time step the code belongs to, within one step either side of now (a phone's clock a little
 * off, or a code typed as it changes), or null. Every candidate is compared, so the time taken says
 * nothing about which one matched.
 */
export function matchingStep(secret: Uint8Array, input: string, now: Date): number | null {
  const code = normaliseTotpCode(input);
  if (code === null) {
    return null;
  }
  const current = timeStep(now);
  let matched: number | null = null;
  for (const step of [current, current - 1, current + 1]) {
    if (sameCode(totpCode(secret, step), code) && matched === null) {
      matched = step;
    }
  }
  return matched;
}

export function totpKeyUri(secret: Uint8Array, issuer: string, accountName: string): string {
  return createTOTPKeyURI(issuer, accountName, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The key as people type it into an app without a camera: base32 in groups of four. */
export function groupedSecret(secret: Uint8Array): string {
  return (encodeBase32UpperCaseNoPadding(secret).match(/.{1,4}/gu) ?? []).join(" ");
}
