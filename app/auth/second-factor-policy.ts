import type { ClinicSettings } from "#db/schema/clinic";
import type { Role } from "#db/schema/staff";

/** Who must have a second factor (clinic setting). The default holds for every clinic that set nothing. */
export const SECOND_FACTOR_REQUIREMENTS = ["prescribers-and-admins", "everyone", "optional"] as const;
export type SecondFactorRequirement = (typeof SECOND_FACTOR_REQUIREMENTS)[number];
export const DEFAULT_SECOND_FACTOR_REQUIREMENT: SecondFactorRequirement = "prescribers-and-admins";

export const SECOND_FACTOR_REQUIREMENT_LABELS: Record<SecondFactorRequirement, string> = {
  "prescribers-and-admins": "Prescribers and admins (recommended)",
  everyone: "Everyone",
  optional: "Optional (not recommended)",
};

// Prescribers sign clearances, orders and sign-offs; admins can grant any role.
const ROLES_REQUIRED_BY_DEFAULT: readonly Role[] = ["prescriber", "admin"];

/** A signature older than this since the login session last proved who its user is asks again. */
export const STEP_UP_WINDOW_MS = 5 * 60_000;

export function isSecondFactorRequirement(value: unknown): value is SecondFactorRequirement {
  return typeof value === "string" && (SECOND_FACTOR_REQUIREMENTS as readonly string[]).includes(value);
}

export function requirementOf(
  settings: Pick<ClinicSettings, "secondFactorRequirement"> | string | null | undefined,
): SecondFactorRequirement {
  const value = typeof settings === "object" && settings !== null ? settings.secondFactorRequirement : settings;
  return isSecondFactorRequirement(value) ? value : DEFAULT_SECOND_FACTOR_REQUIREMENT;
}

export function mustHaveSecondFactor(requirement: SecondFactorRequirement, roles: readonly Role[]): boolean {
  switch (requirement) {
    case "everyone":
      return true;
    case "prescribers-and-admins":
      return roles.some((role) => ROLES_REQUIRED_BY_DEFAULT.includes(role));
    case "optional":
      return false;
  }
}

/** Whether a signature now must first ask for the second factor (or the password, without one). */
export function stepUpNeeded(verifiedAt: Date, now: Date): boolean {
  return now.getTime() - verifiedAt.getTime() >= STEP_UP_WINDOW_MS;
}
