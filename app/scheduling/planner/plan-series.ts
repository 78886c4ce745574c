import { findAlternatives } from "./alternatives";
import { attemptPlan } from "./plan";
import { explainFailure } from "./problems";
import type { PlanRequest, PlanResult } from "./types";

/**
 * Proposes every appointment of a course, or explains which rule cannot be met and offers up to
 * three changes that would produce a plan.
 */
export function planSeries(request: PlanRequest): PlanResult {
  const attempt = attemptPlan(request);
  if (attempt.ok) {
    return { ok: true, slots: attempt.slots };
  }
  if (attempt.invalid) {
    return { ok: false, problems: attempt.invalid, alternatives: [] };
  }
  return {
    ok: false,
    problems: explainFailure(attempt.model, attempt.search),
    alternatives: findAlternatives(attempt.resolved),
  };
}
