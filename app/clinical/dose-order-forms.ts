import { z } from "zod";
import { ADMINISTRATION_ROUTES, DRUG_VALUES } from "./clinical-settings";

export const DOSE_ORDER_INTENTS = ["order", "discontinue"] as const;
export type DoseOrderIntent = (typeof DOSE_ORDER_INTENTS)[number];

/** The scope value meaning "every dosing session of the series that has no order of its own". */
export const WHOLE_SERIES = "series";

const SCOPE_MESSAGE = "Choose the whole series or one dosing session.";
const DOSE_MESSAGE = "Enter the dose in mg, more than 0 and below 1000, e.g. 50.";

export const orderDoseSchema = z.object({
  intent: z.literal("order"),
  drug: z.enum(DRUG_VALUES, { error: "Choose ketamine or esketamine." }),
  route: z.enum(ADMINISTRATION_ROUTES, { error: "Choose the route of administration." }),
  doseMg: z
    .number({ error: DOSE_MESSAGE })
    .gt(0, { error: DOSE_MESSAGE })
    .lt(1000, { error: DOSE_MESSAGE })
    .refine((mg) => Math.abs(mg * 100 - Math.round(mg * 100)) < 1e-7, {
      error: "Give the dose to at most two decimal places.",
    }),
  scope: z.union([z.literal(WHOLE_SERIES), z.uuid({ error: SCOPE_MESSAGE })], { error: SCOPE_MESSAGE }),
  instructions: z.string().trim().max(1000, { error: "Use at most 1000 characters." }).optional(),
  outOfRangeReason: z.string().trim().max(1000, { error: "Use at most 1000 characters." }).optional(),
});

export type OrderDoseInput = z.infer<typeof orderDoseSchema>;

export const discontinueSchema = z.object({
  intent: z.literal("discontinue"),
  orderId: z.uuid({ error: "Choose the order to discontinue." }),
  reason: z
    .string({ error: "Give the reason for discontinuing the order." })
    .trim()
    .min(1, { error: "Give the reason for discontinuing the order." })
    .max(500, { error: "Use at most 500 characters." }),
});
