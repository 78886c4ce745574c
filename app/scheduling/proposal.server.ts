import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { Db } from "#db/client";
import type { AppointmentStaffRole } from "#db/schema/scheduling";
import { localDateTimeToUtc } from "#app/clinic/local-time";
import { formatInTimeZone } from "#app/ui/dates";
import type { BookingResult } from "./booking.server";
import type { SlotToBook } from "./booking-types";
import { loadPlannerCalendar } from "./calendar-data.server";
import { findConflicts } from "./conflicts.server";
import { appointmentTitle, stepTitle } from "./labels";
import { addDays, localDayStart } from "./local-dates";
import { proposalFormSchema, slotRefsSchema, type ProposalForm, type ProposalIntent } from "./plan-forms";
import {
  renumberSlots,
  seriesSteps,
  stepDuration,
  validateSlots,
  type PlanRequest,
  type Problem,
  type ProposedSlot,
  type SeriesTemplate,
} from "./planner";
import { toSlotToBook } from "./proposal";

export type PlanTeam = { therapistId: string; prescriberId: string; monitorIds?: string[] };

export type PlanInputs = {
  template: SeriesTemplate;
  team: PlanTeam;
  startDate: string;
  preferences?: PlanRequest["preferences"];
  searchDays: number;
};

type Place = { clinicId: string; timeZone: string; patientId: string };

/** The planner's request, with the clinic's calendar from the start date over the search window. */
export async function buildPlanRequest(db: Db, place: Place, inputs: PlanInputs): Promise<PlanRequest> {
  const calendar = await loadPlannerCalendar(db, {
    clinicId: place.clinicId,
    timeZone: place.timeZone,
    patientId: place.patientId,
    from: localDayStart(inputs.startDate, place.timeZone),
    to: localDayStart(addDays(inputs.startDate, inputs.searchDays + 1), place.timeZone),
  });
  return {
    template: inputs.template,
    calendar,
    team: inputs.team,
    startDate: inputs.startDate,
    ...(inputs.preferences ? { preferences: inputs.preferences } : {}),
    searchDays: inputs.searchDays,
  };
}

/**
 * The slots as bookings. Sequence numbers are left to the booking, which numbers the sessions in
 * time order (after edits, row order need not be time order). missedDoses maps a make-up plan's
 * dose n back to the series' dose it replaces; without it dose numbers are the plan's own.
 */
export function slotsToBook(
  slots: readonly ProposedSlot[],
  team: PlanTeam,
  missedDoses?: readonly number[],
): SlotToBook[] {
  return slots.map((slot) => ({
    ...toSlotToBook(slot, team),
    sequence: null,
    doseNumber: slot.doseNumber === undefined ? null : (missedDoses?.[slot.doseNumber - 1] ?? slot.doseNumber),
  }));
}

export type ProposalRow = {
  key: string;
  kind: ProposedSlot["kind"];
  title: string;
  doseNumber: number | null;
  date: string;
  time: string;
  endTime: string;
  durationMinutes: number;
  roomId: string | null;
  roomName: string | null;
  staff: { id: string; name: string; role: AppointmentStaffRole }[];
};

/** What the page shows of a proposal, in time order, in the clinic's zone. */
export function proposalRows(
  slots: readonly ProposedSlot[],
  request: PlanRequest,
  missedDoses?: readonly number[],
): ProposalRow[] {
  const names = new Map(request.calendar.staff.map((member) => [member.id, member.name]));
  const rooms = new Map(request.calendar.rooms.map((room) => [room.id, room.name]));
  const zone = request.calendar.timeZone;
  return renumberSlots(slots).map((slot) => {
    const replaced = slot.doseNumber === undefined ? undefined : missedDoses?.[slot.doseNumber - 1];
    return {
      key: slot.key,
      kind: slot.kind,
      title: `${stepTitle(slot.key) ?? appointmentTitle(slot.kind, slot.doseNumber)}${replaced === undefined ? "" : `, making up dose ${replaced}`}`,
      doseNumber: slot.doseNumber ?? null,
      date: formatInTimeZone(slot.start, zone, "yyyy-MM-dd"),
      time: formatInTimeZone(slot.start, zone, "HH:mm"),
      endTime: formatInTimeZone(slot.end, zone, "HH:mm"),
      durationMinutes: Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000),
      roomId: slot.roomId,
      roomName: slot.roomId ? (rooms.get(slot.roomId) ?? null) : null,
      staff: toSlotToBook(slot, request.team).staff.map((member) => ({
        id: member.userId,
        name: names.get(member.userId) ?? "Unknown",
        role: member.role,
      })),
    };
  });
}

