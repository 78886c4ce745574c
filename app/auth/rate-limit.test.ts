import { describe, expect, it } from "vitest";
import { decideAttempt, delayAfterFailures, THROTTLE_POLICY, type BudgetState } from "./rate-limit";

describe("delayAfterFailures", () => {
  it("lets five failures pass free, then doubles the wait from one second up to fifteen minutes", () => {
    expect([0, 1, 4].map((n) => delayAfterFailures(n))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 14].map((n) => delayAfterFailures(n))).toEqual([1, 2, 4, 8, 512]);
    expect(delayAfterFailures(15)).toBe(900);
    expect(delayAfterFailures(10_000)).toBe(900);
  });
});

describe("decideAttempt", () => {
  const T0 = new Date(Date.UTC(2026, 0, 1));
  const after = (ms: number): Date => new Date(T0.getTime() + ms);

  it("counts an allowed attempt as a failure in advance", () => {
    const first = decideAttempt(null, T0);
    expect(first).toEqual({ allowed: true, next: { failures: 1, lastAttemptAt: T0, blockedUntil: T0 } });
  });

  it("refuses until the wait has passed, without counting the refused attempt", () => {
    const state: BudgetState = { failures: 7, lastAttemptAt: T0, blockedUntil: after(4_000) };
    expect(decideAttempt(state, after(1_500))).toEqual({ allowed: false, retryAfterSeconds: 3 });
    expect(decideAttempt(state, after(3_999))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    const next = decideAttempt(state, after(4_000));
    expect(next).toEqual({
      allowed: true,
      next: { failures: 8, lastAttemptAt: after(4_000), blockedUntil: after(4_000 + 8_000) },
    });
  });

  it("starts again from zero once the budget has been left alone for a day", () => {
    const state: BudgetState = { failures: 30, lastAttemptAt: T0, blockedUntil: after(900_000) };
    expect(decideAttempt(state, after(THROTTLE_POLICY.forgetAfterMs - 1)).allowed).toBe(true);
    const fresh = decideAttempt(state, after(THROTTLE_POLICY.forgetAfterMs));
    expect(fresh.allowed && fresh.next.failures).toBe(1);
  });

  it("slows a stream of failures exponentially: 50 guesses take hours, not seconds", () => {
    let state: BudgetState | null = null;
    let now = T0.getTime();
    for (let guess = 0; guess < 50; guess += 1) {
      let decision = decideAttempt(state, new Date(now));
      if (!decision.allowed) {
        now += decision.retryAfterSeconds * 1000;
        decision = decideAttempt(state, new Date(now));
      }
      if (!decision.allowed) {
        throw new Error("still refused after waiting as told");
      }
      state = decision.next;
    }
    expect((now - T0.getTime()) / 3_600_000).toBeGreaterThan(8);
  });
});
