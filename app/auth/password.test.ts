import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";

describe("passwordProblem", () => {
  it("accepts a long, uncommon password", async () => {
    expect(await passwordProblem("maple-orbit-quartz-71")).toBeNull();
  });
  it.each([
    ["short", "tooShort1!"],
    ["common", "qwerty123456"],
    ["common with digits added", "password12345678"],
    ["common with symbols in front", "!!!!sunshine1234"],
    ["too few different characters", "aaaaaaaaaaaabbbb"],
  ])("refuses a %s password", async (_kind, password) => {
    expect(await passwordProblem(password)).not.toBeNull();
  });
  it("refuses the user's own name or email in the password", async () => {
    expect(await passwordProblem("riley-chen-2026!", { email: "riley@x.org", name: "Riley Chen" })).toMatch(/name or email/u);
  });
});

describe("argon2id hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("maple-orbit-quartz-71");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/u);
    expect(await verifyPassword(hash, "maple-orbit-quartz-71")).toBe(true);
    expect(await verifyPassword(hash, "maple-orbit-quartz-72")).toBe(false);
    expect(await verifyPassword(null, "maple-orbit-quartz-71")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});