/** The hidden field that carries which step each row fills and who staffs it. */
export function slotRefsJson(slots: readonly ProposedSlot[]): string {
  return JSON.stringify(renumberSlots(slots).map((slot) => ({ key: slot.key, staffIds: slot.staffIds })));
}

const DAMAGED = "The proposal sent with this form was damaged or is out of date. Plan the series again.";

type SubmittedSlots =
  { ok: true; slots: ProposedSlot[] } | { ok: false; formErrors: string[]; fieldErrors: Record<string, string[]> };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Rebuilds the slots from the form: the step, kind, dose number and length come from the template,
 * never from the browser; people must be active clinicians of the clinic and rooms its active rooms.
 */
export function readSubmittedSlots(form: ProposalForm, request: PlanRequest): SubmittedSlots {
  const refs = slotRefsSchema.safeParse(parseJson(form.slots));
  const damaged: SubmittedSlots = { ok: false, formErrors: [DAMAGED], fieldErrors: {} };
  if (!refs.success || refs.data.length !== form.rows.length) {
    return damaged;
  }
  const steps = new Map(seriesSteps(request.template).map((step) => [step.key, step]));
  const keys = new Set(refs.data.map((ref) => ref.key));
  if (keys.size !== refs.data.length || keys.size !== steps.size || [...keys].some((key) => !steps.has(key))) {
    return damaged;
  }
  const staff = new Set(request.calendar.staff.map((member) => member.id));
  const rooms = new Set(request.calendar.rooms.map((room) => room.id));
  if (refs.data.some((ref) => ref.staffIds.some((id) => !staff.has(id)))) {
    return {
      ok: false,
      formErrors: ["The proposal names someone who is not an active clinician of this clinic. Plan the series again."],
      fieldErrors: {},
    };
  }
  const zone = request.calendar.timeZone;
  const fieldErrors: Record<string, string[]> = {};
  const slots: ProposedSlot[] = [];
  refs.data.forEach((ref, index) => {
    const row = form.rows[index]!;
    const step = steps.get(ref.key)!;
    const roomId = row.roomId ?? null;
    if (roomId !== null && !rooms.has(roomId)) {
      fieldErrors[`rows[${index}].roomId`] = ["Choose one of the clinic's active rooms."];
    }
    const start = localDateTimeToUtc(`${row.date}T${row.time}`, zone);
    if (!start.ok) {
      fieldErrors[`rows[${index}].time`] = [
        start.reason === "nonexistent"
          ? `${row.time} does not exist on ${row.date}: the clocks change that night. Choose another time.`
          : "Enter a valid date and time.",
      ];
      return;
    }
    const end = new Date(start.at.getTime() + stepDuration(request.template, step.kind) * 60_000);
    slots.push({
      key: ref.key,
      kind: step.kind,
      sequence: index + 1,
      ...(step.doseNumber === undefined ? {} : { doseNumber: step.doseNumber }),
      start: start.at,
      end,
      localDate: row.date,
      localStart: row.time,
      staffIds: ref.staffIds,
      roomId,
    });
  });
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, formErrors: ["Some rows need a valid date, time or room."], fieldErrors };
  }
  return { ok: true, slots };
}

/** Problems that mean the request itself is wrong, not that a time breaks a rule: never confirmable. */
const REFUSED_RULES = new Set([
  "request",
  "time-zone",
  "template",
  "team",
  "calendar",
  "step",
  "count",
  "duration",
  "local-time",
]);
/** Bookings in the way: the database refuses them, and findConflicts names them better. */
const BOOKED_RULES = new Set(["staff-busy", "room-busy", "patient-busy", "overlap"]);

export type Review = {
  /** Rule problems of each row, in the order of the rows. */
  rowProblems: string[][];
  /** Problems between rows: spacing, weekly limits, windows. */
  courseProblems: string[];
  /** Bookings in the way, by row: these refuse the booking. */
  conflicts: { index: number; message: string }[];
  /** Every rule problem, which front desk may confirm and book anyway. */
  warnings: string[];
  /** Problems with the request itself, which no confirmation overrides. */
  refusals: string[];
};

