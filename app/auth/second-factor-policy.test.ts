import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "#db/schema/staff";
import {
  DEFAULT_SECOND_FACTOR_REQUIREMENT,
  mustHaveSecondFactor,
  requirementOf,
  STEP_UP_WINDOW_MS,
  stepUpNeeded,
} from "./second-factor-policy";
import { isEnrolmentPath, mustEnrol } from "./enrolment-status.server";

describe("who must have a second factor", () => {
  it("is prescribers and admins for a clinic that set nothing, or set something unknown", () => {
    expect(DEFAULT_SECOND_FACTOR_REQUIREMENT).toBe("prescribers-and-admins");
    expect(requirementOf({})).toBe("prescribers-and-admins");
    expect(requirementOf(null)).toBe("prescribers-and-admins");
    expect(requirementOf("nobody")).toBe("prescribers-and-admins");
    expect(requirementOf({ secondFactorRequirement: "optional" })).toBe("optional");
  });

  const expected: Record<"prescribers-and-admins" | "everyone" | "optional", Role[]> = {
    "prescribers-and-admins": ["admin", "prescriber"],
    everyone: [...ROLES],
    optional: [],
  };
  it.each(Object.entries(expected))("%s: exactly these roles, alone or among others", (requirement, roles) => {
    const req = requirementOf(requirement);
    for (const role of ROLES) {
      expect(mustHaveSecondFactor(req, [role]), role).toBe(roles.includes(role));
    }
    expect(mustHaveSecondFactor(req, ["nurse", "prescriber"])).toBe(roles.includes("prescriber"));
    expect(mustHaveSecondFactor(req, [])).toBe(req === "everyone");
  });

  it("sends to enrolment only someone required and without a factor, and lets them reach only the enrolment pages", () => {
    expect(mustEnrol(["prescriber"], { requirement: null, enrolled: false })).toBe(true);
    expect(mustEnrol(["prescriber"], { requirement: null, enrolled: true })).toBe(false);
    expect(mustEnrol(["frontdesk"], { requirement: null, enrolled: false })).toBe(false);
    expect(mustEnrol(["frontdesk"], { requirement: "everyone", enrolled: false })).toBe(true);
    expect(mustEnrol(["admin"], { requirement: "optional", enrolled: false })).toBe(false);
    expect(isEnrolmentPath("/account/security")).toBe(true);
    expect(isEnrolmentPath("/account/security/totp")).toBe(true);
    expect(isEnrolmentPath("/account/security-other")).toBe(false);
    expect(isEnrolmentPath("/patients")).toBe(false);
  });
});

describe("step-up", () => {
  it("is needed from 5 minutes after the last verification, not before", () => {
    const verifiedAt = new Date("2026-12-02T10:00:00Z");
    expect(STEP_UP_WINDOW_MS).toBe(300_000);
    expect(stepUpNeeded(verifiedAt, new Date(verifiedAt.getTime() + STEP_UP_WINDOW_MS - 1))).toBe(false);
    expect(stepUpNeeded(verifiedAt, new Date(verifiedAt.getTime() + STEP_UP_WINDOW_MS))).toBe(true);
  });
});
