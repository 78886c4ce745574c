import { TZDate } from "@date-fns/tz";
import { STANDARD_KAP_COURSE } from "#app/scheduling/planner/standard-course";
import type { Calendar, Interval, PlanRequest, SeriesTemplate, StaffRole } from "#app/scheduling/planner/types";

/** Invented people and rooms for tests and the benchmark. */
export const LA = "America/Los_Angeles";
export const THERAPIST = "staff-jordan";
export const PRESCRIBER = "staff-priya";
export const NURSE = "staff-sam";
export const SECOND_NURSE = "staff-lee";

type StaffMember = Calendar["staff"][number];

export function everyWeekday(weekdays: readonly number[], starts: string, ends: string): StaffMember["workingHours"] {
  return weekdays.map((weekday) => ({ weekday, starts, ends }));
}

export function member(id: string, name: string, roles: StaffRole[], options: Partial<StaffMember> = {}): StaffMember {
  return {
    id,
    name,
    roles,
    workingHours: everyWeekday([1, 2, 3, 4, 5], "08:00", "18:00"),
    timeOff: [],
    busy: [],
    ...options,
  };
}

/** A wall-clock time in a zone as an instant. */
export function local(date: string, time: string, timeZone = LA): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hours, minutes, timeZone).getTime());
}

export function between(date: string, from: string, to: string, timeZone = LA): Interval {
  return { start: local(date, from, timeZone), end: local(date, to, timeZone) };
}

/** From the start of one local day to the start of the day after another. */
export function days(first: string, last: string, timeZone = LA): Interval {
  return { start: local(first, "00:00", timeZone), end: local(addDays(last, 1), "00:00", timeZone) };
}

export function quietCalendar(timeZone = LA): Calendar {
  return {
    timeZone,
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" })),
    staff: [
      member(THERAPIST, "Jordan Reyes", ["therapist"]),
      member(PRESCRIBER, "Priya Natarajan", ["prescriber"]),
      member(NURSE, "Sam Okafor", ["nurse"]),
      member(SECOND_NURSE, "Lee Park", ["nurse"]),
    ],
    rooms: [
      { id: "room-cedar", name: "Cedar Room", busy: [] },
      { id: "room-maple", name: "Maple Room", busy: [] },
    ],
    patientBusy: [],
  };
}

export function request(
  overrides: Partial<PlanRequest> = {},
  template: SeriesTemplate = STANDARD_KAP_COURSE,
): PlanRequest {
  return {
    template,
    calendar: quietCalendar(),
    team: { therapistId: THERAPIST, prescriberId: PRESCRIBER },
    startDate: "2026-04-06",
    ...overrides,
  };
}

/** A copy of a slot moved to another local date and time, its length kept. */
export function moveSlot<T extends { start: Date; end: Date; localDate: string; localStart: string }>(
  slot: T,
  date: string,
  time: string,
  timeZone = LA,
): T {
  const start = local(date, time, timeZone);
  return {
    ...slot,
    start,
    end: new Date(start.getTime() + slot.end.getTime() - slot.start.getTime()),
    localDate: date,
    localStart: time,
  };
}

/** The calendar day after a "yyyy-MM-dd", as "yyyy-MM-dd". */
export function addDays(date: string, count: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + count)).toISOString().slice(0, 10);
}
