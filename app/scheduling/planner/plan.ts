import { assemblePlan } from "./assemble";
import { buildModel, type Model } from "./model";
import { resolveRequest, type Resolved } from "./resolve";
import { DoseSearch } from "./search";
import type { PlanRequest, ProposedSlot } from "./types";

export type Attempt = { ok: true; slots: ProposedSlot[] } | { ok: false; resolved: Resolved | null; model: Model | null; search: DoseSearch | null };

/** The search without explanations: what alternatives and planSeries share. */
export function attemptPlan(request: PlanRequest): Attempt {
  const resolution = resolveRequest(request);
  if (!resolution.ok) {
    return { ok: false, resolved: null, model: null, search: null };
  }
  const model = buildModel(resolution.resolved);
  const search = new DoseSearch(model);
  const chain = search.findChain();
  if (!chain) {
    return { ok: false, resolved: resolution.resolved, model, search };
  }
  return { ok: true, slots: assemblePlan(model, search, chain) };
}
