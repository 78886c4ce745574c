/**
 * The failure budget behind sign-in, second-factor, step-up and password-change throttling (ADR 0008):
 * a few free failures, then an exponentially growing wait before the next attempt, never a lockout.
 * Pure, so the arithmetic is tested without a database; throttle.server.ts keeps the state.
 */
export type ThrottlePolicy = {
  /** Failures in a row that cost nothing. */
  freeFailures: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A budget untouched this long starts again from zero. */
  forgetAfterMs: number;
};

export const THROTTLE_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  forgetAfterMs: 24 * 3_600_000,
};

/** Seconds to wait after `failures` failures in a row before the next attempt may be checked. */
export function delayAfterFailures(failures: number, policy: ThrottlePolicy = THROTTLE_POLICY): number {
  if (failures < policy.freeFailures) {
    return 0;
  }
  // The exponent is capped so years of failures cannot overflow into Infinity or NaN.
  const doublings = Math.min(failures - policy.freeFailures, 40);
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** doublings);
}

export type BudgetState = { failures: number; lastAttemptAt: Date; blockedUntil: Date };

export type AttemptDecision = { allowed: true; next: BudgetState } | { allowed: false; retryAfterSeconds: number };

/**
 * Whether an attempt may be checked now and, if so, the budget's state with this attempt counted as
 * a failure in advance: counting before the check means parallel guesses cannot all slip in between
 * a check and its result. A success then clears the budget.
 */
export function decideAttempt(
  state: BudgetState | null,
  now: Date,
  policy: ThrottlePolicy = THROTTLE_POLICY,
): AttemptDecision {
  const forgotten = !state || now.getTime() - state.lastAttemptAt.getTime() >= policy.forgetAfterMs;
  if (state && !forgotten && now.getTime() < state.blockedUntil.getTime()) {
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((state.blockedUntil.getTime() - now.getTime()) / 1000)),
    };
  }
  const failures = forgotten ? 1 : state.failures + 1;
  return {
    allowed: true,
    next: {
      failures,
      lastAttemptAt: now,
      blockedUntil: new Date(now.getTime() + delayAfterFailures(failures, policy) * 1000),
    },
  };
}
