import { freeMonitors, freeRooms } from "./candidates";
import { NO_DOSE } from "./gaps";
import { formatLocalTime } from "./local-time";
import type { Model } from "./model";
import type { KindSpec, PlannedKind } from "./resolve";
import type { DoseSearch } from "./search";
import type { SeriesStep } from "./steps";
import type { ProposedSlot } from "./types";

type Placed = { step: SeriesStep; kind: PlannedKind; candidate: number; monitor: number | null; room: number | null };

/**
 * The resource each dose gets: the one free at the most doses (ties to the earlier preferred one),
 * then the same rule for the doses still without one, so a course keeps one room and one monitor
 * wherever the calendar allows.
 */
function consistentChoice(options: readonly (readonly number[])[]): (number | null)[] {
  const choice: (number | null)[] = options.map(() => null);
  for (;;) {
    const counts = new Map<number, { count: number; rank: number }>();
    options.forEach((free, dose) => {
      if (choice[dose] !== null) {
        return;
      }
      free.forEach((resource, rank) => {
        const entry = counts.get(resource) ?? { count: 0, rank };
        counts.set(resource, { count: entry.count + 1, rank: Math.min(entry.rank, rank) });
      });
    });
    let best: number | null = null;
    let bestEntry = { count: 0, rank: Infinity };
    for (const [resource, entry] of counts) {
      if (entry.count > bestEntry.count || (entry.count === bestEntry.count && entry.rank < bestEntry.rank)) {
        best = resource;
        bestEntry = entry;
      }
    }
    if (best === null) {
      return choice;
    }
    options.forEach((free, dose) => {
      if (choice[dose] === null && best !== null && free.includes(best)) {
        choice[dose] = best;
      }
    });
  }
}

function mostUsed(values: readonly (number | null)[]): number | null {
  const counts = new Map<number, number>();
  for (const value of values) {
    if (value !== null) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  let best: number | null = null;
  for (const [value, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) {
      best = value;
    }
  }
  return best;
}

function preferring(free: readonly number[], preferred: number | null): number | null {
  if (preferred !== null && free.includes(preferred)) {
    return preferred;
  }
  return free[0] ?? null;
}

/** Turns dose times into the whole course: resources for every dose, then each gap filled. */
export function assemblePlan(model: Model, search: DoseSearch, chain: readonly number[]): ProposedSlot[] {
  const { resolved, availability, candidates } = model;
  const doses = candidates.dosing;
  const doseSpec = resolved.specs.dosing;
  const doseSteps = resolved.steps.filter((step) => step.kind === "dosing");
  const monitors = doseSpec.monitor
    ? consistentChoice(
        chain.map((candidate) => freeMonitors(resolved, availability, doseSpec, doses.at[candidate] ?? 0)),
      )
    : chain.map(() => null);
  const rooms = doseSpec.room
    ? consistentChoice(chain.map((candidate) => freeRooms(resolved, availability, doseSpec, doses.at[candidate] ?? 0)))
    : chain.map(() => null);
  const placed: Placed[] = chain.map((candidate, index) => ({
    step: doseSteps[index] ?? { key: `dose-${index + 1}`, kind: "dosing", doseNumber: index + 1 },
    kind: "dosing",
    candidate,
    monitor: monitors[index] ?? null,
    room: rooms[index] ?? null,
  }));
  const courseMonitor = mostUsed(monitors);
  const courseRoom = mostUsed(rooms);

  for (let gap = 0; gap <= resolved.doseCount; gap += 1) {
    const earlier = gap === 0 ? NO_DOSE : (chain[gap - 1] ?? NO_DOSE);
    const later = gap === resolved.doseCount ? NO_DOSE : (chain[gap] ?? NO_DOSE);
    const fillers = search.gaps.fillers[gap] ?? [];
    const chosen = search.gaps.assign(gap, earlier, later);
    if (!chosen) {
      throw new Error(`Planner invariant broken: gap ${gap} was feasible during the search but cannot be filled.`);
    }
    fillers.forEach((filler, index) => {
      const candidate = chosen[index] ?? 0;
      const spec = resolved.specs[filler.kind];
      const at = candidates[filler.kind].at[candidate] ?? 0;
      placed.push({
        step: filler.step,
        kind: filler.kind,
        candidate,
        monitor: spec.monitor ? preferring(freeMonitors(resolved, availability, spec, at), courseMonitor) : null,
        room: spec.room ? preferring(freeRooms(resolved, availability, spec, at), courseRoom) : null,
      });
    });
  }

  const slots = placed.map((entry) => toSlot(model, entry));
  slots.sort((a, b) => a.start.getTime() - b.start.getTime());
  return slots.map((slot, index) => ({ ...slot, sequence: index + 1 }));
}

function staffIdsFor(model: Model, spec: KindSpec, monitor: number | null): string[] {
  const { resolved } = model;
  const ids: string[] = [];
  for (const need of spec.needs) {
    let index: number | null = null;
    switch (need) {
      case "therapist":
        index = resolved.therapist;
        break;
      case "prescriber":
        index = resolved.prescriber;
        break;
      case "monitor":
        index = monitor;
        break;
      case "room":
        break;
    }
    const id = index === null ? undefined : resolved.calendar.staff[index]?.id;
    if (id !== undefined && !ids.includes(id)) {
      ids.push(id);
    }
  }
  return ids;
}

function toSlot(model: Model, entry: Placed): ProposedSlot {
  const { resolved, candidates, availability } = model;
  const list = candidates[entry.kind];
  const spec = resolved.specs[entry.kind];
  const day = availability.grid.days[list.day[entry.candidate] ?? 0];
  const slot: ProposedSlot = {
    key: entry.step.key,
    kind: entry.kind,
    sequence: 0,
    start: new Date(list.start[entry.candidate] ?? Number.NaN),
    end: new Date(list.end[entry.candidate] ?? Number.NaN),
    localDate: day?.date ?? "",
    localStart: formatLocalTime(list.minute[entry.candidate] ?? 0),
    staffIds: staffIdsFor(model, spec, entry.monitor),
    roomId: entry.room === null ? null : (resolved.calendar.rooms[entry.room]?.id ?? null),
  };
  if (entry.step.doseNumber !== undefined) {
    slot.doseNumber = entry.step.doseNumber;
  }
  return slot;
}
