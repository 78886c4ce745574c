import { z } from "zod";
import type { Need, SeriesTemplate } from "./planner/types";
import { seriesTemplateSchema } from "./template-schema";

const NEEDS = ["therapist", "prescriber", "monitor", "room"] as const;
const needList = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.enum(NEEDS, { error: "Choose from the list." })),
);
const DOSE_LIST = /^(\d+(\s*,\s*\d+)*)?$/u;
// Conform leaves an empty input out of the submission (and would coerce "" inside a pipe too); an
// empty list is "no doses".
const doseText = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim())
  .refine((value) => DOSE_LIST.test(value), { error: "List dose numbers separated by commas, e.g. 1, 3." })
  .transform((value) => (value === "" ? [] : value.split(",").map((part) => Number(part.trim()))));

/** The template form as people fill it in: flat fields, dose lists as "1, 3". */
export const templateFormSchema = z.object({
  name: z.string({ error: "Name the template." }),
  prepCount: z.string({ error: "Enter a number." }),
  prepMinutes: z.string({ error: "Enter a number." }),
  prepNeeds: needList,
  prepMinDays: z.string({ error: "Enter a number." }),
  prepMaxDays: z.string({ error: "Enter a number." }),
  doseCount: z.string({ error: "Enter a number." }),
  doseMinutes: z.string({ error: "Enter a number." }),
  doseNeeds: needList,
  doseMinDaysApart: z.string({ error: "Enter a number." }),
  doseMaxPerWeek: z.string({ error: "Enter a number." }),
  doseMaxCourseDays: z.string({ error: "Enter a number." }),
  integrationAll: z.preprocess((value) => value === "on" || value === "true", z.boolean()),
  integrationAfter: doseText,
  integrationMinutes: z.string({ error: "Enter a number." }),
  integrationNeeds: needList,
  integrationMinDays: z.string({ error: "Enter a number." }),
  integrationMaxDays: z.string({ error: "Enter a number." }),
  checkpointBefore: doseText,
  checkpointAfter: doseText,
  checkpointMinutes: z.string({ error: "Enter a number." }),
  checkpointNeeds: needList,
});

export type TemplateForm = z.infer<typeof templateFormSchema>;

// Where each nested template field is shown in the flat form.
const FIELD_FOR_PATH: Record<string, keyof TemplateForm> = {
  name: "name",
  "preparation.count": "prepCount",
  "preparation.durationMinutes": "prepMinutes",
  "preparation.needs": "prepNeeds",
  "preparation.minDaysBeforeFirstDose": "prepMinDays",
  "preparation.maxDaysBeforeFirstDose": "prepMaxDays",
  "dosing.count": "doseCount",
  "dosing.durationMinutes": "doseMinutes",
  "dosing.needs": "doseNeeds",
  "dosing.minDaysApart": "doseMinDaysApart",
  "dosing.maxPerWeek": "doseMaxPerWeek",
  "dosing.maxCourseDays": "doseMaxCourseDays",
  "integration.afterDoses": "integrationAfter",
  "integration.durationMinutes": "integrationMinutes",
  "integration.needs": "integrationNeeds",
  "integration.minDaysAfter": "integrationMinDays",
  "integration.maxDaysAfter": "integrationMaxDays",
  checkpoints: "checkpointAfter",
  "checkpoints.beforeDoses": "checkpointBefore",
  "checkpoints.afterDoses": "checkpointAfter",
  "checkpoints.durationMinutes": "checkpointMinutes",
  "checkpoints.needs": "checkpointNeeds",
};

export function templateFromForm(
  form: TemplateForm,
): { ok: true; template: SeriesTemplate } | { ok: false; fieldErrors: Record<string, string[]> } {
  const candidate = {
    name: form.name,
    preparation: {
      count: form.prepCount,
      durationMinutes: form.prepMinutes,
      needs: form.prepNeeds,
      minDaysBeforeFirstDose: form.prepMinDays,
      maxDaysBeforeFirstDose: form.prepMaxDays,
    },
    dosing: {
      count: form.doseCount,
      durationMinutes: form.doseMinutes,
      needs: form.doseNeeds,
      minDaysApart: form.doseMinDaysApart,
      maxPerWeek: form.doseMaxPerWeek,
      maxCourseDays: form.doseMaxCourseDays,
    },
    integration: {
      afterDoses: form.integrationAll ? "all" : form.integrationAfter,
      durationMinutes: form.integrationMinutes,
      needs: form.integrationNeeds,
      minDaysAfter: form.integrationMinDays,
      maxDaysAfter: form.integrationMaxDays,
    },
    checkpoints: {
      beforeDoses: form.checkpointBefore,
      afterDoses: form.checkpointAfter,
      durationMinutes: form.checkpointMinutes,
      needs: form.checkpointNeeds,
    },
  };
  const parsed = seriesTemplateSchema.safeParse(candidate);
  if (parsed.success) {
    return { ok: true, template: parsed.data };
  }
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((part) => typeof part === "string").join(".");
    const field = FIELD_FOR_PATH[path] ?? FIELD_FOR_PATH[path.split(".")[0] ?? ""] ?? "name";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors };
}

type ListField = "prepNeeds" | "doseNeeds" | "integrationNeeds" | "checkpointNeeds";
/** What the form holds before parsing: text in inputs, ticked boxes as lists or a flag. */
export type TemplateFormValues = { [K in Exclude<keyof TemplateForm, ListField | "integrationAll">]: string } & {
  [K in ListField]: string[];
} & { integrationAll: boolean };

/** The form's starting values for a stored template. */
export function formFromTemplate(template: SeriesTemplate): TemplateFormValues {
  const list = (doses: number[]): string => doses.join(", ");
  return {
    name: template.name,
    prepCount: String(template.preparation.count),
    prepMinutes: String(template.preparation.durationMinutes),
    prepNeeds: template.preparation.needs,
    prepMinDays: String(template.preparation.minDaysBeforeFirstDose),
    prepMaxDays: String(template.preparation.maxDaysBeforeFirstDose),
    doseCount: String(template.dosing.count),
    doseMinutes: String(template.dosing.durationMinutes),
    doseNeeds: template.dosing.needs,
    doseMinDaysApart: String(template.dosing.minDaysApart),
    doseMaxPerWeek: String(template.dosing.maxPerWeek),
    doseMaxCourseDays: String(template.dosing.maxCourseDays),
    integrationAll: template.integration.afterDoses === "all",
    integrationAfter: template.integration.afterDoses === "all" ? "" : list(template.integration.afterDoses),
    integrationMinutes: String(template.integration.durationMinutes),
    integrationNeeds: template.integration.needs,
    integrationMinDays: String(template.integration.minDaysAfter),
    integrationMaxDays: String(template.integration.maxDaysAfter),
    checkpointBefore: list(template.checkpoints.beforeDoses),
    checkpointAfter: list(template.checkpoints.afterDoses),
    checkpointMinutes: String(template.checkpoints.durationMinutes),
    checkpointNeeds: template.checkpoints.needs,
  };
}

export const NEED_LABELS: Record<Need, string> = {
  therapist: "Therapist",
  prescriber: "Prescriber",
  monitor: "Medical monitor (prescriber or nurse)",
  room: "Room",
};
