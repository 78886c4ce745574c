import { z } from "zod";
import { LOCAL_TIME_PATTERN, toHourMinute } from "#app/clinic/local-time";
import { isLocalDate } from "./local-dates";

export const DEFAULT_SEARCH_DAYS = 60;
export const STANDARD_TEMPLATE_VALUE = "standard";

function localDate(message: string) {
  return z.string({ error: message }).refine(isLocalDate, { error: message });
}

function localTime(message: string) {
  return z.string({ error: message }).regex(LOCAL_TIME_PATTERN, { error: message }).transform(toHourMinute);
}

/**
 * Step 1 of planning a series, read from the query string (a GET form, so the plan can be linked
 * to and re-run). Every field is optional: the page fills in defaults.
 */
export const planQuerySchema = z
  .object({
    template: z.string().max(64).optional(),
    therapist: z.uuid({ error: "Choose a therapist from the care team." }).optional(),
    prescriber: z.uuid({ error: "Choose a prescriber from the care team." }).optional(),
    monitor: z
      .array(z.uuid({ error: "Choose a monitor from the list." }))
      .max(10)
      .optional(),
    start: localDate("Enter the first day as a date, e.g. 2026-03-09.").optional(),
    weekdays: z
      .array(z.enum(["0", "1", "2", "3", "4", "5", "6"], { error: "Choose weekdays from the list." }))
      .max(7)
      .optional(),
    earliest: localTime("Enter the earliest start as hours and minutes, e.g. 09:00.").optional(),
    latest: localTime("Enter the latest start as hours and minutes, e.g. 15:00.").optional(),
    days: z
      .number({ error: "Enter how many days to search, e.g. 60." })
      .int({ error: "Enter a whole number of days." })
      .min(14, { error: "Search at least 14 days." })
      .max(366, { error: "Search at most 366 days." })
      .optional(),
    room: z
      .array(z.uuid({ error: "Choose rooms from the list." }))
      .max(20)
      .optional(),
  })
  .refine((value) => !value.earliest || !value.latest || value.earliest <= value.latest, {
    path: ["latest"],
    error: "The latest start must not be before the earliest.",
  });

export type PlanQuery = z.infer<typeof planQuerySchema>;

export const PROPOSAL_INTENTS = ["check", "book"] as const;
export type ProposalIntent = (typeof PROPOSAL_INTENTS)[number];

/**
 * Step 2: the proposal as front desk edited it. `slots` is the JSON the page was given (which step
 * each row fills and who staffs it); the rows carry the edited date, time and room. The server
 * checks all of it again: nothing here is trusted.
 */
export const proposalFormSchema = z.object({
  intent: z.enum(PROPOSAL_INTENTS, { error: "Choose Check or Book series." }),
  slots: z.string({ error: "The proposal is missing. Plan the series again." }).max(50_000),
  rows: z
    .array(
      z.object({
        date: localDate("Enter a date, e.g. 2026-03-09."),
        time: localTime("Enter a start time, e.g. 09:30."),
        roomId: z.uuid({ error: "Choose a room from the list." }).optional(),
      }),
    )
    .min(1, { error: "The proposal has no sessions. Plan the series again." })
    .max(200),
  confirm: z.boolean().optional(),
  confirmed: z.array(z.string().max(1000)).max(200).optional(),
});

export type ProposalForm = z.infer<typeof proposalFormSchema>;

/** What the hidden `slots` field must hold. */
export const slotRefsSchema = z
  .array(z.object({ key: z.string().min(1).max(80), staffIds: z.array(z.uuid()).max(8) }).strict())
  .min(1)
  .max(200);

export type SlotRef = z.infer<typeof slotRefsSchema>[number];

function reason(required: boolean) {
  const text = z.string().trim().max(500, { error: "Use at most 500 characters." });
  return required
    ? z
        .string({ error: "Give a reason: it is kept in the history." })
        .trim()
        .min(1, { error: "Give a reason: it is kept in the history." })
        .max(500, { error: "Use at most 500 characters." })
    : text.optional().transform((value) => value ?? "");
}

export const cancelRemainingSchema = z.object({ intent: z.literal("cancel-remaining"), reason: reason(true) });

export const APPOINTMENT_INTENTS = ["reschedule", "room", "clinician", "check-in", "no-show", "cancel"] as const;
export type AppointmentIntent = (typeof APPOINTMENT_INTENTS)[number];

const version = z.number({ error: "Reload the page and try again." }).int().min(1);

export const rescheduleSchema = z.object({
  intent: z.literal("reschedule"),
  version,
  date: localDate("Enter the new date, e.g. 2026-03-09."),
  time: localTime("Enter the new start time, e.g. 09:30."),
  reason: reason(true),
  confirm: z.boolean().optional(),
  confirmed: z.array(z.string().max(1000)).max(50).optional(),
});

export const roomChangeSchema = z.object({
  intent: z.literal("room"),
  version,
  roomId: z.uuid({ error: "Choose a room from the list." }).optional(),
  reason: reason(true),
});

export const clinicianChangeSchema = z.object({
  intent: z.literal("clinician"),
  version,
  role: z.enum(["therapist", "monitor", "prescriber"], { error: "Choose which role to change." }),
  userId: z.uuid({ error: "Choose a person from the list." }),
  reason: reason(true),
});

export const statusChangeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("check-in"), version, reason: reason(false) }),
  z.object({ intent: z.literal("no-show"), version, reason: reason(false) }),
  z.object({ intent: z.literal("cancel"), version, reason: reason(true) }),
]);
