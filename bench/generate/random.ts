/** A seeded generator (mulberry32), so two generations of one scale produce the same clinic. */
export type Random = {
  next(): number;
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A normally distributed value (Box–Muller), rounded where the caller wants. */
  normal(mean: number, deviation: number): number;
  shuffle<T>(items: T[]): T[];
};

export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) {
        throw new Error("pick from an empty list");
      }
      return item;
    },
    normal: (mean, deviation) => {
      const u = Math.max(Number.EPSILON, next());
      return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    shuffle: <T>(items: T[]): T[] => {
      for (let index = items.length - 1; index > 0; index -= 1) {
        const other = int(0, index);
        [items[index], items[other]] = [items[other] as T, items[index] as T];
      }
      return items;
    },
  };
}

/** Splits a total over weights so the parts are whole numbers that add up to it exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[], minimum = 0): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => Math.max(minimum, (total * weight) / sum));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (let step = 0; left > 0; step += 1, left -= 1) {
    const target = order[step % order.length]!.index;
    parts[target] = parts[target]! + 1;
  }
  for (let step = 0; left < 0; step += 1) {
    const target = order[order.length - 1 - (step % order.length)]!.index;
    if (parts[target]! > minimum) {
      parts[target] = parts[target]! - 1;
      left += 1;
    }
  }
  return parts;
}
