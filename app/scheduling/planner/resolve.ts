import type { WeeklyHours } from "./day-grid";
import { isValidTimeZone, parseLocalDate, parseLocalTime } from "./local-time";
import { integrationDoses, seriesSteps, type SeriesStep } from "./steps";
import { isWholeNumber, templateProblems } from "./template-checks";
import type { AppointmentKind, Calendar, Need, PlanRequest, Problem, SeriesTemplate } from "./types";

export type PlannedKind = Exclude<AppointmentKind, "screening">;
export const PLANNED_KINDS: readonly PlannedKind[] = ["preparation", "dosing", "integration", "checkpoint"];

export type KindSpec = {
  kind: PlannedKind;
  durationMinutes: number;
  needs: readonly Need[];
  therapist: boolean;
  prescriber: boolean;
  monitor: boolean;
  room: boolean;
};

/** A request checked and turned into indexes, minutes and day numbers. */
export type Resolved = {
  request: PlanRequest;
  template: SeriesTemplate;
  calendar: Calendar;
  timeZone: string;
  firstEpochDay: number;
  searchDays: number;
  stepMinutes: number;
  staffIndex: Map<string, number>;
  roomIndex: Map<string, number>;
  therapist: number;
  prescriber: number;
  /** Staff indexes in order of preference. */
  monitorPool: number[];
  /** Room indexes in order of preference. */
  roomPool: number[];
  weekdays: ReadonlySet<number> | null;
  earliestStart: number | null;
  latestStart: number | null;
  opening: WeeklyHours;
  working: WeeklyHours[];
  specs: Record<PlannedKind, KindSpec>;
  doseCount: number;
  integrationAfter: ReadonlySet<number>;
  checkpointsBefore: ReadonlySet<number>;
  checkpointsAfter: ReadonlySet<number>;
  steps: SeriesStep[];
};

export type Resolution = { ok: true; resolved: Resolved } | { ok: false; problems: Problem[] };

const DEFAULT_STEP_MINUTES = 30;
const DEFAULT_SEARCH_DAYS = 60;
const MAX_SEARCH_DAYS = 732;

function specFor(kind: PlannedKind, durationMinutes: number, needs: readonly Need[]): KindSpec {
  return {
    kind,
    durationMinutes,
    needs: [...new Set(needs)],
    therapist: needs.includes("therapist"),
    prescriber: needs.includes("prescriber"),
    monitor: needs.includes("monitor"),
    room: needs.includes("room"),
  };
}

function weeklyHours(
  entries: readonly { weekday: number; from: string; to: string }[],
  owner: string,
  problems: Problem[],
): WeeklyHours {
  const hours: WeeklyHours = [];
  for (const entry of entries) {
    const from = parseLocalTime(entry.from);
    const to = parseLocalTime(entry.to);
    if (!isWholeNumber(entry.weekday, 0, 6) || from === null || to === null || from >= to) {
      problems.push({
        rule: "calendar",
        message: `${owner} has invalid hours (${entry.from}–${entry.to} on weekday ${entry.weekday}).`,
      });
      continue;
    }
    hours.push({ weekday: entry.weekday, from, to });
  }
  return hours;
}

function isMonitorRole(roles: readonly string[]): boolean {
  return roles.includes("prescriber") || roles.includes("nurse");
}

