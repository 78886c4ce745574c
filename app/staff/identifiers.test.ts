import { describe, expect, it } from "vitest";
import {
  deaNumberProblem,
  isValidDeaNumber,
  isValidNpi,
  normalizeDeaNumber,
  normalizeNpi,
  npiProblem,
} from "./identifiers";

describe("NPI", () => {
  it.each(["1234567893", "1245319599", "1679576722"])("accepts %s, whose check digit matches", (npi) => {
    expect(isValidNpi(npi)).toBe(true);
  });

  it("refuses a wrong check digit", () => {
    expect(npiProblem("1234567890")).toMatch(/check digit/u);
    expect(isValidNpi("1245319598")).toBe(false);
  });

  it("catches a swap of two neighbouring digits", () => {
    expect(isValidNpi("1234567983")).toBe(false);
  });

  it.each(["123456789", "12345678931", "12345a7893", ""])("refuses %j, which is not 10 digits", (npi) => {
    expect(npiProblem(npi)).toMatch(/10 digits/u);
  });

  it("only accepts check digits computed with the 80840 prefix", () => {
    // 1234567897 passes a plain Luhn check of its own 10 digits, but not with the prefix.
    expect(isValidNpi("1234567897")).toBe(false);
  });

  it("normalizes spaces and hyphens away", () => {
    expect(normalizeNpi(" 12345-67893 ")).toBe("1234567893");
  });
});

describe("DEA number", () => {
  it.each(["BO1234563", "MI2345672", "AB1234563", "FT0000000"])("accepts %s", (dea) => {
    expect(isValidDeaNumber(dea)).toBe(true);
  });

  it("refuses a wrong check digit", () => {
    // (1+3+5) + 2*(2+4+6) = 33, so the last digit must be 3.
    expect(deaNumberProblem("AB1234564")).toMatch(/check digit/u);
    // (2+4+6) + 2*(3+5+7) = 42: the demo seed's MI2345675 should end in 2.
    expect(isValidDeaNumber("MI2345675")).toBe(false);
  });

  it.each(["A1234563", "AB123456", "AB12345634", "1B1234563", "ab1234563", ""])("refuses the malformed %j", (dea) => {
    expect(deaNumberProblem(dea)).toMatch(/2 letters/u);
  });

  it("normalizes case and separators", () => {
    expect(normalizeDeaNumber(" bo-1234563 ")).toBe("BO1234563");
    expect(isValidDeaNumber(normalizeDeaNumber("bo1234563"))).toBe(true);
  });
});
