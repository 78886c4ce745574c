import type { DayWindow } from "./gaps";
import type { Model } from "./model";

export const UNREACHABLE = Number.MAX_SAFE_INTEGER;
/** Beyond this many day patterns for one first-dose day, the search walks on the oracle instead. */
const MAX_PATTERNS = 3000;

/**
 * Lower bounds on the last dose's day if dose n falls on a day with inWeek doses in its ISO week,
 * from the day rules alone (spacing, ISO week, course span, a dose candidate on each day).
 * Laid out as [(n - 1) * dayCount + day] * maxPerWeek + inWeek - 1.
 */
export function dayLevelBounds(model: Model, window: DayWindow): Float64Array {
  const { candidates, availability, resolved, dayCount } = model;
  const doses = candidates.dosing;
  const days = availability.grid.days;
  const { minDaysApart, maxCourseDays, maxPerWeek: width, count: doseCount } = resolved.template.dosing;
  const { first, last } = window;
  const bounds = new Float64Array(doseCount * dayCount * width).fill(UNREACHABLE);
  const index = (doseNumber: number, day: number, inWeek: number): number =>
    ((doseNumber - 1) * dayCount + day) * width + inWeek - 1;
  for (let doseNumber = doseCount; doseNumber >= 1; doseNumber -= 1) {
    for (let day = first; day <= last; day += 1) {
      if ((doses.dayFirst[day + 1] ?? 0) === (doses.dayFirst[day] ?? 0)) {
        continue;
      }
      for (let inWeek = 1; inWeek <= width; inWeek += 1) {
        let best = doseNumber === doseCount ? day : UNREACHABLE;
        const lastDay = Math.min(day + maxCourseDays - 1, last);
        for (let next = day + minDaysApart; doseNumber < doseCount && next <= lastDay; next += 1) {
          const nextInWeek = days[next]?.week === days[day]?.week ? inWeek + 1 : 1;
          if (nextInWeek <= width) {
            best = Math.min(best, bounds[index(doseNumber + 1, next, nextInWeek)] ?? UNREACHABLE);
          }
        }
        bounds[index(doseNumber, day, inWeek)] = best;
      }
    }
  }
  return bounds;
}

/**
 * Every pattern of dose days starting on firstDay that the day rules allow (spacing, ISO week,
 * course span, a dose candidate on each day), most even first: smallest spread between the
 * longest and shortest gap, then the earliest last dose. complete is false when there were too
 * many to list (loose templates); the list is then partial and unsorted by evenness.
 */
export function dayPatterns(
  model: Model,
  window: DayWindow,
  firstDay: number,
  lastAllowed: number,
): { sequences: number[][]; complete: boolean } {
  const { candidates, availability, resolved } = model;
  const doses = candidates.dosing;
  const days = availability.grid.days;
  const { minDaysApart, maxPerWeek, count: doseCount } = resolved.template.dosing;
  const lastDay = Math.min(lastAllowed, window.last);
  const sequences: number[][] = [];
  const current = [firstDay];
  let complete = true;
  const extend = (inWeek: number): void => {
    if (!complete) {
      return;
    }
    if (current.length === doseCount) {
      if (sequences.length >= MAX_PATTERNS) {
        complete = false;
        return;
      }
      sequences.push([...current]);
      return;
    }
    const previous = current[current.length - 1] ?? 0;
    const remaining = doseCount - current.length - 1;
    for (let next = previous + minDaysApart; next + remaining * minDaysApart <= lastDay; next += 1) {
      if ((doses.dayFirst[next + 1] ?? 0) === (doses.dayFirst[next] ?? 0)) {
        continue;
      }
      const nextInWeek = days[next]?.week === days[previous]?.week ? inWeek + 1 : 1;
      if (nextInWeek > maxPerWeek) {
        continue;
      }
      current.push(next);
      extend(nextInWeek);
      current.pop();
    }
  };
  extend(1);
  const scored = sequences.map((sequence) => ({
    sequence,
    spread: spreadOf(sequence),
    last: sequence[sequence.length - 1] ?? 0,
  }));
  scored.sort((a, b) => a.spread - b.spread || a.last - b.last || compareLexically(a.sequence, b.sequence));
  return { sequences: scored.map((entry) => entry.sequence), complete };
}

/** For each dose day, how many doses of the pattern fall in its ISO week up to and including it. */
export function weekCounts(model: Model, sequence: readonly number[]): number[] {
  const days = model.availability.grid.days;
  const counts: number[] = [];
  sequence.forEach((day, index) => {
    const previous = sequence[index - 1];
    counts.push(previous !== undefined && days[previous]?.week === days[day]?.week ? (counts[index - 1] ?? 0) + 1 : 1);
  });
  return counts;
}

function spreadOf(sequence: readonly number[]): number {
  let smallest = Infinity;
  let largest = -Infinity;
  for (let index = 1; index < sequence.length; index += 1) {
    const gap = (sequence[index] ?? 0) - (sequence[index - 1] ?? 0);
    smallest = Math.min(smallest, gap);
    largest = Math.max(largest, gap);
  }
  return sequence.length < 2 ? 0 : largest - smallest;
}

function compareLexically(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}
