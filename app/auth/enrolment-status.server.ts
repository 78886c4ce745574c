import { sql } from "drizzle-orm";
import { clinic, staffUser } from "#db/schema";
import type { Role } from "#db/schema/staff";
import { mustHaveSecondFactor, requirementOf } from "./second-factor-policy";
import { enrolledSql } from "./second-factors.server";

export type SecondFactorStatus = { requirement: string | null; enrolled: boolean };

/**
 * Read with the login session (same query, no extra round trip): the clinic's requirement and
 * whether the user has a factor. The query must join staff_user and clinic.
 */
export function secondFactorStatusColumns(): {
  requirement: ReturnType<typeof sql<string | null>>;
  enrolled: ReturnType<typeof sql<boolean>>;
} {
  return {
    requirement: sql<string | null>`${clinic.settings}->>'secondFactorRequirement'`,
    enrolled: enrolledSql(staffUser.id),
  };
}

export function mustEnrol(roles: readonly Role[], status: SecondFactorStatus): boolean {
  return !status.enrolled && mustHaveSecondFactor(requirementOf(status.requirement), roles);
}

/** Pages a user who must enrol may still open: the enrolment pages themselves. */
export function isEnrolmentPath(pathname: string): boolean {
  return pathname === "/account/security" || pathname.startsWith("/account/security/");
}
