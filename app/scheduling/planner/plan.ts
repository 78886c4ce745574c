import { assemblePlan } from "./assemble";
import { buildModel, type Model } from "./model";
import { resolveRequest, type Resolved } from "./resolve";
import { DoseSearch } from "./search";
import type { PlanRequest, Problem, ProposedSlot } from "./types";

export type Attempt =
  | { ok: true; slots: ProposedSlot[] }
  /** The request itself is wrong: nothing was searched. */
  | { ok: false; invalid: Problem[] }
  /** The search ran and found no course: what an explanation needs. */
  | { ok: false; invalid: null; resolved: Resolved; model: Model; search: DoseSearch };

/** The search without explanations: what planSeries and the alternatives share. */
export function attemptPlan(request: PlanRequest): Attempt {
  const resolution = resolveRequest(request);
  if (!resolution.ok) {
    return { ok: false, invalid: resolution.problems };
  }
  const model = buildModel(resolution.resolved);
  const search = new DoseSearch(model);
  const chain = search.findChain();
  if (!chain) {
    return { ok: false, invalid: null, resolved: resolution.resolved, model, search };
  }
  return { ok: true, slots: assemblePlan(model, search, chain) };
}
