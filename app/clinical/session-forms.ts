import { z } from "zod";
import { LOCAL_TIME_PATTERN, toHourMinute } from "#app/clinic/local-time";
import { isLocalDate } from "#app/scheduling/local-dates";
import { checkMentalStatus, MOAAS_MAX, MOAAS_MIN } from "./session-checks";
import { ADVERSE_EVENT_KIND_KEYS } from "./session-rules";
import { checkVitals, PHYSICAL_RANGES, VITAL_SIGNS, type Vitals, type VitalSign } from "./session-vitals";

/** The session page's forms, one per kind of entry; `intent` says which was sent. */
export const SESSION_INTENTS = [
  "start",
  "administration",
  "vitals",
  "check",
  "observation",
  "adverse-event",
  "entered-in-error",
  "discharge",
] as const;
export type SessionIntent = (typeof SESSION_INTENTS)[number];

/** Which kind of entry an "entered in error" mark names. */
export const ENTRY_TYPES = ["administration", "vitals", "check", "observation", "adverse-event"] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export const ADVERSE_EVENT_SEVERITY_VALUES = ["mild", "moderate", "severe"] as const;

const time = z
  .string({ error: "Enter the time, e.g. 10:30." })
  .regex(LOCAL_TIME_PATTERN, { error: "Enter the time as hours and minutes, e.g. 10:30." })
  .transform(toHourMinute);

// The page sends the clinic's date of the moment it showed the time; the server uses today if absent.
const date = z.string().refine(isLocalDate, { error: "Reload the page: the date it sent is not a date." }).optional();

const at = { time, date };

function requiredText(message: string, max: number) {
  return z
    .string({ error: message })
    .trim()
    .min(1, { error: message })
    .max(max, { error: `Use at most ${max} characters.` });
}

function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters.` })
    .optional()
    .transform((value) => value ?? "");
}

export const startSchema = z.object({
  intent: z.literal("start"),
  // Empty means now.
  time: time.optional(),
  date,
});

export const administrationSchema = z.object({
  intent: z.literal("administration"),
  ...at,
  doseMg: z
    .number({ error: "Enter the dose given in mg, e.g. 50." })
    .positive({ error: "The dose must be more than 0 mg." })
    .lt(1000, { error: "The dose must be less than 1000 mg." })
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, {
      error: "Give the dose to at most two decimals, e.g. 37.5.",
    }),
  lotNumber: requiredText("Enter the lot number on the vial or package.", 60),
  givenBy: z.uuid({ error: "Choose who gave the dose." }),
  confirmDose: z.boolean().optional(),
  /** The warning the nurse saw and confirmed, so a different warning is never confirmed by it. */
  confirmedDose: z.string().max(200).optional(),
});

function vitalField(sign: VitalSign) {
  const { name, min, max } = PHYSICAL_RANGES[sign];
  return z
    .number({ error: `Enter ${name === "SpO₂" ? name : name.toLowerCase()} as a number from ${min} to ${max}.` })
    .optional()
    .transform((value) => value ?? null);
}

export const vitalsSchema = z
  .object({
    intent: z.literal("vitals"),
    ...at,
    systolic: vitalField("systolic"),
    diastolic: vitalField("diastolic"),
    heartRate: vitalField("heartRate"),
    spo2: vitalField("spo2"),
    respiratoryRate: vitalField("respiratoryRate"),
  })
  .superRefine((value, ctx) => {
    const result = checkVitals(value);
    if (result.ok) {
      return;
    }
    for (const sign of VITAL_SIGNS) {
      const message = result.errors[sign];
      if (message) {
        ctx.addIssue({ code: "custom", path: [sign], message });
      }
    }
    if (result.errors.form) {
      ctx.addIssue({ code: "custom", path: [], message: result.errors.form });
    }
  });

export function vitalsOf(value: { [K in VitalSign]: number | null }): Vitals {
  return {
    systolic: value.systolic,
    diastolic: value.diastolic,
    heartRate: value.heartRate,
    spo2: value.spo2,
    respiratoryRate: value.respiratoryRate,
  };
}

export const CADSS_FIELDS = ["cadss1", "cadss2", "cadss3", "cadss4", "cadss5", "cadss6"] as const;

function score(min: number, max: number, message: string) {
  return z
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message })
    .optional()
    .transform((value) => value ?? null);
}

function cadssItem(item: number) {
  return score(0, 4, `Score item ${item} from 0 to 4.`);
}

export const checkSchema = z
  .object({
    intent: z.literal("check"),
    ...at,
    moaas: score(MOAAS_MIN, MOAAS_MAX, `Choose a MOAA/S score from ${MOAAS_MIN} to ${MOAAS_MAX}.`),
    cadss1: cadssItem(1),
    cadss2: cadssItem(2),
    cadss3: cadssItem(3),
    cadss4: cadssItem(4),
    cadss5: cadssItem(5),
    cadss6: cadssItem(6),
  })
  .transform((value, ctx) => {
    const result = checkMentalStatus({ moaas: value.moaas, cadssItems: CADSS_FIELDS.map((name) => value[name]) });
    if (!result.ok) {
      if (result.errors.moaas) {
        ctx.addIssue({ code: "custom", path: ["moaas"], message: result.errors.moaas });
      }
      for (const [index, message] of Object.entries(result.errors.items ?? {})) {
        ctx.addIssue({ code: "custom", path: [CADSS_FIELDS[Number(index)] ?? "cadss1"], message });
      }
      for (const message of [result.errors.cadss, result.errors.form]) {
        if (message) {
          ctx.addIssue({ code: "custom", path: [], message });
        }
      }
      return z.NEVER;
    }
    return { time: value.time, date: value.date, ...result.value };
  });

export const observationSchema = z.object({
  intent: z.literal("observation"),
  ...at,
  text: requiredText("Write what you observed.", 4000),
});

export const adverseEventSchema = z
  .object({
    intent: z.literal("adverse-event"),
    ...at,
    kind: z.enum(ADVERSE_EVENT_KIND_KEYS, { error: "Choose the kind of event." }),
    otherKind: optionalText(200),
    severity: z.enum(ADVERSE_EVENT_SEVERITY_VALUES, { error: "Choose how severe it was." }),
    actionTaken: requiredText("Say what was done, e.g. Reassured, lights dimmed; or No action needed.", 2000),
    resolved: z
      .boolean()
      .optional()
      .transform((value) => value ?? false),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "other" && value.otherKind === "") {
      ctx.addIssue({ code: "custom", path: ["otherKind"], message: "Describe the event." });
    }
  });

export const enteredInErrorSchema = z.object({
  intent: z.literal("entered-in-error"),
  entryType: z.enum(ENTRY_TYPES, { error: "Reload the page and try again." }),
  entryId: z.uuid({ error: "Reload the page and try again." }),
  reason: requiredText("Say why this entry is wrong, e.g. Recorded for the wrong patient.", 500),
});

export const dischargeSchema = z.object({
  intent: z.literal("discharge"),
  ...at,
  vitalsNearBaseline: z.boolean().optional(),
  oriented: z.boolean().optional(),
  walksSteadily: z.boolean().optional(),
  escortPresent: z.boolean().optional(),
  toldNotToDrive: z.boolean().optional(),
  escortName: requiredText("Enter the name of the escort taking the patient home.", 120),
  note: optionalText(4000),
});
