import fc from "fast-check";
import { formatLocalTime, parseLocalDate, zonedInstant } from "#app/scheduling/planner/local-time";
import type { Calendar, Interval, PlanRequest, SeriesTemplate } from "#app/scheduling/planner/types";
import { LA, NURSE, PRESCRIBER, SECOND_NURSE, THERAPIST } from "./fixtures";

/** undefined three times in four. */
function rarely<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

/** Start dates whose windows cross both daylight-saving changes of 2026 in Los Angeles, and one that does not. */
export const START_DATES = ["2026-03-05", "2026-10-29", "2026-06-10"] as const;

type Booking = { day: number; start: number; minutes: number };

const booking = (days: number): fc.Arbitrary<Booking> =>
  fc.record({
    day: fc.integer({ min: 0, max: days - 1 }),
    start: fc.integer({ min: 14, max: 36 }).map((half) => half * 30),
    minutes: fc.integer({ min: 1, max: 8 }).map((half) => half * 30),
  });

function toInterval(startDate: string, entry: Booking): Interval {
  const first = parseLocalDate(startDate) ?? 0;
  const start = zonedInstant(first + entry.day, entry.start, LA);
  return { start: new Date(start), end: new Date(start + entry.minutes * 60_000) };
}

type Hours = { weekday: number; from: number; hours: number };

/**
 * Hours for each weekday (most days open), starting 07:00–09:00 and lasting minHours–maxHours,
 * sometimes split in two entries that touch, overlap or leave a gap.
 */
const weeklyHours = (minHours: number, maxHours: number): fc.Arbitrary<Hours[]> =>
  fc
    .array(
      fc.option(
        fc.record({
          from: fc.integer({ min: 14, max: 18 }).map((half) => half * 30),
          hours: fc.integer({ min: minHours, max: maxHours }),
          split: fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined, freq: 3 }),
        }),
        { nil: undefined, freq: 10 },
      ),
      { minLength: 7, maxLength: 7 },
    )
    .map((days) =>
      days.flatMap((day, weekday): Hours[] => {
        if (!day) {
          return [];
        }
        if (day.split === undefined) {
          return [{ weekday, from: day.from, hours: day.hours }];
        }
        const firstHours = Math.max(1, Math.floor(day.hours / 2));
        const secondFrom = day.from + firstHours * 60 + day.split * 30;
        return [
          { weekday, from: day.from, hours: firstHours },
          { weekday, from: secondFrom, hours: day.hours - firstHours },
        ];
      }),
    );

/** A small clinic: the care team, a second nurse, one or two rooms, random hours and bookings. */
export const calendarArbitrary = (
  startDate: string,
  days: number,
  hours: { min: number; max: number; bookings: number } = { min: 4, max: 10, bookings: 8 },
): fc.Arbitrary<Calendar> => {
  const staffArbitrary = fc.record({
    hours: weeklyHours(hours.min, hours.max),
    busy: fc.array(booking(days), { maxLength: hours.bookings }),
    timeOff: fc.option(
      fc.record({ day: fc.integer({ min: 0, max: days - 1 }), length: fc.integer({ min: 1, max: 3 }) }),
      {
        nil: undefined,
      },
    ),
  });
  return fc
    .record({
      opening: weeklyHours(hours.min, hours.max),
      staff: fc.tuple(staffArbitrary, staffArbitrary, staffArbitrary, staffArbitrary),
      rooms: fc.array(fc.array(booking(days), { maxLength: Math.ceil(hours.bookings / 2) }), {
        minLength: 1,
        maxLength: 2,
      }),
      patient: fc.array(booking(days), { maxLength: 3 }),
      therapistAlsoNurse: fc.boolean(),
    })
    .map(({ opening, staff, rooms, patient, therapistAlsoNurse }) => {
      const people = [
        {
          id: THERAPIST,
          name: "Jordan Reyes",
          roles: therapistAlsoNurse ? (["therapist", "nurse"] as const) : (["therapist"] as const),
        },
        { id: PRESCRIBER, name: "Priya Natarajan", roles: ["prescriber"] as const },
        { id: NURSE, name: "Sam Okafor", roles: ["nurse"] as const },
        { id: SECOND_NURSE, name: "Lee Park", roles: ["nurse"] as const },
      ];
      const first = parseLocalDate(startDate) ?? 0;
      return {
        timeZone: LA,
        openingHours: opening.map((entry) => ({
          weekday: entry.weekday,
          opens: formatLocalTime(entry.from),
          closes: formatLocalTime(Math.min(entry.from + entry.hours * 60, 1440)),
        })),
        staff: people.map((person, index) => {
          const random = staff[index] ?? staff[0];
          return {
            ...person,
            roles: [...person.roles],
            workingHours: random.hours.map((entry) => ({
              weekday: entry.weekday,
              starts: formatLocalTime(entry.from),
              ends: formatLocalTime(Math.min(entry.from + entry.hours * 60, 1440)),
            })),
            busy: random.busy.map((entry) => toInterval(startDate, entry)),
            timeOff: random.timeOff
              ? [
                  {
                    start: new Date(zonedInstant(first + random.timeOff.day, 0, LA)),
                    end: new Date(zonedInstant(first + random.timeOff.day + random.timeOff.length, 0, LA)),
                  },
                ]
              : [],
          };
        }),
        rooms: rooms.map((busy, index) => ({
          id: `room-${index + 1}`,
          name: `Room ${index + 1}`,
          busy: busy.map((entry) => toInterval(startDate, entry)),
        })),
        patientBusy: patient.map((entry) => toInterval(startDate, entry)),
      };
    });
};

