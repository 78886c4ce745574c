import { dayLevelBounds, dayPatterns, UNREACHABLE } from "./day-patterns";
import { doseTimes } from "./dose-times";
import { GapSolver, NO_DOSE, type DayWindow } from "./gaps";
import { firstTrue, lowerBound, range } from "./intervals";
import type { Model } from "./model";

/**
 * Finds the dose times of a course. Dose candidates are (day, start) pairs; choosing dose n+1 after
 * dose n must respect spacing, the ISO-week limit, and leave gap n fillable.
 *
 * The core is an exact oracle, minLastDay(n, c, w): the earliest day the last dose can fall if dose
 * n is candidate c and w doses already fall in c's ISO week (UNREACHABLE if the rest of the course,
 * with its integration and checkpoints, cannot be placed at all). It does not depend on when dose 1
 * was, so one memo serves every first-dose day, and a course starting with candidate c fits exactly
 * when minLastDay(1, c, 1) is within maxCourseDays of c's day. With the oracle, the search tries
 * first-dose days in order and never walks into a dead end for long; preferences (even spacing,
 * one time of day) are then chosen among plans known to exist.
 */
export class DoseSearch {
  readonly gaps: GapSolver;
  private readonly memo = new Map<number, number>();
  private readonly doseCount: number;
  private readonly candidateCount: number;
  private readonly maxPerWeek: number;
  private dayBounds: Float64Array | null = null;

  constructor(
    private readonly model: Model,
    readonly window: DayWindow = { first: 0, last: model.resolved.searchDays - 1 },
  ) {
    this.gaps = new GapSolver(model, window);
    this.doseCount = model.resolved.doseCount;
    this.candidateCount = model.candidates.dosing.count;
    this.maxPerWeek = model.resolved.template.dosing.maxPerWeek;
  }

  /**
   * Dose candidate indexes, one per dose, or null when no course fits in the search window.
   * firstDoseFrom skips earlier first-dose days, for callers who know no course starts there.
   */
  findChain(firstDoseFrom = this.window.first): number[] | null {
    const span = this.model.resolved.template.dosing.maxCourseDays;
    for (let firstDay = Math.max(firstDoseFrom, this.window.first); firstDay <= this.window.last; firstDay += 1) {
      const lastAllowed = Math.min(firstDay + span - 1, this.window.last);
      const firsts = this.firstDoseOptions(firstDay, lastAllowed);
      if (firsts.length === 0) {
        continue;
      }
      const { sequences, complete } = dayPatterns(this.model, this.window, firstDay, lastAllowed);
      if (!complete) {
        const guided = this.guidedDays(firsts, lastAllowed);
        return guided.length === this.doseCount ? doseTimes(this, this.model, guided, firsts, lastAllowed) : null;
      }
      for (const sequence of sequences) {
        const chain = doseTimes(this, this.model, sequence, firsts, lastAllowed);
        if (chain) {
          return chain;
        }
      }
    }
    return null;
  }

  /** First-dose candidates on a day from which a whole course fits: a run of consecutive candidates. */
  firstDoseOptions(firstDay: number, lastAllowed: number): number[] {
    const doses = this.model.candidates.dosing;
    const dayEnd = doses.dayFirst[firstDay + 1] ?? 0;
    // Preparation fits more easily before a later dose, the rest of the course after an earlier one.
    const from = firstTrue(doses.dayFirst[firstDay] ?? 0, dayEnd, (candidate) =>
      this.gaps.feasible(0, NO_DOSE, candidate),
    );
    const to = firstTrue(from, dayEnd, (candidate) => this.minLastDay(1, candidate, 1) > lastAllowed);
    return range(from, to);
  }

  minLastDay(doseNumber: number, candidate: number, inWeek: number): number {
    const key = ((doseNumber - 1) * this.candidateCount + candidate) * this.maxPerWeek + inWeek - 1;
    const known = this.memo.get(key);
    if (known !== undefined) {
      return known;
    }
    const result = this.computeMinLastDay(doseNumber, candidate, inWeek);
    this.memo.set(key, result);
    return result;
  }

