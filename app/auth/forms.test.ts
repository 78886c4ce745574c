import { describe, expect, it } from "vitest";
import { changePasswordSchema, safeRedirect, signInSchema } from "./forms";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/patients?q=a")).toBe("/patients?q=a");
  });
  it("keeps encoded characters and the query", () => {
    expect(safeRedirect("/patients?q=Ren%C3%A9e%20O%27Brien&page=2")).toBe("/patients?q=Ren%C3%A9e%20O%27Brien&page=2");
  });
  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "/\t/evil.example/phish",
    "/\u0009/evil.example",
    "/patients\r\nSet-Cookie: x=1",
    "/patients\nLocation: //evil.example",
    "/ /evil.example",
    "/\u0000",
    "/\u202e/evil",
    "",
    null,
    undefined,
  ])("refuses %s", (target) => {
    expect(safeRedirect(target)).toBe("/");
  });
});

describe("sign-in and password forms", () => {
  it("normalises the email address", () => {
    const parsed = signInSchema.parse({ email: "  Nurse@Demo.Clinic ", password: "x" });
    expect(parsed.email).toBe("nurse@demo.clinic");
  });
  it("refuses a malformed email address", () => {
    expect(signInSchema.safeParse({ email: "not-an-address", password: "x" }).success).toBe(false);
  });
  it("reports mismatched new passwords on the confirmation field", () => {
    const result = changePasswordSchema.safeParse({
      currentPassword: "a",
      newPassword: "long enough password",
      confirmPassword: "different password",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["confirmPassword"]);
  });
});
