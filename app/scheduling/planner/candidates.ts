import type { Availability } from "./availability";
import { MS_PER_MINUTE } from "./local-time";
import { fixedStaff, type KindSpec, type Resolved } from "./resolve";

/**
 * Every grid point where a slot of one kind could go, judged against the calendar alone (not
 * against the other slots of the plan), sorted by start. All have the same length, so ends are
 * sorted too, and a window of days or instants is a contiguous index range.
 */
export type Candidates = {
  spec: KindSpec;
  count: number;
  day: Int32Array;
  minute: Int32Array;
  at: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** Candidates of day d are dayFirst[d] up to dayFirst[d + 1]. */
  dayFirst: Int32Array;
};

/** Whether the preferences allow a slot to start at this local minute on this weekday. */
export function preferredStart(resolved: Resolved, weekday: number, minute: number): boolean {
  if (resolved.weekdays && !resolved.weekdays.has(weekday)) {
    return false;
  }
  if (resolved.earliestStart !== null && minute < resolved.earliestStart) {
    return false;
  }
  return resolved.latestStart === null || minute <= resolved.latestStart;
}

/** Monitors free for the whole slot at grid point `at`, in order of preference. */
export function freeMonitors(resolved: Resolved, availability: Availability, spec: KindSpec, at: number): number[] {
  const fixed = fixedStaff(resolved, spec);
  return resolved.monitorPool.filter(
    (index) => !fixed.includes(index) && (availability.staff(index)[at] ?? 0) >= spec.durationMinutes,
  );
}

/** Rooms free for the whole slot at grid point `at`, in order of preference. */
export function freeRooms(resolved: Resolved, availability: Availability, spec: KindSpec, at: number): number[] {
  return resolved.roomPool.filter((index) => (availability.room(index)[at] ?? 0) >= spec.durationMinutes);
}

export function buildCandidates(resolved: Resolved, availability: Availability, spec: KindSpec): Candidates {
  const { grid } = availability;
  const duration = spec.durationMinutes;
  const fixed = fixedStaff(resolved, spec).map((index) => availability.staff(index));
  const monitors = resolved.monitorPool
    .filter((index) => !fixedStaff(resolved, spec).includes(index))
    .map((index) => availability.staff(index));
  const rooms = resolved.roomPool.map((index) => availability.room(index));
  const days: number[] = [];
  const minutes: number[] = [];
  const ats: number[] = [];
  const dayFirst = new Int32Array(grid.days.length + 1);
  for (const day of grid.days) {
    dayFirst[day.index] = ats.length;
    for (let slot = 0; slot < grid.perDay; slot += 1) {
      const at = day.index * grid.perDay + slot;
      const minute = slot * grid.stepMinutes;
      if ((availability.clinic[at] ?? 0) < duration || (availability.patient[at] ?? 0) < duration) {
        continue;
      }
      if (!preferredStart(resolved, day.weekday, minute) || fixed.some((runs) => (runs[at] ?? 0) < duration)) {
        continue;
      }
      if (spec.monitor && !monitors.some((runs) => (runs[at] ?? 0) >= duration)) {
        continue;
      }
      if (spec.room && !rooms.some((runs) => (runs[at] ?? 0) >= duration)) {
        continue;
      }
      days.push(day.index);
      minutes.push(minute);
      ats.push(at);
    }
  }
  dayFirst[grid.days.length] = ats.length;
  const start = Float64Array.from(ats, (at) => grid.gridMs[at] ?? Number.NaN);
  return {
    spec,
    count: ats.length,
    day: Int32Array.from(days),
    minute: Int32Array.from(minutes),
    at: Int32Array.from(ats),
    start,
    end: start.map((ms) => ms + duration * MS_PER_MINUTE),
    dayFirst,
  };
}
