import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/**
 * Ten single-use codes of 80 random bits each: too many combinations to guess, so a plain SHA-256
 * is enough to store them (argon2 is for secrets people choose).
 */
export const RECOVERY_CODE_COUNT = 10;
const CODE_BYTES = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = new Uint8Array(CODE_BYTES);
    crypto.getRandomValues(bytes);
    return (encodeBase32LowerCaseNoPadding(bytes).match(/.{4}/gu) ?? []).join("-");
  });
}

/** Case, spaces and dashes are forgiven; anything that cannot be a code is null. */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/gu, "");
  return /^[a-z2-7]{16}$/u.test(code) ? code : null;
}

export function hashRecoveryCode(normalised: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalised)));
}
