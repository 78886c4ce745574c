import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSeries, RULES, STANDARD_KAP_COURSE, validateSlots } from "./index";
import type { PlanRequest, SeriesTemplate } from "./types";
import {
  calendarArbitrary,
  monitorIdsArbitrary,
  preferencesArbitrary,
  smallTemplateArbitrary,
  START_DATES,
} from "./testing/arbitraries";
import { bruteForcePlanExists } from "./testing/brute-force";
import { denseRequest } from "./testing/dense-calendar";
import { PRESCRIBER, THERAPIST } from "./testing/fixtures";

/** Generous: the runs take a few seconds, more when the machine is busy. */
const PROPERTY_TIMEOUT_MS = 60_000;
/** Small enough for plain enumeration: a week, hour steps, short clinic days. */
const SMALL_DAYS = 7;

function requestArbitrary(
  template: fc.Arbitrary<SeriesTemplate>,
  days: number,
  hours: { min: number; max: number; bookings: number },
  stepMinutes: number,
): fc.Arbitrary<PlanRequest> {
  return fc.constantFrom(...START_DATES).chain((startDate) =>
    fc
      .record({
        template,
        calendar: calendarArbitrary(startDate, days, hours),
        preferences: preferencesArbitrary,
        monitorIds: monitorIdsArbitrary,
      })
      .map(({ template: chosen, calendar, preferences, monitorIds }): PlanRequest => ({
        template: chosen,
        calendar,
        team: { therapistId: THERAPIST, prescriberId: PRESCRIBER, ...(monitorIds ? { monitorIds } : {}) },
        startDate,
        stepMinutes,
        searchDays: days,
        ...(preferences ? { preferences } : {}),
      })),
  );
}

describe("planSeries, for random calendars", () => {
  it(
    "proposes only plans that validateSlots accepts, in time order; otherwise explains and offers working alternatives",
    () => {
      fc.assert(
        fc.property(
          requestArbitrary(fc.constant(STANDARD_KAP_COURSE), 35, { min: 4, max: 10, bookings: 12 }, 30),
          (request) => {
            const result = planSeries(request);
            if (result.ok) {
              expect(validateSlots(request, result.slots)).toEqual([]);
              expect(result.slots.map((slot) => slot.sequence)).toEqual(result.slots.map((_, index) => index + 1));
              expect(result.slots.filter((slot) => slot.kind === "dosing").map((slot) => slot.doseNumber)).toEqual([
                1, 2, 3, 4, 5, 6,
              ]);
              return;
            }
            expect(result.problems.length).toBeGreaterThan(0);
            expect(result.problems.length).toBeLessThanOrEqual(8);
            expect(
              result.problems.every(
                (problem) => (RULES as readonly string[]).includes(problem.rule) && problem.message.endsWith("."),
              ),
            ).toBe(true);
            expect(result.alternatives.length).toBeLessThanOrEqual(3);
            for (const alternative of result.alternatives) {
              const replanned = planSeries(alternative.request);
              expect(replanned.ok && validateSlots(alternative.request, replanned.slots)).toEqual([]);
            }
          },
        ),
        { numRuns: 40 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "finds a plan exactly when brute-force enumeration finds one (small courses)",
    () => {
      let feasible = 0;
      fc.assert(
        fc.property(
          requestArbitrary(smallTemplateArbitrary, SMALL_DAYS, { min: 4, max: 7, bookings: 3 }, 60),
          (request) => {
            const exists = bruteForcePlanExists(request);
            const result = planSeries(request);
            expect(result.ok).toBe(exists);
            if (result.ok) {
              feasible += 1;
              expect(validateSlots(request, result.slots)).toEqual([]);
            }
          },
        ),
        { numRuns: 90 },
      );
      // The comparison only means something if both answers turn up.
      expect(feasible).toBeGreaterThan(5);
      expect(feasible).toBeLessThan(85);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    "answers on dense calendars (10 staff ~70% booked, 5 rooms) with a valid plan or reasons and working alternatives",
    () => {
      for (const [seed, booked] of [
        [1, 0.7],
        [2, 0.55],
        [3, 0.55],
      ] as const) {
        const request = { ...denseRequest(seed, "2026-03-02", 88, booked), searchDays: 60 };
        const result = planSeries(request);
        if (result.ok) {
          expect(validateSlots(request, result.slots)).toEqual([]);
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const alternative of result.alternatives) {
            const replanned = planSeries(alternative.request);
            expect(replanned.ok && validateSlots(alternative.request, replanned.slots)).toEqual([]);
          }
        }
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});
