import { hoursOnDay, makeDay } from "./day-grid";
import { durationPhrase, formatDay, formatHours, kindLabel, weekdayPlural } from "./format";
import { hitsAny, isInside, mergeSpans, spansOf, type Span } from "./intervals";
import { MS_PER_MINUTE, formatLocalTime, localDateOf, localPartsOf } from "./local-time";
import type { KindSpec, Resolved } from "./resolve";
import type { Problem, ProposedSlot } from "./types";

/** Calendar facts about one slot, computed once and shared by the rules. */
export type SlotFacts = {
  slot: ProposedSlot;
  start: number;
  end: number;
  epochDay: number;
  minute: number;
  label: string;
};

/** Bookings as merged spans, built once per validation. */
export type Blocks = {
  timeOff: (staff: number) => Span[];
  busy: (staff: number) => Span[];
  room: (room: number) => Span[];
  patient: Span[];
};

export function blocksOf(resolved: Resolved): Blocks {
  const cache = new Map<string, Span[]>();
  const cached = (key: string, build: () => Span[]): Span[] => {
    let spans = cache.get(key);
    if (!spans) {
      spans = build();
      cache.set(key, spans);
    }
    return spans;
  };
  const { staff, rooms } = resolved.calendar;
  return {
    timeOff: (index) => cached(`t${index}`, () => mergeSpans(spansOf(staff[index]?.timeOff ?? []))),
    busy: (index) => cached(`b${index}`, () => mergeSpans(spansOf(staff[index]?.busy ?? []))),
    room: (index) => cached(`r${index}`, () => mergeSpans(spansOf(rooms[index]?.busy ?? []))),
    patient: mergeSpans(spansOf(resolved.calendar.patientBusy)),
  };
}

export type LocalParts = (ms: number) => { epochDay: number; minute: number };

/** localPartsOf for one zone, remembered per instant: the zone lookup is the slow part. */
export function localPartsIn(timeZone: string): LocalParts {
  const known = new Map<number, { epochDay: number; minute: number }>();
  return (ms) => {
    let parts = known.get(ms);
    if (!parts) {
      parts = localPartsOf(ms, timeZone);
      known.set(ms, parts);
    }
    return parts;
  };
}

export function slotFacts(
  slot: ProposedSlot,
  localParts: LocalParts,
  describe: (slot: ProposedSlot) => string,
): SlotFacts {
  const start = slot.start.getTime();
  const end = slot.end.getTime();
  const local = Number.isFinite(start) ? localParts(start) : { epochDay: 0, minute: 0 };
  const label = `${describe(slot)} on ${formatDay(local.epochDay)} at ${formatLocalTime(local.minute)}`;
  return { slot, start, end, epochDay: local.epochDay, minute: local.minute, label };
}

/** Every rule about one slot on its own: times, hours, preferences, staff, room, bookings. */
export function checkSlot(resolved: Resolved, facts: SlotFacts, spec: KindSpec, blocks: Blocks): Problem[] {
  const problems: Problem[] = [];
  const { slot, start, end, epochDay, minute, label } = facts;
  const date = localDateOf(epochDay);
  const add = (rule: string, message: string, who?: string): void => {
    problems.push(who === undefined ? { rule, message, date } : { rule, message, date, who });
  };
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    return [{ rule: "duration", message: `${slot.key} has no valid start or end time.` }];
  }
  if (end - start !== spec.durationMinutes * MS_PER_MINUTE) {
    add(
      "duration",
      `${label} lasts ${Math.round((end - start) / MS_PER_MINUTE)} minutes; ${kindLabel(spec.kind)} sessions last ${durationPhrase(spec.durationMinutes)}.`,
    );
  }
  if (slot.localDate !== date || slot.localStart !== formatLocalTime(minute)) {
    add(
      "local-time",
      `${label} is labelled ${slot.localDate} ${slot.localStart}, which is not its time in ${resolved.timeZone}.`,
    );
  }
  const { timeZone, firstEpochDay, searchDays } = resolved;
  const day = makeDay(epochDay, epochDay - firstEpochDay, timeZone);
  if (epochDay < firstEpochDay || epochDay >= firstEpochDay + searchDays) {
    add(
      "search-window",
      `${label} is outside the planning window (${formatDay(firstEpochDay)} to ${formatDay(firstEpochDay + searchDays - 1)}).`,
    );
  }
  if (resolved.weekdays && !resolved.weekdays.has(day.weekday)) {
    add("weekday-preference", `${label} is on a weekday the patient did not choose.`);
  }
  if (
    (resolved.earliestStart !== null && minute < resolved.earliestStart) ||
    (resolved.latestStart !== null && minute > resolved.latestStart)
  ) {
    add("time-preference", `${label} starts outside the patient's preferred start times.`);
  }
  const opening = resolved.opening.filter((hours) => hours.weekday === day.weekday);
  if (!isInside(hoursOnDay(resolved.opening, day, timeZone), start, end)) {
    add(
      "opening-hours",
      opening.length === 0
        ? `${label} is on a day the clinic is closed (${weekdayPlural(day.weekday)}).`
        : `${label} is outside the clinic's opening hours (${formatHours(opening)}).`,
    );
  }
  if (hitsAny(blocks.patient, start, end)) {
    add("patient-busy", `${label} clashes with another of the patient's appointments.`);
  }
  problems.push(...checkStaff(resolved, facts, spec, blocks, day, date));
  problems.push(...checkRoom(resolved, facts, spec, blocks, date));
  return problems;
}

