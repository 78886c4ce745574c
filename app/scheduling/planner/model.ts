import { buildAvailability, type Availability } from "./availability";
import { buildCandidates, type Candidates } from "./candidates";
import { buildDayGrid } from "./day-grid";
import { PLANNED_KINDS, type PlannedKind, type Resolved } from "./resolve";

/** Everything the search needs, computed once per request. */
export type Model = {
  resolved: Resolved;
  availability: Availability;
  candidates: Record<PlannedKind, Candidates>;
  /** Days covered, from resolved.firstEpochDay: searchDays, or more when alternatives look further ahead. */
  dayCount: number;
};

export function buildModel(resolved: Resolved, dayCount = resolved.searchDays): Model {
  const grid = buildDayGrid(resolved.timeZone, resolved.firstEpochDay, dayCount, resolved.stepMinutes);
  return withCandidates(resolved, buildAvailability(resolved, grid));
}

/**
 * A model for a variant of the same request (another monitor or room allowed) that reuses the
 * availability already computed: only the candidate lists depend on who may monitor and where.
 */
export function deriveModel(base: Model, resolved: Resolved): Model {
  return withCandidates(resolved, base.availability);
}

function withCandidates(resolved: Resolved, availability: Availability): Model {
  const used = new Set(resolved.steps.map((step) => step.kind));
  const dayCount = availability.grid.days.length;
  const candidates = Object.fromEntries(
    PLANNED_KINDS.map((kind) => {
      const spec = resolved.specs[kind];
      return [kind, used.has(kind) ? buildCandidates(resolved, availability, spec) : emptyCandidates(spec, dayCount)];
    }),
  ) as Record<PlannedKind, Candidates>;
  return { resolved, availability, candidates, dayCount };
}

function emptyCandidates(spec: Candidates["spec"], dayCount: number): Candidates {
  return {
    spec,
    count: 0,
    day: new Int32Array(0),
    minute: new Int32Array(0),
    at: new Int32Array(0),
    start: new Float64Array(0),
    end: new Float64Array(0),
    dayFirst: new Int32Array(dayCount + 1),
  };
}
