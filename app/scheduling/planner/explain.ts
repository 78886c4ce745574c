import { dayRuns, staffFreeOnDay } from "./availability";
import { preferredStart } from "./candidates";
import { hoursOnDay, type Day } from "./day-grid";
import { durationPhrase, formatHours, weekdayPlural } from "./format";
import { formatLocalTime } from "./local-time";
import type { Model } from "./model";
import { fixedStaff, type KindSpec, type PlannedKind } from "./resolve";
import type { Rule } from "./types";

/** Why no slot of one kind fits on one day; key groups the same reason across days. */
export type Reason = { rule: Rule; key: string; text: string; who?: string };

type Row = ArrayLike<number>;
/** Past this many, a list of names reads worse than a count. */
const MAX_NAMES = 3;

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) {
    return names[0] ?? "";
  }
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
}

/** The first reason, in the order a person would check, that no slot of this kind fits on the day; null if one does. */
export function explainDay(model: Model, kind: PlannedKind, dayIndex: number): Reason | null {
  const { resolved, availability, candidates } = model;
  const { grid } = availability;
  const day = grid.days[dayIndex];
  const list = candidates[kind];
  if (!day || (list.dayFirst[dayIndex + 1] ?? 0) > (list.dayFirst[dayIndex] ?? 0)) {
    return null;
  }
  const spec = resolved.specs[kind];
  const duration = spec.durationMinutes;
  const row = (table: Float64Array): Row => table.subarray(dayIndex * grid.perDay, (dayIndex + 1) * grid.perDay);
  const fits = (rows: readonly Row[]): boolean => {
    for (let slot = 0; slot < grid.perDay; slot += 1) {
      if (
        preferredStart(resolved, day.weekday, slot * grid.stepMinutes) &&
        rows.every((runs) => (runs[slot] ?? 0) >= duration)
      ) {
        return true;
      }
    }
    return false;
  };
  if (resolved.weekdays && !resolved.weekdays.has(day.weekday)) {
    return { rule: "weekday-preference", key: "weekday-preference", text: "the patient prefers other weekdays" };
  }
  const opening = resolved.opening.filter((hours) => hours.weekday === day.weekday);
  if (opening.length === 0) {
    return {
      rule: "opening-hours",
      key: `closed-${day.weekday}`,
      text: `the clinic is closed on ${weekdayPlural(day.weekday)}`,
    };
  }
  const clinic = row(availability.clinic);
  if (!fits([clinic])) {
    const limits =
      resolved.earliestStart !== null || resolved.latestStart !== null
        ? ` and the patient prefers to start ${startLimits(model)}`
        : "";
    return {
      rule: "opening-hours",
      key: `short-${day.weekday}-${limits}`,
      text: `the clinic is open ${formatHours(opening)}${limits}`,
    };
  }
  if (!fits([clinic, row(availability.patient)])) {
    return { rule: "patient-busy", key: "patient", text: "the patient has other appointments" };
  }
  for (const index of fixedStaff(resolved, spec)) {
    const reason = staffReason(model, index, day, clinic, fits);
    if (reason) {
      return reason;
    }
  }
  const monitors = resolved.monitorPool.filter((index) => !fixedStaff(resolved, spec).includes(index));
  if (spec.monitor && !monitors.some((index) => fits([clinic, row(availability.staff(index))]))) {
    const only = monitors[0];
    if (monitors.length === 1 && only !== undefined) {
      return (
        staffReason(model, only, day, clinic, fits) ?? { rule: "monitor", key: "monitor", text: "no monitor is free" }
      );
    }
    const names = monitors.map((index) => resolved.calendar.staff[index]?.name ?? "");
    return {
      rule: "monitor",
      key: "monitor",
      text:
        names.length === 0
          ? "no one else can monitor"
          : names.length > MAX_NAMES
            ? `none of the ${names.length} possible monitors is free for ${durationPhrase(duration)}`
            : `no monitor (${joinNames(names)}) is free for ${durationPhrase(duration)}`,
    };
  }
  if (spec.room && !resolved.roomPool.some((index) => fits([clinic, row(availability.room(index))]))) {
    const only = resolved.roomPool.length === 1 ? resolved.calendar.rooms[resolved.roomPool[0] ?? 0] : undefined;
    return only
      ? { rule: "room-busy", key: `room-${only.id}`, text: `${only.name} is booked`, who: only.id }
      : { rule: "room-busy", key: "rooms", text: `no room is free for ${durationPhrase(duration)}` };
  }
  return {
    rule: "availability",
    key: "together",
    text: `${joinNames(participants(model, spec))} are not free together for ${durationPhrase(duration)}`,
  };
}

function participants(model: Model, spec: KindSpec): string[] {
  const names = fixedStaff(model.resolved, spec).map((index) => model.resolved.calendar.staff[index]?.name ?? "");
  if (spec.monitor) {
    names.push("a monitor");
  }
  if (spec.room) {
    names.push("a room");
  }
  names.push("the patient");
  return names;
}

function startLimits(model: Model): string {
  const { earliestStart, latestStart } = model.resolved;
  if (earliestStart !== null && latestStart !== null) {
    return `between ${formatLocalTime(earliestStart)} and ${formatLocalTime(latestStart)}`;
  }
  return earliestStart !== null
    ? `at ${formatLocalTime(earliestStart)} or later`
    : `by ${formatLocalTime(latestStart ?? 0)}`;
}

/** Working hours, then time off, then bookings: the first layer that leaves no window is the reason. */
function staffReason(
  model: Model,
  index: number,
  day: Day,
  clinic: Row,
  fits: (rows: readonly Row[]) => boolean,
): Reason | null {
  const { resolved, availability } = model;
  const { grid } = availability;
  const member = resolved.calendar.staff[index];
  if (!member) {
    return null;
  }
  const working = hoursOnDay(resolved.working[index] ?? [], day, resolved.timeZone);
  if (!fits([clinic, dayRuns(grid, day, working)])) {
    const weekly = (resolved.working[index] ?? []).filter((hours) => hours.weekday === day.weekday);
    return weekly.length === 0
      ? {
          rule: "working-hours",
          key: `day-off-${member.id}-${day.weekday}`,
          text: `${member.name} does not work on ${weekdayPlural(day.weekday)}`,
          who: member.id,
        }
      : {
          rule: "working-hours",
          key: `hours-${member.id}-${formatHours(weekly)}`,
          text: `${member.name} works ${formatHours(weekly)}`,
          who: member.id,
        };
  }
  if (!fits([clinic, dayRuns(grid, day, staffFreeOnDay(resolved, index, day, { timeOff: true, busy: false }))])) {
    return { rule: "time-off", key: `time-off-${member.id}`, text: `${member.name} is on time off`, who: member.id };
  }
  if (!fits([clinic, availability.staff(index).subarray(day.index * grid.perDay, (day.index + 1) * grid.perDay)])) {
    return { rule: "staff-busy", key: `busy-${member.id}`, text: `${member.name} is booked`, who: member.id };
  }
  return null;
}
