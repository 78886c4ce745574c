import { attemptPlan } from "./plan";
import { resolveRequest } from "./resolve";
import type { PlanRequest, PlanResult } from "./types";

/** Proposes every appointment of a course, or explains which rule cannot be met. */
export function planSeries(request: PlanRequest): PlanResult {
  const attempt = attemptPlan(request);
  if (attempt.ok) {
    return { ok: true, slots: attempt.slots };
  }
  const resolution = resolveRequest(request);
  return { ok: false, problems: resolution.ok ? [] : resolution.problems, alternatives: [] };
}
