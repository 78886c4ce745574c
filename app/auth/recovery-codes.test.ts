import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";

describe("recovery codes", () => {
  it("are ten distinct codes of 80 random bits, in groups people can copy", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/u);
    }
  });

  it("forgive case, spaces and dashes, and refuse what cannot be a code", () => {
    const [code] = newRecoveryCodes();
    const plain = code!.replaceAll("-", "");
    expect(normaliseRecoveryCode(code!.toUpperCase())).toBe(plain);
    expect(normaliseRecoveryCode(` ${code!.replaceAll("-", " ")} `)).toBe(plain);
    for (const bad of ["", "abcd", `${plain}a`, plain.replace(/.$/u, "1"), plain.replace(/.$/u, "0")]) {
      expect(normaliseRecoveryCode(bad), bad).toBeNull();
    }
  });

  it("are stored as a SHA-256 that does not contain the code", () => {
    const [code] = newRecoveryCodes();
    const hash = hashRecoveryCode(normaliseRecoveryCode(code!)!);
    expect(hash).toMatch(/^[0-9a-f]{64}$/u);
    expect(hash).not.toContain(code!.replaceAll("-", ""));
    expect(hashRecoveryCode(normaliseRecoveryCode(code!.toUpperCase())!)).toBe(hash);
  });
});
