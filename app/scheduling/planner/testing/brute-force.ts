import { TZDate } from "@date-fns/tz";
import { slotValidator } from "#app/scheduling/planner/rules";
import { seriesSteps, stepDuration, type SeriesStep } from "#app/scheduling/planner/steps";
import type { PlanRequest, ProposedSlot } from "#app/scheduling/planner/types";

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const STAFFING_RULES = new Set([
  "staffing",
  "monitor",
  "working-hours",
  "time-off",
  "staff-busy",
  "room",
  "room-busy",
  "room-preference",
]);

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function needsOf(request: PlanRequest, step: SeriesStep): string[] {
  const { template } = request;
  switch (step.kind) {
    case "preparation":
      return template.preparation.needs;
    case "dosing":
      return template.dosing.needs;
    case "integration":
      return template.integration.needs;
    case "checkpoint":
    case "screening":
      return template.checkpoints.needs;
  }
}

/** Every staff/room choice for a step, the fixed care team first. */
function staffingOptions(request: PlanRequest, step: SeriesStep): { staffIds: string[]; roomId: string | null }[] {
  const needs = needsOf(request, step);
  const fixed: string[] = [];
  if (needs.includes("therapist")) {
    fixed.push(request.team.therapistId);
  }
  if (needs.includes("prescriber") && !fixed.includes(request.team.prescriberId)) {
    fixed.push(request.team.prescriberId);
  }
  const staffSets = needs.includes("monitor")
    ? request.calendar.staff.filter((member) => !fixed.includes(member.id)).map((member) => [...fixed, member.id])
    : [fixed];
  const rooms: (string | null)[] = needs.includes("room") ? request.calendar.rooms.map((room) => room.id) : [null];
  return staffSets.flatMap((staffIds) => rooms.map((roomId) => ({ staffIds, roomId })));
}

/**
 * Whether any complete course exists, by plain enumeration: every step may take any start on the
 * step grid (local midnight onwards) of any day in the window, with any staff and room; a set of
 * slots counts only if validateSlots accepts it. Shares nothing with the planner's search. Slots of
 * one plan never overlap (the patient attends each), so the staff and room of one slot cannot clash
 * with another's; taking the first staffing that passes on its own is therefore enough.
 *
 * Exponential: for small templates and a handful of days only.
 */
export function bruteForcePlanExists(request: PlanRequest): boolean {
  const validate = slotValidator(request);
  const stepMinutes = request.stepMinutes ?? 30;
  const [year, month, day] = request.startDate.split("-").map(Number) as [number, number, number];
  const firstDay = Date.UTC(year, month - 1, day) / MS_PER_DAY;
  const steps = seriesSteps(request.template);
  // Doses first: every other step is placed relative to them, so they prune the most.
  const order = [...steps.filter((step) => step.kind === "dosing"), ...steps.filter((step) => step.kind !== "dosing")];
  const onlyMissing = (slots: ProposedSlot[]): boolean => validate(slots).every((problem) => problem.rule === "count");

  const starts: { instant: number; localDate: string; localStart: string }[] = [];
  for (let offset = 0; offset < (request.searchDays ?? 60); offset += 1) {
    const date = new Date((firstDay + offset) * MS_PER_DAY);
    for (let minute = 0; minute < 1440; minute += stepMinutes) {
      const local = new TZDate(
        date.getUTCFullYear(),
        date.getUTCMonth(),
        date.getUTCDate(),
        Math.floor(minute / 60),
        minute % 60,
        request.calendar.timeZone,
      );
      if (local.getDate() === date.getUTCDate() && local.getHours() * 60 + local.getMinutes() === minute) {
        starts.push({
          instant: local.getTime(),
          localDate: date.toISOString().slice(0, 10),
          localStart: `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`,
        });
      }
    }
  }
  // Which starts and staffing suit each kind does not depend on the step, so find them once per kind.
  const byKind = new Map<string, ProposedSlot[]>();
  const suitable = (step: SeriesStep): ProposedSlot[] => {
    const known = byKind.get(step.kind);
    if (known) {
      return known;
    }
    const slots: ProposedSlot[] = [];
    for (const start of starts) {
      for (const option of staffingOptions(request, step)) {
        const slot: ProposedSlot = {
          key: step.key,
          kind: step.kind,
          sequence: 0,
          start: new Date(start.instant),
          end: new Date(start.instant + stepDuration(request.template, step.kind) * MS_PER_MINUTE),
          localDate: start.localDate,
          localStart: start.localStart,
          staffIds: option.staffIds,
          roomId: option.roomId,
        };
        if (step.doseNumber !== undefined) {
          slot.doseNumber = step.doseNumber;
        }
        const problems = validate([slot]).filter((problem) => problem.rule !== "count");
        if (problems.length === 0) {
          slots.push(slot);
          break;
        }
        // Another staff member or room cannot cure a closed clinic or a busy patient: skip the rest.
        if (problems.every((problem) => !STAFFING_RULES.has(problem.rule))) {
          break;
        }
      }
    }
    byKind.set(step.kind, slots);
    return slots;
  };
  const domains = order.map((step) =>
    suitable(step).map((slot) => {
      const copy: ProposedSlot = { ...slot, key: step.key };
      delete copy.doseNumber;
      if (step.doseNumber !== undefined) {
        copy.doseNumber = step.doseNumber;
      }
      return copy;
    }),
  );

  const pairs = new Map<ProposedSlot, Map<ProposedSlot, boolean>>();
  const compatible = (a: ProposedSlot, b: ProposedSlot): boolean => {
    let row = pairs.get(a);
    if (!row) {
      row = new Map();
      pairs.set(a, row);
    }
    let result = row.get(b);
    if (result === undefined) {
      result = onlyMissing([a, b]);
      row.set(b, result);
    }
    return result;
  };
  const doseCount = request.template.dosing.count;
  const chosen: ProposedSlot[] = [];
  const place = (level: number): boolean => {
    const domain = domains[level];
    if (!domain) {
      return validate(chosen).length === 0;
    }
    for (const slot of domain) {
      if (!chosen.every((other) => compatible(other, slot))) {
        continue;
      }
      // Rules over more than two slots (doses per week) are checked on the doses as they grow.
      if (level < doseCount && !onlyMissing([...chosen, slot])) {
        continue;
      }
      chosen.push(slot);
      if (place(level + 1)) {
        return true;
      }
      chosen.pop();
    }
    return false;
  };
  return place(0);
}
