import { buildAvailability, type Availability } from "./availability";
import { buildCandidates, type Candidates } from "./candidates";
import { buildDayGrid } from "./day-grid";
import { PLANNED_KINDS, type PlannedKind, type Resolved } from "./resolve";

/** Everything the search needs, computed once per request. */
export type Model = {
  resolved: Resolved;
  availability: Availability;
  candidates: Record<PlannedKind, Candidates>;
  dayCount: number;
};

export function buildModel(resolved: Resolved): Model {
  const grid = buildDayGrid(resolved.timeZone, resolved.firstEpochDay, resolved.searchDays, resolved.stepMinutes);
  const availability = buildAvailability(resolved, grid);
  const used = new Set(resolved.steps.map((step) => step.kind));
  const candidates = Object.fromEntries(
    PLANNED_KINDS.map((kind) => {
      const spec = resolved.specs[kind];
      // A kind the template never uses still gets an (empty) list, so lookups need no special case.
      return [kind, used.has(kind) ? buildCandidates(resolved, availability, spec) : emptyCandidates(resolved, spec, grid.days.length)];
    }),
  ) as Record<PlannedKind, Candidates>;
  return { resolved, availability, candidates, dayCount: grid.days.length };
}

function emptyCandidates(_resolved: Resolved, spec: Candidates["spec"], dayCount: number): Candidates {
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