  private computeMinLastDay(doseNumber: number, candidate: number, inWeek: number): number {
    const { candidates, availability, resolved } = this.model;
    const doses = candidates.dosing;
    const day = doses.day[candidate] ?? 0;
    if (doseNumber === this.doseCount) {
      return this.gaps.feasible(doseNumber, candidate, NO_DOSE) ? day : UNREACHABLE;
    }
    const { minDaysApart, maxCourseDays } = resolved.template.dosing;
    const days = availability.grid.days;
    const week = days[day]?.week ?? 0;
    const remaining = this.doseCount - doseNumber - 1;
    let best = UNREACHABLE;
    const lastDay = Math.min(day + maxCourseDays - 1, this.window.last);
    for (let next = day + minDaysApart; next <= lastDay && next + remaining * minDaysApart < best; next += 1) {
      const nextInWeek = days[next]?.week === week ? inWeek + 1 : 1;
      if (nextInWeek > this.maxPerWeek || this.dayBound(doseNumber + 1, next, nextInWeek) >= best) {
        continue;
      }
      // The earliest dose that can follow is the best one to take: see earliestFollower.
      const follower = this.earliestFollower(doseNumber, candidate, next);
      if (follower >= 0) {
        best = Math.min(best, this.minLastDay(doseNumber + 1, follower, nextInWeek));
      }
    }
    return best;
  }

  /**
   * The earliest candidate on `day` that can be dose n+1 after candidate `earlier`, or -1.
   * Two monotone facts make this a binary search and make it the only follower worth trying:
   * a later dose n+1 only loosens gap n (its fillers must end before it starts), and an earlier
   * dose only loosens everything after it (later fillers must start after it ends), so
   * minLastDay never decreases with the time of day.
   */
  earliestFollower(doseNumber: number, earlier: number, day: number): number {
    const doses = this.model.candidates.dosing;
    const high = doses.dayFirst[day + 1] ?? 0;
    const low = lowerBound(doses.start, doses.end[earlier] ?? Infinity, doses.dayFirst[day] ?? 0, high);
    const follower = firstTrue(low, high, (candidate) => this.gaps.feasible(doseNumber, earlier, candidate));
    return follower < high ? follower : -1;
  }

  /** A lower bound on the last dose's day from the day rules alone (see dayLevelBounds). */
  dayBound(doseNumber: number, day: number, inWeek: number): number {
    this.dayBounds ??= dayLevelBounds(this.model, this.window);
    return this.dayBounds[((doseNumber - 1) * this.model.dayCount + day) * this.maxPerWeek + inWeek - 1] ?? UNREACHABLE;
  }

  /** Whether candidate `later` can be dose n+1 after candidate `earlier` as dose n. */
  follows(doseNumber: number, earlier: number, later: number): boolean {
    const doses = this.model.candidates.dosing;
    return (
      (doses.start[later] ?? -Infinity) >= (doses.end[earlier] ?? Infinity) &&
      this.gaps.feasible(doseNumber, earlier, later)
    );
  }

  /**
   * Dose days when there are too many day patterns to rank (loose templates): walks forward on the
   * oracle alone, aiming each dose at an even share of the shortest course that fits. The oracle
   * guarantees each step a way on, so the walk never backtracks.
   */
  private guidedDays(firsts: readonly number[], lastAllowed: number): number[] {
    const doses = this.model.candidates.dosing;
    const days = this.model.availability.grid.days;
    const { minDaysApart } = this.model.resolved.template.dosing;
    const first = firsts[0] ?? 0;
    const firstDay = doses.day[first] ?? 0;
    const shortest = this.minLastDay(1, first, 1);
    const sequence = [firstDay];
    let previous = first;
    let inWeek = 1;
    for (let doseNumber = 2; doseNumber <= this.doseCount; doseNumber += 1) {
      const target = firstDay + Math.round(((doseNumber - 1) * (shortest - firstDay)) / (this.doseCount - 1));
      const previousDay = doses.day[previous] ?? 0;
      let best: { day: number; candidate: number; inWeek: number } | null = null;
      for (let day = previousDay + minDaysApart; day <= lastAllowed; day += 1) {
        const dayInWeek = days[day]?.week === days[previousDay]?.week ? inWeek + 1 : 1;
        const follower = dayInWeek <= this.maxPerWeek ? this.earliestFollower(doseNumber - 1, previous, day) : -1;
        if (follower < 0 || this.minLastDay(doseNumber, follower, dayInWeek) > lastAllowed) {
          continue;
        }
        if (!best || Math.abs(day - target) < Math.abs(best.day - target)) {
          best = { day, candidate: follower, inWeek: dayInWeek };
        }
      }
      if (!best) {
        break;
      }
      sequence.push(best.day);
      previous = best.candidate;
      inWeek = best.inWeek;
    }
    return sequence;
  }
}