function messages(problems: readonly Problem[]): string[] {
  return [...new Set(problems.filter((problem) => !BOOKED_RULES.has(problem.rule)).map((problem) => problem.message))];
}

/** Checks slots against the course's rules and the database's bookings; writes nothing. */
export async function reviewSlots(
  db: Db,
  place: Place,
  request: PlanRequest,
  slots: readonly ProposedSlot[],
  missedDoses?: readonly number[],
): Promise<Review> {
  const all = validateSlots(request, [...slots]);
  const refusals = [
    ...new Set(all.filter((problem) => REFUSED_RULES.has(problem.rule)).map((problem) => problem.message)),
  ];
  const ruled = all.filter((problem) => !REFUSED_RULES.has(problem.rule));
  // One slot on its own shows the rules about that slot, so each can be shown beside its row.
  const rowProblems = slots.map((slot) =>
    messages(validateSlots(request, [slot]).filter((problem) => !REFUSED_RULES.has(problem.rule))),
  );
  const byRow = new Set(rowProblems.flat());
  const courseProblems = messages(ruled).filter((message) => !byRow.has(message));
  const conflicts = await findConflicts(db, { ...place, slots: slotsToBook(slots, request.team, missedDoses) });
  return {
    rowProblems,
    courseProblems,
    conflicts: conflicts.map((conflict) => ({ index: conflict.index, message: conflict.message })),
    warnings: [...new Set([...rowProblems.flat(), ...courseProblems])],
    refusals,
  };
}

export type ProposalReply = {
  intent: ProposalIntent;
  subject: null;
  result: SubmissionResult<string[]>;
  review: Review | null;
};

export type ProposalOutcome =
  { kind: "reply"; status: 200 | 400 | 409; reply: ProposalReply } | { kind: "booked"; seriesId: string };

/**
 * Step 2 of planning: "check" reviews the edited slots and writes nothing; "book" reviews them
 * again and books only when nothing is in the way and every broken rule was confirmed.
 */
export async function submitProposal(
  db: Db,
  input: {
    formData: FormData;
    place: Place;
    request: PlanRequest;
    missedDoses?: readonly number[];
    book: (slots: SlotToBook[], overriddenRules: string[]) => Promise<BookingResult>;
  },
): Promise<ProposalOutcome> {
  const submission = parseWithZod(input.formData, { schema: proposalFormSchema });
  if (submission.status !== "success") {
    const intent = input.formData.get("intent") === "check" ? "check" : "book";
    return { kind: "reply", status: 400, reply: { intent, subject: null, result: submission.reply(), review: null } };
  }
  const { intent } = submission.value;
  const read = readSubmittedSlots(submission.value, input.request);
  if (!read.ok) {
    return {
      kind: "reply",
      status: 400,
      reply: {
        intent,
        subject: null,
        result: submission.reply({ formErrors: read.formErrors, fieldErrors: read.fieldErrors }),
        review: null,
      },
    };
  }
  const review = await reviewSlots(db, input.place, input.request, read.slots, input.missedDoses);
  const reply = (status: 200 | 400 | 409, formErrors: string[] = []): ProposalOutcome => ({
    kind: "reply",
    status,
    reply: {
      intent,
      subject: null,
      result: submission.reply(formErrors.length > 0 ? { formErrors } : undefined),
      review,
    },
  });
  if (review.refusals.length > 0) {
    return reply(400, review.refusals);
  }
  if (intent === "check") {
    return reply(200);
  }
  if (review.conflicts.length > 0) {
    return reply(
      409,
      review.conflicts.map((conflict) => conflict.message),
    );
  }
  const confirmed = submission.value.confirm ? (submission.value.confirmed ?? []) : [];
  if (review.warnings.some((warning) => !confirmed.includes(warning))) {
    return reply(400, [
      "These times break the course's rules. Read them, then confirm to book anyway, or change the times.",
    ]);
  }
  const result = await input.book(slotsToBook(read.slots, input.request.team, input.missedDoses), review.warnings);
  if (!result.ok) {
    const conflicts = result.conflicts.map((conflict) => ({ index: conflict.index, message: conflict.message }));
    return {
      kind: "reply",
      status: 409,
      reply: {
        intent,
        subject: null,
        result: submission.reply({ formErrors: conflicts.map((conflict) => conflict.message) }),
        review: { ...review, conflicts },
      },
    };
  }
  return { kind: "booked", seriesId: result.seriesId ?? "" };
}
