import { z } from "zod";
import type { BreakGlassReasonKind } from "#db/schema/break-glass";
import { BREAK_GLASS_MINUTES } from "./window";

// Pages run in the browser, which must not load the drizzle schema; the check below keeps this list
// in step with the database's.
export const REASON_KINDS = [
  "emergency",
  "patient-present",
  "covering",
  "other",
] as const satisfies readonly BreakGlassReasonKind[];
type UnlistedKind = Exclude<BreakGlassReasonKind, (typeof REASON_KINDS)[number]>;
const _everyKindListed: [UnlistedKind] extends [never] ? true : UnlistedKind = true;

export const REASON_LABELS: Record<BreakGlassReasonKind, string> = {
  emergency: "Medical or psychiatric emergency",
  "patient-present": "The patient is here and needs care now",
  covering: "Covering for an absent member of the care team",
  other: "Other (explain below)",
};

export const REASON_MIN_LENGTH = 20;
export const REASON_MAX_LENGTH = 2000;

const reasonMessage = `Describe why you need this record now, in at least a sentence (${REASON_MIN_LENGTH} characters or more).`;

const ACKNOWLEDGE_MESSAGE = "Confirm that you understand this access is logged, shown to the care team and reviewed.";

export const breakGlassRequestSchema = z.object({
  intent: z.literal("request"),
  reasonKind: z.enum(REASON_KINDS, { error: "Choose the kind of reason." }),
  reason: z
    .string({ error: reasonMessage })
    .trim()
    .min(REASON_MIN_LENGTH, { error: reasonMessage })
    .max(REASON_MAX_LENGTH, { error: `Use at most ${REASON_MAX_LENGTH} characters.` }),
  acknowledged: z.boolean({ error: ACKNOWLEDGE_MESSAGE }).refine((value) => value, { error: ACKNOWLEDGE_MESSAGE }),
});

export type BreakGlassRequest = z.output<typeof breakGlassRequestSchema>;

export const REVIEW_NOTE_MAX_LENGTH = 2000;

export const breakGlassReviewSchema = z.object({
  grantId: z.uuid({ error: "That access could not be identified; reload the page and try again." }),
  note: z
    .string({ error: 'Write what you found, e.g. "Confirmed with Dr. Lee: covering the on-call shift."' })
    .trim()
    .min(1, { error: 'Write what you found, e.g. "Confirmed with Dr. Lee: covering the on-call shift."' })
    .max(REVIEW_NOTE_MAX_LENGTH, { error: `Use at most ${REVIEW_NOTE_MAX_LENGTH} characters.` }),
});

export const REVIEW_STATUSES = ["unreviewed", "reviewed", "all"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The review list's filter from the query string: unreviewed unless another known one is asked for. */
export function reviewStatusOf(value: string | null): ReviewStatus {
  return REVIEW_STATUSES.find((status) => status === value) ?? "unreviewed";
}

const windowMessage = `Enter a whole number of minutes between ${BREAK_GLASS_MINUTES.min} and ${BREAK_GLASS_MINUTES.max}.`;

/** The clinic setting: how long an emergency access lasts. */
export const breakGlassWindowSchema = z.object({
  intent: z.literal("break-glass"),
  minutes: z
    .number({ error: windowMessage })
    .int({ error: windowMessage })
    .min(BREAK_GLASS_MINUTES.min, { error: windowMessage })
    .max(BREAK_GLASS_MINUTES.max, { error: windowMessage }),
});
