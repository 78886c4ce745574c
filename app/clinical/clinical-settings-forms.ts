import { z } from "zod";
import type { VitalThresholds } from "#db/schema/clinic";
import type { RouteOfAdministration } from "#db/schema/clinical-safety";
import { ADMINISTRATION_ROUTES, type DoseLimits, type InteractingClass } from "./clinical-settings";
import { foldedWords } from "./medications";

export const CLINICAL_SETTINGS_INTENTS = [
  "thresholds",
  "dose-ranges",
  "interactions",
  "gating",
  "add-consent-form",
  "retire-consent-form",
  "break-glass",
] as const;
export type ClinicalSettingsIntent = (typeof CLINICAL_SETTINGS_INTENTS)[number];

type Limits = { min: number; max: number };

// What a monitor can show and a body can produce: the same ranges the session record is held to.
const SYSTOLIC: Limits = { min: 40, max: 300 };
const DIASTOLIC: Limits = { min: 20, max: 200 };
const HEART_RATE: Limits = { min: 20, max: 250 };
const SPO2: Limits = { min: 50, max: 100 };
const RESPIRATORY_RATE: Limits = { min: 2, max: 70 };

/** Each threshold field: its label and the physical range it must stay within. */
export const THRESHOLD_FIELDS: { key: keyof VitalThresholds; label: string; unit: string; limits: Limits }[] = [
  { key: "systolicMax", label: "Systolic above", unit: "mmHg", limits: SYSTOLIC },
  { key: "diastolicMax", label: "Diastolic above", unit: "mmHg", limits: DIASTOLIC },
  { key: "systolicMin", label: "Systolic below", unit: "mmHg", limits: SYSTOLIC },
  { key: "heartRateMax", label: "Heart rate above", unit: "beats per minute", limits: HEART_RATE },
  { key: "heartRateMin", label: "Heart rate below", unit: "beats per minute", limits: HEART_RATE },
  { key: "spo2Min", label: "SpO₂ below", unit: "%", limits: SPO2 },
  { key: "respiratoryRateMin", label: "Respiratory rate below", unit: "breaths per minute", limits: RESPIRATORY_RATE },
  { key: "respiratoryRateMax", label: "Respiratory rate above", unit: "breaths per minute", limits: RESPIRATORY_RATE },
];

function threshold(label: string, unit: string, limits: Limits) {
  const message = `Enter "${label}" in ${unit}, a whole number between ${limits.min} and ${limits.max}.`;
  return z
    .number({ error: message })
    .int({ error: message })
    .min(limits.min, { error: message })
    .max(limits.max, { error: message });
}

const thresholdShape = Object.fromEntries(
  THRESHOLD_FIELDS.map((field) => [field.key, threshold(field.label, field.unit, field.limits)]),
) as Record<keyof VitalThresholds, ReturnType<typeof threshold>>;

export const thresholdsSchema = z
  .object({ intent: z.literal("thresholds"), ...thresholdShape })
  .superRefine((value, ctx) => {
    const pairs: [keyof VitalThresholds, keyof VitalThresholds, string][] = [
      ["systolicMin", "systolicMax", "The low systolic alert must be below the high one."],
      ["heartRateMin", "heartRateMax", "The low heart-rate alert must be below the high one."],
      ["respiratoryRateMin", "respiratoryRateMax", "The low respiratory-rate alert must be below the high one."],
    ];
    for (const [low, high, message] of pairs) {
      if (value[low] >= value[high]) {
        ctx.addIssue({ code: "custom", path: [low], message });
      }
    }
    if (value.diastolicMax >= value.systolicMax) {
      ctx.addIssue({
        code: "custom",
        path: ["diastolicMax"],
        message: "The diastolic alert must be below the systolic alert, e.g. 160/100.",
      });
    }
  })
  .transform(({ intent: _intent, ...thresholds }): VitalThresholds => thresholds);

// Doses are ordered below 1000 mg (the database refuses more).
const MAX_DOSE_MG = 999;
const MAX_MG_PER_KG = 20;

function amount(message: string, max: number) {
  return z.number({ error: message }).min(0, { error: message }).max(max, { error: message }).optional();
}

const routeRangeSchema = z.object({
  dosedBy: z.enum(["weight", "fixed"], { error: "Choose how this route is dosed." }),
  minMgPerKg: amount(`Enter mg/kg between 0 and ${MAX_MG_PER_KG}, e.g. 0.25.`, MAX_MG_PER_KG),
  maxMgPerKg: amount(`Enter mg/kg between 0 and ${MAX_MG_PER_KG}, e.g. 1.`, MAX_MG_PER_KG),
  minMg: amount(`Enter mg between 0 and ${MAX_DOSE_MG}.`, MAX_DOSE_MG),
  maxMg: amount(`Enter mg between 1 and ${MAX_DOSE_MG}.`, MAX_DOSE_MG),
});

const routesShape = Object.fromEntries(ADMINISTRATION_ROUTES.map((route) => [route, routeRangeSchema])) as Record<
  RouteOfAdministration,
  typeof routeRangeSchema
>;