/** Checks everything about a request that does not depend on the calendar's bookings. */
export function resolveRequest(request: PlanRequest): Resolution {
  const problems: Problem[] = [];
  const { template, calendar, team } = request;
  const preferences = request.preferences ?? {};
  if (!isValidTimeZone(calendar.timeZone)) {
    problems.push({ rule: "time-zone", message: `"${calendar.timeZone}" is not a time zone this planner knows.` });
  }
  const firstEpochDay = parseLocalDate(request.startDate);
  if (firstEpochDay === null) {
    problems.push({ rule: "request", message: `The start date "${request.startDate}" is not a date (yyyy-MM-dd).` });
  }
  const stepMinutes = request.stepMinutes ?? DEFAULT_STEP_MINUTES;
  if (!isWholeNumber(stepMinutes, 1, 1440)) {
    problems.push({ rule: "request", message: "The step between candidate start times must be 1 to 1440 minutes." });
  }
  const searchDays = request.searchDays ?? DEFAULT_SEARCH_DAYS;
  if (!isWholeNumber(searchDays, 1, MAX_SEARCH_DAYS)) {
    problems.push({ rule: "request", message: `The search must cover 1 to ${MAX_SEARCH_DAYS} days.` });
  }
  problems.push(...templateProblems(template));

  const staffIndex = new Map(calendar.staff.map((member, index) => [member.id, index]));
  const roomIndex = new Map(calendar.rooms.map((room, index) => [room.id, index]));
  const opening = weeklyHours(
    calendar.openingHours.map((entry) => ({ weekday: entry.weekday, from: entry.opens, to: entry.closes })),
    "The clinic",
    problems,
  );
  const working = calendar.staff.map((member) =>
    weeklyHours(
      member.workingHours.map((entry) => ({ weekday: entry.weekday, from: entry.starts, to: entry.ends })),
      member.name,
      problems,
    ),
  );

  const specs: Record<PlannedKind, KindSpec> = {
    preparation: specFor("preparation", template.preparation.durationMinutes, template.preparation.needs),
    dosing: specFor("dosing", template.dosing.durationMinutes, template.dosing.needs),
    integration: specFor("integration", template.integration.durationMinutes, template.integration.needs),
    checkpoint: specFor("checkpoint", template.checkpoints.durationMinutes, template.checkpoints.needs),
  };
  const steps = problems.some((problem) => problem.rule === "template") ? [] : seriesSteps(template);
  const usedSpecs = PLANNED_KINDS.filter((kind) => steps.some((step) => step.kind === kind)).map((kind) => specs[kind]);
  const needed = (need: Need): boolean => usedSpecs.some((spec) => spec.needs.includes(need));

  const therapist = staffIndex.get(team.therapistId) ?? -1;
  const prescriber = staffIndex.get(team.prescriberId) ?? -1;
  const roleProblem = (id: string, index: number, role: "therapist" | "prescriber"): void => {
    const member = calendar.staff[index];
    if (!member) {
      problems.push({
        rule: "team",
        message: `The care team's ${role} (${id}) is not on the clinic's staff.`,
        who: id,
      });
    } else if (!member.roles.includes(role)) {
      problems.push({ rule: "team", message: `${member.name} is not a ${role}.`, who: id });
    }
  };
  if (needed("therapist")) {
    roleProblem(team.therapistId, therapist, "therapist");
  }
  if (needed("prescriber")) {
    roleProblem(team.prescriberId, prescriber, "prescriber");
  }

  let monitorPool: number[];
  if (team.monitorIds) {
    monitorPool = [];
    for (const id of new Set(team.monitorIds)) {
      const index = staffIndex.get(id);
      const member = index === undefined ? undefined : calendar.staff[index];
      if (index === undefined || !member) {
        problems.push({ rule: "team", message: `The monitor ${id} is not on the clinic's staff.`, who: id });
      } else if (!isMonitorRole(member.roles)) {
        problems.push({
          rule: "team",
          message: `${member.name} cannot monitor: a monitor must be a prescriber or a nurse.`,
          who: id,
        });
      } else {
        monitorPool.push(index);
      }
    }
  } else {
    const eligible = calendar.staff.flatMap((member, index) => (isMonitorRole(member.roles) ? [index] : []));
    monitorPool = [
      ...eligible.filter((index) => index !== prescriber),
      ...eligible.filter((index) => index === prescriber),
    ];
  }
  if (needed("monitor") && monitorPool.length === 0) {
    problems.push({
      rule: "monitor",
      message: "No staff member can monitor dosing sessions: a monitor must be a prescriber or a nurse.",
    });
  }

  let roomPool = calendar.rooms.map((_, index) => index);
  if (preferences.roomIds) {
    roomPool = [];
    for (const id of new Set(preferences.roomIds)) {
      const index = roomIndex.get(id);
      if (index === undefined) {
        problems.push({
          rule: "room-preference",
          message: `The preferred room ${id} is not one of the clinic's rooms.`,
          who: id,
        });
      } else {
        roomPool.push(index);
      }
    }
  }
  if (needed("room") && roomPool.length === 0) {
    problems.push({ rule: "room", message: "There is no room to book." });
  }

  const weekdays = preferences.weekdays ? new Set(preferences.weekdays) : null;
  if (preferences.weekdays?.some((weekday) => !isWholeNumber(weekday, 0, 6))) {
    problems.push({ rule: "weekday-preference", message: "Preferred weekdays must be 0 (Sunday) to 6 (Saturday)." });
  }
  const earliestStart = preferences.earliestStart === undefined ? null : parseLocalTime(preferences.earliestStart);
  const latestStart = preferences.latestStart === undefined ? null : parseLocalTime(preferences.latestStart);
  if (
    (preferences.earliestStart !== undefined && earliestStart === null) ||
    (preferences.latestStart !== undefined && latestStart === null)
  ) {
    problems.push({ rule: "time-preference", message: "Preferred start times must be given as HH:mm." });
  } else if (earliestStart !== null && latestStart !== null && earliestStart > latestStart) {
    problems.push({ rule: "time-preference", message: "The earliest preferred start is after the latest." });
  }

  if (problems.length > 0 || firstEpochDay === null) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    resolved: {
      request,
      template,
      calendar,
      timeZone: calendar.timeZone,
      firstEpochDay,
      searchDays,
      stepMinutes,
      staffIndex,
      roomIndex,
      therapist,
      prescriber,
      monitorPool,
      roomPool,
      weekdays,
      earliestStart,
      latestStart,
      opening,
      working,
      specs,
      doseCount: template.dosing.count,
      integrationAfter: new Set(integrationDoses(template)),
      checkpointsBefore: new Set(template.checkpoints.beforeDoses),
      checkpointsAfter: new Set(template.checkpoints.afterDoses),
      steps,
    },
  };
}

/** The staff a slot of this kind must have besides a monitor. */
export function fixedStaff(resolved: Resolved, spec: KindSpec): number[] {
  const fixed: number[] = [];
  if (spec.therapist) {
    fixed.push(resolved.therapist);
  }
  if (spec.prescriber && !fixed.includes(resolved.prescriber)) {
    fixed.push(resolved.prescriber);
  }
  return fixed;
}
