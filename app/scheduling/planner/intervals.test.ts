import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  hitsAny,
  isInside,
  lowerBound,
  mergeSpans,
  spansWithin,
  subtractSpans,
  upperBound,
  type Span,
} from "./intervals";

const span = (start: number, end: number): Span => ({ start, end });
const spans = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 20 }))
    .map(([start, length]) => span(start, start + length)),
  { maxLength: 12 },
);
const covered = (list: readonly Span[], point: number): boolean =>
  list.some((item) => item.start <= point && point < item.end);

describe("intervals", () => {
  it("joins overlapping and touching spans", () => {
    expect(mergeSpans([span(5, 8), span(0, 2), span(2, 4), span(7, 10)])).toEqual([span(0, 4), span(5, 10)]);
  });

  it("subtracts bookings from free time", () => {
    expect(subtractSpans([span(0, 10), span(20, 30)], [span(2, 4), span(3, 6), span(9, 22)])).toEqual([
      span(0, 2),
      span(6, 9),
      span(22, 30),
    ]);
    expect(subtractSpans([span(0, 10)], [])).toEqual([span(0, 10)]);
  });

  it("agrees with point-by-point arithmetic", () => {
    fc.assert(
      fc.property(spans, spans, (base, blocks) => {
        const free = subtractSpans(mergeSpans(base), mergeSpans(blocks));
        for (let point = 0; point < 125; point += 1) {
          expect(covered(free, point)).toBe(covered(base, point) && !covered(blocks, point));
        }
        expect(mergeSpans(free)).toEqual(free);
      }),
    );
  });

  it("answers containment, overlap and range questions, half-open", () => {
    const list = mergeSpans([span(0, 10), span(20, 30)]);
    expect([isInside(list, 0, 10), isInside(list, 5, 21), hitsAny(list, 10, 20), hitsAny(list, 9, 11)]).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect(spansWithin(list, 10, 21)).toEqual([span(20, 30)]);
    const values = Float64Array.from([1, 3, 3, 5]);
    expect([lowerBound(values, 3), upperBound(values, 3), lowerBound(values, 6), upperBound(values, 0)]).toEqual([
      1, 3, 4, 0,
    ]);
  });
});
