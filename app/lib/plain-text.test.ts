import { describe, expect, it } from "vitest";
import { plainText } from "./plain-text";

describe("plainText", () => {
  it.each([
    ["right-to-left override", "Jane \u202Eeod", "Jane eod"],
    ["isolates and marks", "\u2067Ana\u2069 \u200FLi\u200E", "Ana Li"],
    ["a control beside the spaces it hides", " \u202E Søren ", "Søren"],
  ])("removes %s", (_name, input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it("keeps right-to-left scripts and composes accents", () => {
    expect(plainText("שרה כהן")).toBe("שרה כהן");
    expect(plainText("مريم")).toBe("مريم");
    expect(plainText("Zoe\u0308")).toBe("Zoë");
  });
});
