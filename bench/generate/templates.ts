import { STANDARD_KAP_COURSE } from "#app/scheduling/planner";
import type { SeriesTemplate } from "#app/scheduling/planner/types";
import { parseSeriesTemplate } from "#app/scheduling/template-schema";

export type TemplateKey = "standard" | "brief" | "booster";

/** A shorter first course, as many clinics offer: three doses in two weeks. */
const BRIEF_COURSE: SeriesTemplate = {
  name: "Brief KAP course",
  preparation: {
    count: 1,
    durationMinutes: 90,
    needs: ["therapist", "room"],
    minDaysBeforeFirstDose: 1,
    maxDaysBeforeFirstDose: 14,
  },
  dosing: {
    count: 3,
    durationMinutes: 120,
    needs: ["therapist", "monitor", "room"],
    minDaysApart: 2,
    maxPerWeek: 2,
    maxCourseDays: 14,
  },
  integration: {
    afterDoses: "all",
    durationMinutes: 60,
    needs: ["therapist", "room"],
    minDaysAfter: 1,
    maxDaysAfter: 3,
  },
  checkpoints: { beforeDoses: [1], afterDoses: [], durationMinutes: 30, needs: ["prescriber", "room"] },
};

/** A maintenance dose months after a course, with its integration session. */
const BOOSTER: SeriesTemplate = {
  name: "Booster session",
  preparation: {
    count: 0,
    durationMinutes: 60,
    needs: ["therapist", "room"],
    minDaysBeforeFirstDose: 0,
    maxDaysBeforeFirstDose: 0,
  },
  dosing: {
    count: 1,
    durationMinutes: 120,
    needs: ["therapist", "monitor", "room"],
    minDaysApart: 0,
    maxPerWeek: 1,
    maxCourseDays: 1,
  },
  integration: {
    afterDoses: "all",
    durationMinutes: 60,
    needs: ["therapist", "room"],
    minDaysAfter: 1,
    maxDaysAfter: 3,
  },
  checkpoints: { beforeDoses: [], afterDoses: [], durationMinutes: 30, needs: ["prescriber", "room"] },
};

export const TEMPLATES: Record<TemplateKey, SeriesTemplate> = {
  standard: STANDARD_KAP_COURSE,
  brief: BRIEF_COURSE,
  booster: BOOSTER,
};
export const TEMPLATE_KEYS: TemplateKey[] = ["standard", "brief", "booster"];

for (const key of TEMPLATE_KEYS) {
  if (!parseSeriesTemplate(TEMPLATES[key])) {
    throw new Error(`The bench template "${key}" is not a valid series template.`);
  }
}

export type StepKind = "preparation" | "dosing" | "integration" | "checkpoint";
export type Step = {
  kind: StepKind;
  doseNumber: number | null;
  units: number;
  who: "therapist" | "prescriber";
  monitor: boolean;
};

const UNIT_MINUTES = 30;

/** The template's sessions in the order they happen (the order the generator books them). */
export function courseSteps(template: SeriesTemplate): Step[] {
  const units = (minutes: number): number => Math.ceil(minutes / UNIT_MINUTES);
  const steps: Step[] = [];
  for (let n = 0; n < template.preparation.count; n += 1) {
    steps.push({
      kind: "preparation",
      doseNumber: null,
      units: units(template.preparation.durationMinutes),
      who: "therapist",
      monitor: false,
    });
  }
  const integrations = template.integration.afterDoses;
  for (let dose = 1; dose <= template.dosing.count; dose += 1) {
    if (template.checkpoints.beforeDoses.includes(dose)) {
      steps.push({
        kind: "checkpoint",
        doseNumber: dose,
        units: units(template.checkpoints.durationMinutes),
        who: "prescriber",
        monitor: false,
      });
    }
    steps.push({
      kind: "dosing",
      doseNumber: dose,
      units: units(template.dosing.durationMinutes),
      who: "therapist",
      monitor: true,
    });
    if (integrations === "all" || integrations.includes(dose)) {
      steps.push({
        kind: "integration",
        doseNumber: dose,
        units: units(template.integration.durationMinutes),
        who: "therapist",
        monitor: false,
      });
    }
    if (template.checkpoints.afterDoses.includes(dose)) {
      steps.push({
        kind: "checkpoint",
        doseNumber: dose,
        units: units(template.checkpoints.durationMinutes),
        who: "prescriber",
        monitor: false,
      });
    }
  }
  return steps;
}