export const preferencesArbitrary: fc.Arbitrary<PlanRequest["preferences"]> = rarely(
  fc.record(
    {
      weekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 7 }),
      earliestStart: fc.integer({ min: 14, max: 20 }).map((half) => formatLocalTime(half * 30)),
      latestStart: fc.integer({ min: 22, max: 30 }).map((half) => formatLocalTime(half * 30)),
      roomIds: fc.constant(["room-1"]),
    },
    { requiredKeys: [] },
  ),
);

export const monitorIdsArbitrary: fc.Arbitrary<string[] | undefined> = rarely(
  fc.uniqueArray(fc.constantFrom(NURSE, SECOND_NURSE, PRESCRIBER), { minLength: 1, maxLength: 2 }),
);

/** Courses small enough to enumerate: 2–3 doses, a few days, hour-long steps. */
export const smallTemplateArbitrary: fc.Arbitrary<SeriesTemplate> = fc
  .record({
    preparations: fc.integer({ min: 0, max: 2 }),
    prepMin: fc.integer({ min: 0, max: 1 }),
    prepExtra: fc.integer({ min: 0, max: 2 }),
    doses: fc.integer({ min: 2, max: 3 }),
    doseMinutes: fc.constantFrom(60, 120),
    minApart: fc.integer({ min: 0, max: 2 }),
    perWeek: fc.constantFrom(1, 2, 2, 3, 3),
    spanExtra: fc.integer({ min: 0, max: 3 }),
    integrationAfter: fc.constantFrom<"all" | number[]>("all", [1], [2], []),
    integrationMin: fc.integer({ min: 0, max: 1 }),
    integrationExtra: fc.integer({ min: 0, max: 1 }),
    before: fc.constantFrom<number[]>([], [1], [2], [1, 2]),
    after: fc.constantFrom<number[]>([], [1], [2]),
    checkpointMinutes: fc.constantFrom(30, 60),
  })
  .map((shape): SeriesTemplate => ({
    name: "Short course",
    preparation: {
      count: shape.preparations,
      durationMinutes: 60,
      needs: ["therapist", "room"],
      minDaysBeforeFirstDose: shape.prepMin,
      maxDaysBeforeFirstDose: shape.prepMin + shape.prepExtra,
    },
    dosing: {
      count: shape.doses,
      durationMinutes: shape.doseMinutes,
      needs: ["therapist", "monitor", "room"],
      minDaysApart: shape.minApart,
      maxPerWeek: shape.perWeek,
      maxCourseDays: (shape.doses - 1) * shape.minApart + 1 + shape.spanExtra,
    },
    integration: {
      afterDoses: shape.integrationAfter,
      durationMinutes: 60,
      needs: ["therapist", "room"],
      minDaysAfter: shape.integrationMin,
      maxDaysAfter: shape.integrationMin + shape.integrationExtra,
    },
    checkpoints: {
      beforeDoses: shape.before,
      afterDoses: shape.after,
      durationMinutes: shape.checkpointMinutes,
      needs: ["prescriber", "room"],
    },
  }));
