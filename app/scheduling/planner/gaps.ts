import { lowerBound, overlaps, upperBound } from "./intervals";
import type { Model } from "./model";
import type { PlannedKind, Resolved } from "./resolve";
import type { SeriesStep } from "./steps";

/** The days (grid indexes, inclusive) a plan may use. */
export type DayWindow = { first: number; last: number };

export type FillerRole =
  "preparation" | "checkpoint-before-first" | "integration" | "checkpoint-after" | "checkpoint-before";
export type Filler = { step: SeriesStep; role: FillerRole; kind: PlannedKind };

/** Stands for "no dose" at either end of the course: before dose 1, after the last. */
export const NO_DOSE = -1;

/**
 * The appointments between two consecutive doses (gap n lies between dose n and dose n+1; gap 0
 * before dose 1; the last gap after the last dose). Every such appointment must start after the
 * earlier dose ends and end before the later one starts (the checkpoint before dose 1 after the
 * preparation sessions), so once dose times are fixed each gap can be filled on its own: that is
 * what keeps the search small.
 */
export function gapFillers(resolved: Resolved, gap: number): Filler[] {
  const fillers: Filler[] = [];
  for (const step of resolved.steps) {
    const dose = step.doseNumber ?? 0;
    if (gap === 0 && step.kind === "preparation") {
      fillers.push({ step, role: "preparation", kind: "preparation" });
    } else if (gap === 0 && step.kind === "checkpoint" && step.checkpoint === "before" && dose === 1) {
      fillers.push({ step, role: "checkpoint-before-first", kind: "checkpoint" });
    } else if (gap > 0 && step.kind === "integration" && dose === gap) {
      fillers.push({ step, role: "integration", kind: "integration" });
    } else if (gap > 0 && step.kind === "checkpoint" && step.checkpoint === "after" && dose === gap) {
      fillers.push({ step, role: "checkpoint-after", kind: "checkpoint" });
    } else if (gap > 0 && step.kind === "checkpoint" && step.checkpoint === "before" && dose === gap + 1) {
      fillers.push({ step, role: "checkpoint-before", kind: "checkpoint" });
    }
  }
  return fillers;
}

export class GapSolver {
  readonly fillers: Filler[][];
  private readonly memo = new Map<number, boolean>();
  private readonly base: number;

  constructor(
    private readonly model: Model,
    private readonly window: DayWindow,
  ) {
    const { resolved } = model;
    this.fillers = Array.from({ length: resolved.doseCount + 1 }, (_, gap) => gapFillers(resolved, gap));
    this.base = model.candidates.dosing.count + 1;
  }

  /** Whether gap `gap` can be filled between dose candidates a and b (NO_DOSE at either end of the course). */
  feasible(gap: number, a: number, b: number): boolean {
    const fillers = this.fillers[gap] ?? [];
    if (fillers.length === 0) {
      return true;
    }
    const key = (gap * this.base + a + 1) * this.base + b + 1;
    let result = this.memo.get(key);
    if (result === undefined) {
      result = this.assign(gap, a, b) !== null;
      this.memo.set(key, result);
    }
    return result;
  }

  /** Candidate indexes for the gap's fillers, earliest first; null when they cannot all fit. */
  assign(gap: number, a: number, b: number): number[] | null {
    const fillers = this.fillers[gap] ?? [];
    const ranges = fillers.map((filler) => this.range(filler, a, b));
    if (ranges.some(([low, high]) => low >= high)) {
      return null;
    }
    return gap === 0 ? this.assignBeforeFirstDose(fillers, ranges) : this.assignBetween(fillers, ranges);
  }