function checkStaff(
  resolved: Resolved,
  facts: SlotFacts,
  spec: KindSpec,
  blocks: Blocks,
  day: ReturnType<typeof makeDay>,
  date: string,
): Problem[] {
  const problems: Problem[] = [];
  const { slot, start, end, label } = facts;
  const { calendar, staffIndex, timeZone } = resolved;
  const therapistId = resolved.request.team.therapistId;
  const prescriberId = resolved.request.team.prescriberId;
  if (spec.therapist && !slot.staffIds.includes(therapistId)) {
    problems.push({
      rule: "staffing",
      message: `${label} must include the care team's therapist.`,
      date,
      who: therapistId,
    });
  }
  if (spec.prescriber && !slot.staffIds.includes(prescriberId)) {
    problems.push({
      rule: "staffing",
      message: `${label} must include the care team's prescriber.`,
      date,
      who: prescriberId,
    });
  }
  if (spec.monitor) {
    const fixed = [...(spec.therapist ? [therapistId] : []), ...(spec.prescriber ? [prescriberId] : [])];
    const pool = new Set(resolved.monitorPool.map((index) => calendar.staff[index]?.id));
    if (!slot.staffIds.some((id) => !fixed.includes(id) && pool.has(id))) {
      problems.push({
        rule: "monitor",
        message: resolved.request.team.monitorIds
          ? `${label} needs one of the chosen monitors besides the therapist.`
          : `${label} needs a prescriber or nurse to monitor besides the therapist.`,
        date,
      });
    }
  }
  for (const id of new Set(slot.staffIds)) {
    const index = staffIndex.get(id);
    const member = index === undefined ? undefined : calendar.staff[index];
    if (index === undefined || !member) {
      problems.push({
        rule: "staffing",
        message: `${label} names ${id}, who is not on the clinic's staff.`,
        date,
        who: id,
      });
      continue;
    }
    const weekly = (resolved.working[index] ?? []).filter((hours) => hours.weekday === day.weekday);
    if (!isInside(hoursOnDay(resolved.working[index] ?? [], day, timeZone), start, end)) {
      problems.push({
        rule: "working-hours",
        message:
          weekly.length === 0
            ? `${label}: ${member.name} does not work on ${weekdayPlural(day.weekday)}.`
            : `${label} is outside ${member.name}'s working hours (${formatHours(weekly)}).`,
        date,
        who: id,
      });
    }
    if (hitsAny(blocks.timeOff(index), start, end)) {
      problems.push({ rule: "time-off", message: `${label}: ${member.name} is on time off.`, date, who: id });
    }
    if (hitsAny(blocks.busy(index), start, end)) {
      problems.push({ rule: "staff-busy", message: `${label}: ${member.name} is already booked.`, date, who: id });
    }
  }
  return problems;
}

function checkRoom(resolved: Resolved, facts: SlotFacts, spec: KindSpec, blocks: Blocks, date: string): Problem[] {
  const { slot, start, end, label } = facts;
  if (slot.roomId === null) {
    return spec.room ? [{ rule: "room", message: `${label} needs a room.`, date }] : [];
  }
  const index = resolved.roomIndex.get(slot.roomId);
  const room = index === undefined ? undefined : resolved.calendar.rooms[index];
  if (index === undefined || !room) {
    return [
      {
        rule: "room",
        message: `${label} is in ${slot.roomId}, which is not one of the clinic's rooms.`,
        date,
        who: slot.roomId,
      },
    ];
  }
  const problems: Problem[] = [];
  if (spec.room && !resolved.roomPool.includes(index)) {
    problems.push({
      rule: "room-preference",
      message: `${label} is in ${room.name}, which is not one of the chosen rooms.`,
      date,
      who: room.id,
    });
  }
  if (hitsAny(blocks.room(index), start, end)) {
    problems.push({ rule: "room-busy", message: `${label}: ${room.name} is already booked.`, date, who: room.id });
  }
  return problems;
}
