import { weekCounts } from "./day-patterns";
import { firstTrue, range } from "./intervals";
import type { Model } from "./model";
import type { DoseSearch } from "./search";

type ChainScore = { count: number; drift: number; chain: number[] };

function better(a: { count: number; drift: number }, b: { count: number; drift: number }): boolean {
  return a.count > b.count || (a.count === b.count && a.drift < b.drift);
}

/**
 * Dose times on the given days, or null when none work. Prefers the same local time for every dose:
 * most doses at one time T, then the least drift from T, then the earliest T.
 */
export function doseTimes(
  search: DoseSearch,
  model: Model,
  sequence: readonly number[],
  firsts: readonly number[],
  lastAllowed: number,
): number[] | null {
  const doses = model.candidates.dosing;
  const inWeek = weekCounts(model, sequence);
  // Each layer is a run of consecutive candidates of one day: whatever follows some dose of the
  // previous layer follows its earliest one, and minLastDay only grows later in the day.
  const layers: number[][] = [[...firsts]];
  for (let index = 1; index < sequence.length; index += 1) {
    const day = sequence[index] ?? 0;
    const earliest = layers[index - 1]?.[0];
    const follower = earliest === undefined ? -1 : search.earliestFollower(index, earliest, day);
    const dayEnd = doses.dayFirst[day + 1] ?? 0;
    const layer =
      follower < 0
        ? []
        : range(
            follower,
            firstTrue(
              follower,
              dayEnd,
              (candidate) => search.minLastDay(index + 1, candidate, inWeek[index] ?? 1) > lastAllowed,
            ),
          );
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
        while (count < earlier.length && search.follows(index, earlier[count] ?? 0, candidate)) {
          count += 1;
        }
        return count;
      }),
    );
  }
  return sameTimeChain(model, layers, reach);
}

function sameTimeChain(model: Model, layers: readonly number[][], reach: readonly number[][]): number[] | null {
  const doses = model.candidates.dosing;
  const times = [...new Set(layers.flatMap((layer) => layer.map((candidate) => doses.minute[candidate] ?? 0)))].sort(
    (a, b) => a - b,
  );
  let best: ChainScore | null = null;
  for (const time of times) {
    const possible = layers.filter((layer) => layer.some((candidate) => doses.minute[candidate] === time)).length;
    if (best && (possible < best.count || (possible === best.count && best.drift === 0))) {
      continue;
    }
    const chain = chainNear(model, layers, reach, time);
    if (chain && (!best || better(chain, best))) {
      best = chain;
    }
  }
  return best?.chain ?? null;
}

/** The best chain for one time T, by dynamic programming over the layers. */
function chainNear(
  model: Model,
  layers: readonly number[][],
  reach: readonly number[][],
  time: number,
): ChainScore | null {
  const doses = model.candidates.dosing;
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
      const score =
        before && before.count >= 0
          ? { count: before.count + own.count, drift: before.drift + own.drift, position }
          : null;
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