export const doseRangesSchema = z
  .object({ intent: z.literal("dose-ranges"), ranges: z.object(routesShape) })
  .superRefine((value, ctx) => {
    for (const route of ADMINISTRATION_ROUTES) {
      const range = value.ranges[route];
      const issue = (field: string, message: string): void => {
        ctx.addIssue({ code: "custom", path: ["ranges", route, field], message });
      };
      if (range.maxMg === undefined || range.maxMg <= 0) {
        issue("maxMg", `Enter the largest dose for ${route}, in mg.`);
      }
      if (range.dosedBy === "weight") {
        if (range.minMgPerKg === undefined) {
          issue("minMgPerKg", `Enter the lowest mg/kg for ${route}.`);
        }
        if (range.maxMgPerKg === undefined || range.maxMgPerKg <= 0) {
          issue("maxMgPerKg", `Enter the highest mg/kg for ${route}.`);
        } else if (range.minMgPerKg !== undefined && range.minMgPerKg > range.maxMgPerKg) {
          issue("maxMgPerKg", `For ${route}, the highest mg/kg must not be below the lowest.`);
        }
      } else if (range.minMg === undefined || range.minMg <= 0) {
        issue("minMg", `Enter the lowest dose for ${route}, in mg.`);
      }
      if (range.minMg !== undefined && range.maxMg !== undefined && range.maxMg > 0 && range.minMg > range.maxMg) {
        issue("maxMg", `For ${route}, the largest dose must not be below the lowest.`);
      }
    }
  })
  .transform(({ ranges }): Record<RouteOfAdministration, DoseLimits> => {
    const out = {} as Record<RouteOfAdministration, DoseLimits>;
    for (const route of ADMINISTRATION_ROUTES) {
      const range = ranges[route];
      const weightBased = range.dosedBy === "weight";
      out[route] = {
        // A fixed-dose route keeps no mg/kg bounds: nothing checks them.
        minMgPerKg: weightBased ? (range.minMgPerKg ?? 0) : 0,
        maxMgPerKg: weightBased ? (range.maxMgPerKg ?? 0) : 0,
        minMg: range.minMg ?? 0,
        maxMg: range.maxMg ?? 0,
        weightBased,
      };
    }
    return out;
  });

const MAX_CLASSES = 40;
const MAX_NAMES = 100;

/** "alprazolam, Xanax\nlorazepam" → ["alprazolam", "Xanax", "lorazepam"]. */
export function splitNames(text: string): string[] {
  return text
    .split(/[,;\n]/u)
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

export const interactionsSchema = z
  .object({
    intent: z.literal("interactions"),
    classes: z
      .array(
        z
          .object({
            className: z.string().trim().max(80, { error: "Use at most 80 characters." }).optional(),
            names: z.string().max(5000, { error: "Use at most 5000 characters." }).optional(),
          })
          .optional(),
      )
      .max(MAX_CLASSES + 10, { error: `List at most ${MAX_CLASSES} classes.` })
      .optional(),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    let count = 0;
    (value.classes ?? []).forEach((entry, index) => {
      const names = splitNames(entry?.names ?? "");
      const className = entry?.className ?? "";
      if (!className && names.length === 0) {
        return;
      }
      count += 1;
      if (!className) {
        ctx.addIssue({
          code: "custom",
          path: ["classes", index, "className"],
          message: "Name the class these medications belong to.",
        });
        return;
      }
      if (names.length === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["classes", index, "names"],
          message: `List at least one medication name for ${className}, e.g. its generic and brand names.`,
        });
      }
      if (names.length > MAX_NAMES) {
        ctx.addIssue({
          code: "custom",
          path: ["classes", index, "names"],
          message: `List at most ${MAX_NAMES} names for one class.`,
        });
      }
      if (names.some((name) => name.length > 80 || foldedWords(name).length === 0)) {
        ctx.addIssue({
          code: "custom",
          path: ["classes", index, "names"],
          message: "Each name must have letters or digits and at most 80 characters.",
        });
      }
      const key = foldedWords(className).join(" ");
      if (seen.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["classes", index, "className"],
          message: `${className} is listed twice. Put its names in one row.`,
        });
      }
      seen.add(key);
    });
    if (count > MAX_CLASSES) {
      ctx.addIssue({ code: "custom", path: ["classes"], message: `List at most ${MAX_CLASSES} classes.` });
    }
  })
  .transform(({ classes }): InteractingClass[] =>
    (classes ?? []).flatMap((entry) => {
      const className = entry?.className ?? "";
      return className ? [{ className, names: splitNames(entry?.names ?? "") }] : [];
    }),
  );

export const gatingSchema = z.object({ intent: z.literal("gating"), signOffGatesNextDose: z.boolean().optional() });

export const addConsentFormSchema = z.object({
  intent: z.literal("add-consent-form"),
  version: z
    .string({ error: "Name the version, e.g. 2026-03 or v3." })
    .trim()
    .min(1, { error: "Name the version, e.g. 2026-03 or v3." })
    .max(40, { error: "Use at most 40 characters." }),
  body: z
    .string({ error: "Paste the full text of the consent form." })
    .trim()
    .min(20, { error: "Paste the full text of the consent form (at least 20 characters)." })
    .max(50_000, { error: "Use at most 50,000 characters." }),
});

export const retireConsentFormSchema = z.object({
  intent: z.literal("retire-consent-form"),
  consentFormId: z.uuid({ error: "Choose a consent form version." }),
});
