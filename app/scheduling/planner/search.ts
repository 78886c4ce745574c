import { GapSolver, NO_DOSE } from "./gaps";
import { lowerBound } from "./intervals";
import type { Model } from "./model";

const UNREACHABLE = Number.MAX_SAFE_INTEGER;
/** Beyond this many day patterns for one first-dose day, fall back to the oracle-guided walk. */
const MAX_SEQUENCES = 50_000;

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

  constructor(private readonly model: Model) {
    this.gaps = new GapSolver(model);
    this.doseCount = model.resolved.doseCount;
    this.candidateCount = model.candidates.dosing.count;
    this.maxPerWeek = model.resolved.template.dosing.maxPerWeek;
  }

  /** Dose candidate indexes, one per dose, or null when no course fits in the search window. */
  findChain(): number[] | null {
    const span = this.model.resolved.template.dosing.maxCourseDays;
    for (let firstDay = 0; firstDay < this.model.dayCount; firstDay += 1) {
      const lastAllowed = firstDay + span - 1;
      const firsts = this.firstDoseOptions(firstDay, lastAllowed);
      if (firsts.length === 0) {
        continue;
      }
      const { sequences } = this.daySequences(firstDay, lastAllowed);
      for (const sequence of sequences) {
        const chain = this.timesFor(sequence, firsts, lastAllowed);
        if (chain) {
          return chain;
        }
      }
      // Reached only when the day patterns were too many to list; the oracle guarantees a chain.
      return this.guidedChain(firsts, lastAllowed);
    }
    return null;
  }

  /** First-dose candidates on a day from which a whole course fits. */
  firstDoseOptions(firstDay: number, lastAllowed: number): number[] {
    const doses = this.model.candidates.dosing;
    const options: number[] = [];
    // Preparation fits more easily before a later dose, the rest of the course after an earlier one.
    for (let candidate = doses.dayFirst[firstDay] ?? 0; candidate < (doses.dayFirst[firstDay + 1] ?? 0); candidate += 1) {
      if (!this.gaps.feasible(0, NO_DOSE, candidate)) {
        continue;
      }
      if (this.minLastDay(1, candidate, 1) > lastAllowed) {
        break;
      }
      options.push(candidate);
    }
    return options;
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
    const { candidates, availability, resolved, dayCount } = this.model;
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
    const lastDay = Math.min(day + maxCourseDays - 1, dayCount - 1);
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
    let low = lowerBound(doses.start, doses.end[earlier] ?? Infinity, doses.dayFirst[day] ?? 0, high);
    if (low >= high || !this.gaps.feasible(doseNumber, earlier, high - 1)) {
      return -1;
    }
    let top = high - 1;
    while (low < top) {
      const middle = (low + top) >> 1;
      if (this.gaps.feasible(doseNumber, earlier, middle)) {
        top = middle;
      } else {
        low = middle + 1;
      }
    }
    return top;
  }

  /**
   * A lower bound on the last dose's day if dose n falls on `day` with inWeek doses in its ISO
   * week, from the day rules alone; it lets minLastDay stop as soon as it has found the best.
   */
  private dayBound(doseNumber: number, day: number, inWeek: number): number {
    if (!this.dayBounds) {
      this.dayBounds = this.computeDayBounds();
    }
    return this.dayBounds[((doseNumber - 1) * this.model.dayCount + day) * this.maxPerWeek + inWeek - 1] ?? UNREACHABLE;
  }

  private dayBounds: Float64Array | null = null;

  private computeDayBounds(): Float64Array {
    const { candidates, availability, resolved, dayCount } = this.model;
    const doses = candidates.dosing;
    const days = availability.grid.days;
    const { minDaysApart, maxCourseDays } = resolved.template.dosing;
    const width = this.maxPerWeek;
    const bounds = new Float64Array(this.doseCount * dayCount * width).fill(UNREACHABLE);
    const index = (doseNumber: number, day: number, inWeek: number): number => ((doseNumber - 1) * dayCount + day) * width + inWeek - 1;
    for (let doseNumber = this.doseCount; doseNumber >= 1; doseNumber -= 1) {
      for (let day = 0; day < dayCount; day += 1) {
        if ((doses.dayFirst[day + 1] ?? 0) === (doses.dayFirst[day] ?? 0)) {
          continue;
        }
        for (let inWeek = 1; inWeek <= width; inWeek += 1) {
          let best = doseNumber === this.doseCount ? day : UNREACHABLE;
          const lastDay = Math.min(day + maxCourseDays - 1, dayCount - 1);
          for (let next = day + minDaysApart; doseNumber < this.doseCount && next <= lastDay; next += 1) {
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
   * longest and shortest gap, then the earliest last dose.
   */
  daySequences(firstDay: number, lastAllowed: number): { sequences: number[][]; complete: boolean } {
    const { candidates, availability, resolved, dayCount } = this.model;
    const doses = candidates.dosing;
    const days = availability.grid.days;
    const { minDaysApart } = resolved.template.dosing;
    const lastDay = Math.min(lastAllowed, dayCount - 1);
    const sequences: number[][] = [];
    const current = [firstDay];
    let complete = true;
    const extend = (inWeek: number): void => {
      if (!complete) {
        return;
      }
      if (current.length === this.doseCount) {
        if (sequences.length >= MAX_SEQUENCES) {
          complete = false;
          return;
        }
        sequences.push([...current]);
        return;
      }
      const previous = current[current.length - 1] ?? 0;
      const remaining = this.doseCount - current.length - 1;
      for (let next = previous + minDaysApart; next + remaining * minDaysApart <= lastDay; next += 1) {
        if ((doses.dayFirst[next + 1] ?? 0) === (doses.dayFirst[next] ?? 0)) {
          continue;
        }
        const nextInWeek = days[next]?.week === days[previous]?.week ? inWeek + 1 : 1;
        if (nextInWeek > this.maxPerWeek) {
          continue;
        }
        current.push(next);
        extend(nextInWeek);
        current.pop();
      }
    };
    extend(1);
    const scored = sequences.map((sequence) => ({ sequence, spread: spreadOf(sequence), last: sequence[sequence.length - 1] ?? 0 }));
    scored.sort((a, b) => a.spread - b.spread || a.last - b.last || compareLexically(a.sequence, b.sequence));
    return { sequences: scored.map((entry) => entry.sequence), complete };
  }

  private weekCounts(sequence: readonly number[]): number[] {
    const days = this.model.availability.grid.days;
    const counts: number[] = [];
    sequence.forEach((day, index) => {
      const previous = sequence[index - 1];
      counts.push(previous !== undefined && days[previous]?.week === days[day]?.week ? (counts[index - 1] ?? 0) + 1 : 1);
    });
    return counts;
  }

  private follows(doseNumber: number, earlier: number, later: number): boolean {
    const doses = this.model.candidates.dosing;
    return (doses.start[later] ?? -Infinity) >= (doses.end[earlier] ?? Infinity) && this.gaps.feasible(doseNumber, earlier, later);
  }

  /** Dose times on the given days, or null when none work; prefers one local time of day. */
  timesFor(sequence: readonly number[], firsts: readonly number[], lastAllowed: number): number[] | null {
    const doses = this.model.candidates.dosing;
    const inWeek = this.weekCounts(sequence);
    // Each layer is a run of consecutive candidates of one day: whatever follows some dose of the
    // previous layer follows its earliest one, and minLastDay only grows later in the day.
    const layers: number[][] = [[...firsts]];
    for (let index = 1; index < sequence.length; index += 1) {
      const day = sequence[index] ?? 0;
      const earliest = layers[index - 1]?.[0];
      const follower = earliest === undefined ? -1 : this.earliestFollower(index, earliest, day);
      const layer: number[] = [];
      for (let candidate = follower; follower >= 0 && candidate < (doses.dayFirst[day + 1] ?? 0); candidate += 1) {
        if (this.minLastDay(index + 1, candidate, inWeek[index] ?? 1) > lastAllowed) {
          break;
        }
        layer.push(candidate);
      }
      if (layer.length === 0) {
        return null;
      }
      layers.push(layer);
    }
    // reach[i][j]: how many leading doses of layer i-1 can precede layer i's j-th (a prefix, growing with j).
    const reach: number[][] = [layers[0]?.map(() => 0) ?? []];
    for (let index = 1; index < layers.length; index += 1) {
      const earlier = layers[index - 1] ?? [];
      let count = 0;
      reach.push(
        (layers[index] ?? []).map((candidate) => {
          while (count < earlier.length && this.follows(index, earlier[count] ?? 0, candidate)) {
            count += 1;
          }
          return count;
        }),
      );
    }
    return this.sameTimeChain(layers, reach);
  }

  /**
   * Among chains through the layers, the one with the most doses at one local time T, then the
   * least total drift from T, then the earliest T.
   */
  private sameTimeChain(layers: readonly number[][], reach: readonly number[][]): number[] | null {
    const doses = this.model.candidates.dosing;
    const times = [...new Set(layers.flatMap((layer) => layer.map((candidate) => doses.minute[candidate] ?? 0)))].sort((a, b) => a - b);
    let best: ChainScore | null = null;
    for (const time of times) {
      const possible = layers.filter((layer) => layer.some((candidate) => doses.minute[candidate] === time)).length;
      if (best && (possible < best.count || (possible === best.count && best.drift === 0))) {
        continue;
      }
      const chain = this.chainNear(layers, reach, time);
      if (chain && (!best || better(chain, best))) {
        best = chain;
      }
    }
    return best?.chain ?? null;
  }

  private chainNear(layers: readonly number[][], reach: readonly number[][], time: number): ChainScore | null {
    const doses = this.model.candidates.dosing;
    // prefixBest[i][j]: the best-scoring chain ending at one of layer i's first j+1 doses.
    const prefixBest: { count: number; drift: number; position: number }[][] = [];
    const from: number[][] = [];
    layers.forEach((layer, index) => {
      const previous = prefixBest[index - 1];
      const scores: { count: number; drift: number; position: number }[] = [];
      const links: number[] = [];
      let running: { count: number; drift: number; position: number } | null = null;
      layer.forEach((candidate, position) => {
        const minute = doses.minute[candidate] ?? 0;
        const own = { count: minute === time ? 1 : 0, drift: Math.abs(minute - time) };
        const reachable = reach[index]?.[position] ?? 0;
        const before = previous ? previous[reachable - 1] : { count: 0, drift: 0, position: -1 };
        const score = before && before.count >= 0 ? { count: before.count + own.count, drift: before.drift + own.drift, position } : null;
        links.push(before?.position ?? -1);
        if (score && (!running || better(score, running))) {
          running = score;
        }
        scores.push(running ?? { count: -1, drift: 0, position: -1 });
      });
      prefixBest.push(scores);
      from.push(links);
    });
    const last = prefixBest[prefixBest.length - 1];
    const top = last?.[last.length - 1];
    if (!top || top.count < 0) {
      return null;
    }
    const chain: number[] = [];
    let position = top.position;
    for (let index = layers.length - 1; index >= 0; index -= 1) {
      chain.unshift(layers[index]?.[position] ?? -1);
      position = from[index]?.[position] ?? -1;
    }
    return { count: top.count, drift: top.drift, chain };
  }

  /** Used only when there are too many day patterns to rank: walks forward on the oracle alone. */
  private guidedChain(firsts: readonly number[], lastAllowed: number): number[] | null {
    const doses = this.model.candidates.dosing;
    const days = this.model.availability.grid.days;
    const first = firsts[0];
    if (first === undefined) {
      return null;
    }
    const chain = [first];
    let inWeek = 1;
    for (let doseNumber = 2; doseNumber <= this.doseCount; doseNumber += 1) {
      const previous = chain[chain.length - 1] ?? 0;
      const previousWeek = days[doses.day[previous] ?? 0]?.week;
      let chosen = -1;
      for (let candidate = previous + 1; candidate < doses.count && chosen < 0; candidate += 1) {
        const candidateInWeek = days[doses.day[candidate] ?? 0]?.week === previousWeek ? inWeek + 1 : 1;
        const dayGap = (doses.day[candidate] ?? 0) - (doses.day[previous] ?? 0);
        if (
          dayGap >= this.model.resolved.template.dosing.minDaysApart &&
          candidateInWeek <= this.maxPerWeek &&
          this.follows(doseNumber - 1, previous, candidate) &&
          this.minLastDay(doseNumber, candidate, candidateInWeek) <= lastAllowed
        ) {
          chosen = candidate;
          inWeek = candidateInWeek;
        }
      }
      if (chosen < 0) {
        return null;
      }
      chain.push(chosen);
    }
    return chain;
  }
}

type ChainScore = { count: number; drift: number; chain: number[] };

function better(a: { count: number; drift: number }, b: { count: number; drift: number }): boolean {
  return a.count > b.count || (a.count === b.count && a.drift < b.drift);
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
