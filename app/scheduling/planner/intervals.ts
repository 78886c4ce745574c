import type { Interval } from "./types";

/** An interval as epoch milliseconds, half-open. */
export type Span = { start: number; end: number };

export function spansOf(intervals: readonly Interval[]): Span[] {
  const spans: Span[] = [];
  for (const interval of intervals) {
    const start = interval.start.getTime();
    const end = interval.end.getTime();
    if (Number.isFinite(start) && Number.isFinite(end) && end > start) {
      spans.push({ start, end });
    }
  }
  return spans;
}

/** Sorted, with overlapping and touching spans joined. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

export function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** The parts of sorted, disjoint `base` not covered by sorted, disjoint `blocks`. */
export function subtractSpans(base: readonly Span[], blocks: readonly Span[]): Span[] {
  const free: Span[] = [];
  let first = 0;
  for (const span of base) {
    let cursor = span.start;
    while (first < blocks.length && (blocks[first]?.end ?? Infinity) <= span.start) {
      first += 1;
    }
    for (let index = first; index < blocks.length; index += 1) {
      const block = blocks[index];
      if (!block || block.start >= span.end) {
        break;
      }
      if (block.start > cursor) {
        free.push({ start: cursor, end: block.start });
      }
      cursor = Math.max(cursor, block.end);
    }
    if (cursor < span.end) {
      free.push({ start: cursor, end: span.end });
    }
  }
  return free;
}

/** The sorted, disjoint spans that overlap [from, to). */
export function spansWithin(sorted: readonly Span[], from: number, to: number): Span[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle]?.end ?? Infinity) <= from) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  const result: Span[] = [];
  for (let index = low; index < sorted.length; index += 1) {
    const span = sorted[index];
    if (!span || span.start >= to) {
      break;
    }
    result.push(span);
  }
  return result;
}

/** Whether [start, end) lies inside one of the sorted, disjoint spans. */
export function isInside(sorted: readonly Span[], start: number, end: number): boolean {
  return sorted.some((span) => span.start <= start && end <= span.end);
}

/** Whether [start, end) overlaps any of the spans. */
export function hitsAny(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((span) => overlaps(start, end, span.start, span.end));
}

/** First index in ascending `values` whose value is >= target. */
export function lowerBound(values: Float64Array, target: number, from = 0, to = values.length): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] ?? Infinity) < target) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** First index in ascending `values` whose value is > target. */
export function upperBound(values: Float64Array, target: number, from = 0, to = values.length): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] ?? Infinity) <= target) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** The first index in [low, high) where a predicate that turns from false to true (and stays true) holds; high if none. */
export function firstTrue(low: number, high: number, holds: (index: number) => boolean): number {
  let from = low;
  let to = high;
  while (from < to) {
    const middle = (from + to) >> 1;
    if (holds(middle)) {
      to = middle;
    } else {
      from = middle + 1;
    }
  }
  return from;
}

/** from, from + 1, …, to - 1. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
}