  /** The days (inclusive) the filler may fall on between dose candidates a and b; empty when first > last. */
  dayWindow(filler: Filler, a: number, b: number): [number, number] {
    const { resolved, candidates } = this.model;
    const doses = candidates.dosing;
    const { template } = resolved;
    const { first, last } = this.window;
    const dayA = a === NO_DOSE ? first : (doses.day[a] ?? 0);
    const dayB = b === NO_DOSE ? last : (doses.day[b] ?? 0);
    let dayLow = dayA;
    let dayHigh = dayB;
    switch (filler.role) {
      case "preparation":
        dayLow = dayB - template.preparation.maxDaysBeforeFirstDose;
        dayHigh = dayB - template.preparation.minDaysBeforeFirstDose;
        break;
      case "checkpoint-before-first":
      case "checkpoint-before":
        dayHigh = dayB - 1;
        break;
      case "integration":
        dayLow = dayA + template.integration.minDaysAfter;
        dayHigh = Math.min(dayA + template.integration.maxDaysAfter, dayB);
        break;
      case "checkpoint-after":
        if (b === NO_DOSE) {
          dayHigh = dayA + template.integration.maxDaysAfter;
        }
        break;
    }
    return [Math.max(dayLow, first), Math.min(dayHigh, last)];
  }

  /** [low, high) indexes of the filler's kind that respect its window, ignoring the other fillers. */
  range(filler: Filler, a: number, b: number): [number, number] {
    const { candidates } = this.model;
    const doses = candidates.dosing;
    const list = candidates[filler.kind];
    const [dayLow, dayHigh] = this.dayWindow(filler, a, b);
    if (dayLow > dayHigh) {
      return [0, 0];
    }
    let low = list.dayFirst[dayLow] ?? 0;
    let high = list.dayFirst[dayHigh + 1] ?? 0;
    if (a !== NO_DOSE) {
      low = lowerBound(list.start, doses.end[a] ?? Infinity, low, high);
    }
    if (b !== NO_DOSE) {
      high = upperBound(list.end, doses.start[b] ?? -Infinity, low, high);
    }
    return [low, high];
  }

  /**
   * Preparation sessions then the checkpoint that follows them. Taking the earliest disjoint
   * preparation slots finishes them as early as possible, so if the checkpoint does not fit after
   * those it fits after none: greedy is exact here.
   */
  private assignBeforeFirstDose(fillers: Filler[], ranges: [number, number][]): number[] | null {
    const { candidates } = this.model;
    const chosen: number[] = [];
    let lastEnd = -Infinity;
    let next = 0;
    for (const [index, filler] of fillers.entries()) {
      const list = candidates[filler.kind];
      const [low, high] = ranges[index] ?? [0, 0];
      const from = filler.role === "preparation" ? Math.max(low, next) : low;
      const pick = lowerBound(list.start, lastEnd, from, high);
      if (pick >= high) {
        return null;
      }
      chosen.push(pick);
      if (filler.role === "preparation") {
        lastEnd = list.end[pick] ?? Infinity;
        next = pick + 1;
      }
    }
    return chosen;
  }

  /** Backtracking over the (at most three) appointments between two doses; they only need to be disjoint. */
  private assignBetween(fillers: Filler[], ranges: [number, number][]): number[] | null {
    const { candidates } = this.model;
    const chosen: number[] = new Array<number>(fillers.length).fill(-1);
    const starts: number[] = [];
    const ends: number[] = [];
    const place = (depth: number): boolean => {
      const filler = fillers[depth];
      if (!filler) {
        return true;
      }
      const list = candidates[filler.kind];
      const [low, high] = ranges[depth] ?? [0, 0];
      for (let index = low; index < high; index += 1) {
        const start = list.start[index] ?? 0;
        const end = list.end[index] ?? 0;
        let clash = -1;
        for (let other = 0; other < depth; other += 1) {
          if (overlaps(start, end, starts[other] ?? 0, ends[other] ?? 0)) {
            clash = other;
            break;
          }
        }
        if (clash >= 0) {
          // Skip every candidate that still starts before the clashing slot ends.
          index = lowerBound(list.start, ends[clash] ?? Infinity, index + 1, high) - 1;
          continue;
        }
        chosen[depth] = index;
        starts[depth] = start;
        ends[depth] = end;
        if (place(depth + 1)) {
          return true;
        }
      }
      return false;
    };
    return place(0) ? chosen : null;
  }
}
