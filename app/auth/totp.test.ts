import { describe, expect, it } from "vitest";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import {
  groupedSecret,
  matchingStep,
  newTotpSecret,
  normaliseTotpCode,
  timeStep,
  totpCode,
  totpKeyUri,
  TOTP_SECRET_BYTES,
} from "./totp";

// RFC 6238 appendix B: the SHA-1 key "12345678901234567890", 8-digit codes truncated to 6 here.
const RFC_KEY = new TextEncoder().encode("12345678901234567890");

describe("TOTP codes", () => {
  it("match the RFC 6238 test vectors (last six digits)", () => {
    expect(totpCode(RFC_KEY, timeStep(new Date(59_000)))).toBe("287082");
    expect(totpCode(RFC_KEY, timeStep(new Date(1_111_111_109_000)))).toBe("081804");
    expect(totpCode(RFC_KEY, timeStep(new Date(2_000_000_000_000)))).toBe("279037");
  });

  it("makes 160-bit secrets, different each time", () => {
    const a = newTotpSecret();
    expect(a).toHaveLength(TOTP_SECRET_BYTES);
    expect(TOTP_SECRET_BYTES * 8).toBe(160);
    expect(Buffer.from(a).equals(Buffer.from(newTotpSecret()))).toBe(false);
  });

  it("accepts the code of the current step and one step either side, and no further", () => {
    const secret = newTotpSecret();
    const now = new Date("2026-12-02T10:00:15Z");
    const step = timeStep(now);
    expect(matchingStep(secret, totpCode(secret, step), now)).toBe(step);
    expect(matchingStep(secret, totpCode(secret, step - 1), now)).toBe(step - 1);
    expect(matchingStep(secret, totpCode(secret, step + 1), now)).toBe(step + 1);
    for (const far of [step - 2, step + 2, step - 10]) {
      const code = totpCode(secret, far);
      // A far code could collide with a near one by chance (1 in 10^6 per step); then it is that step's.
      const near = [step - 1, step, step + 1].some((candidate) => totpCode(secret, candidate) === code);
      expect(matchingStep(secret, code, now)).toEqual(near ? expect.any(Number) : null);
    }
  });

  it("ignores spaces and dashes, refuses anything that is not six digits", () => {
    expect(normaliseTotpCode(" 123 456 ")).toBe("123456");
    expect(normaliseTotpCode("123-456")).toBe("123456");
    for (const bad of ["", "12345", "1234567", "12345a", "١٢٣٤٥٦", "123456\u0000"]) {
      expect(normaliseTotpCode(bad), bad).toBeNull();
    }
    expect(matchingStep(newTotpSecret(), "abcdef", new Date())).toBeNull();
  });

  it("gives apps the key in an otpauth URI and in groups of four for typing", () => {
    const secret = newTotpSecret();
    const uri = new URL(totpKeyUri(secret, "KAP Care Team (Harbor Clinic)", "maya@harbor.example"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
    const grouped = groupedSecret(secret);
    expect(grouped).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/u);
    expect(Buffer.from(decodeBase32IgnorePadding(grouped.replaceAll(" ", ""))).equals(Buffer.from(secret))).toBe(true);
    expect(uri.searchParams.get("secret")).toBe(grouped.replaceAll(" ", ""));
  });
});
