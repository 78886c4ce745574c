import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "#db/seed/demo";
import { hashPassword, passwordProblem, PUBLISHED_DEMO_PASSWORD, verifyPassword } from "./password.server";

const OWNER = { email: "riley@x.org", name: "Riley Chen", clinicName: "Harbour Light Clinic" };

describe("passwordProblem", () => {
  it("accepts a long, uncommon password", async () => {
    expect(await passwordProblem("maple-orbit-quartz-71", OWNER)).toBeNull();
  });
  it.each([
    ["short", "tooShort1!"],
    ["common", "qwerty123456"],
    ["common with digits added", "password12345678"],
    ["common with symbols in front", "!!!!sunshine1234"],
    ["too few different characters", "aaaaaaaaaaaabbbb"],
  ])("refuses a %s password", async (_kind, password) => {
    expect(await passwordProblem(password, OWNER)).not.toBeNull();
  });
  it("refuses the user's own name or email in the password", async () => {
    expect(await passwordProblem("riley-chen-2026!", OWNER)).toMatch(/name or email/u);
    expect(await passwordProblem("orbit-CHEN-quartz", OWNER)).toMatch(/name or email/u);
  });
  it("refuses the email's local part of four characters or more, not a shorter one", async () => {
    expect(await passwordProblem("maple-j.wu-orbit", { ...OWNER, email: "j.wu@x.org", name: "Jo" })).toBeNull();
    expect(await passwordProblem("maple-jwuu-orbit", { ...OWNER, email: "j.wuu@x.org", name: "Jo" })).toMatch(
      /name or email/u,
    );
  });
  it.each([
    ["as written", "Harbour Light Clinic 2026"],
    ["in another case, without spaces", "HARBOURLIGHTCLINIC-71"],
    ["with accents", "härbour-lïght-clinic!"],
    ["inside other words", "my harbour light clinic rocks"],
  ])("refuses the clinic's name %s", async (_kind, password) => {
    expect(await passwordProblem(password, OWNER)).toBe("Do not use the clinic's name in your password.");
  });
  it("matches an accented clinic name written without its accents", async () => {
    expect(await passwordProblem("clinique-etoile-71", { ...OWNER, clinicName: "Clinique Étoile" })).toMatch(
      /clinic's name/u,
    );
  });
  it("ignores a clinic name shorter than four characters", async () => {
    expect(await passwordProblem("maple-k-a-p-orbit", { ...OWNER, clinicName: "K A P" })).toBeNull();
  });
  it.each(["kap-demo-2026", "KAP-demo-2026-mine", "my kap demo 2026!"])(
    "refuses the published demo password (%s)",
    async (password) => {
      expect(await passwordProblem(password, OWNER)).toBe(
        "This is the demo password published with the app; choose one of your own.",
      );
    },
  );
  it("refuses the very password the demo seed sets", () => {
    expect(PUBLISHED_DEMO_PASSWORD).toBe(DEMO_PASSWORD);
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
