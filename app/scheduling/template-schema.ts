import { z } from "zod";
import type { SeriesTemplate } from "./planner/types";

const count = (label: string, max: number) =>
  z.coerce
    .number({ error: `Enter ${label}.` })
    .int({ error: `${label} must be a whole number.` })
    .min(0)
    .max(max, { error: `${label} is at most ${max}.` });
const minutes = (label: string) =>
  z.coerce
    .number({ error: `Enter ${label}.` })
    .int()
    .min(15, { error: `${label}: at least 15 minutes.` })
    .max(600, { error: `${label}: at most 10 hours.` });
const needs = z.array(z.enum(["therapist", "prescriber", "monitor", "room"]));
const doseList = z.array(z.coerce.number().int().min(1));

/** A series template as the planner reads it; checked wherever one is stored or read back. */
export const seriesTemplateSchema = z
  .object({
    name: z.string().trim().min(1, { error: "Name the template." }).max(120),
    preparation: z.object({
      count: count("the number of preparation sessions", 6),
      durationMinutes: minutes("Preparation length"),
      needs,
      minDaysBeforeFirstDose: count("the minimum days before dose 1", 60),
      maxDaysBeforeFirstDose: count("the maximum days before dose 1", 90),
    }),
    dosing: z.object({
      count: count("the number of doses", 12).min(1, { error: "A course has at least one dose." }),
      durationMinutes: minutes("Dosing session length"),
      needs,
      minDaysApart: count("the minimum days between doses", 30),
      maxPerWeek: count("the maximum doses a week", 7).min(1, { error: "Allow at least one dose a week." }),
      maxCourseDays: count("the course length in days", 120).min(1),
    }),
    integration: z.object({
      afterDoses: z.union([z.literal("all"), doseList]),
      durationMinutes: minutes("Integration length"),
      needs,
      minDaysAfter: count("the minimum days after a dose", 14),
      maxDaysAfter: count("the maximum days after a dose", 30),
    }),
    checkpoints: z.object({
      beforeDoses: doseList,
      afterDoses: doseList,
      durationMinutes: minutes("Checkpoint length"),
      needs,
    }),
  })
  .superRefine((template, context) => {
    if (template.preparation.minDaysBeforeFirstDose > template.preparation.maxDaysBeforeFirstDose) {
      context.addIssue({
        code: "custom",
        path: ["preparation", "maxDaysBeforeFirstDose"],
        message: "The latest day must not be before the earliest.",
      });
    }
    if (template.integration.minDaysAfter > template.integration.maxDaysAfter) {
      context.addIssue({
        code: "custom",
        path: ["integration", "maxDaysAfter"],
        message: "The latest day must not be before the earliest.",
      });
    }
    const needed = (template.dosing.count - 1) * Math.max(1, template.dosing.minDaysApart) + 1;
    if (template.dosing.count > 1 && needed > template.dosing.maxCourseDays) {
      context.addIssue({
        code: "custom",
        path: ["dosing", "maxCourseDays"],
        message: `${template.dosing.count} doses ${template.dosing.minDaysApart} days apart need at least ${needed} days.`,
      });
    }
    const beyond = [
      ...(template.integration.afterDoses === "all" ? [] : template.integration.afterDoses),
      ...template.checkpoints.beforeDoses,
      ...template.checkpoints.afterDoses,
    ].filter((dose) => dose > template.dosing.count);
    if (beyond.length > 0) {
      context.addIssue({
        code: "custom",
        path: ["checkpoints"],
        message: `The course has ${template.dosing.count} doses; dose ${beyond[0]} does not exist.`,
      });
    }
    if (!template.dosing.needs.includes("room")) {
      context.addIssue({ code: "custom", path: ["dosing", "needs"], message: "A dosing session needs a room." });
    }
    if (!template.dosing.needs.includes("monitor") && !template.dosing.needs.includes("prescriber")) {
      context.addIssue({
        code: "custom",
        path: ["dosing", "needs"],
        message: "A dosing session needs a medical monitor (a prescriber or nurse) on site.",
      });
    }
  });

export function parseSeriesTemplate(value: unknown): SeriesTemplate | null {
  const parsed = seriesTemplateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
