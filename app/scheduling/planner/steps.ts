import type { AppointmentKind, SeriesTemplate } from "./types";

/** One appointment a template asks for; key is what ProposedSlot.key holds. */
export type SeriesStep = {
  key: string;
  kind: AppointmentKind;
  doseNumber?: number;
  checkpoint?: "before" | "after";
  preparationNumber?: number;
};

export function doseKey(doseNumber: number): string {
  return `dose-${doseNumber}`;
}

function uniqueSorted(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The doses followed by an integration session. */
export function integrationDoses(template: SeriesTemplate): number[] {
  const { afterDoses } = template.integration;
  return afterDoses === "all"
    ? Array.from({ length: template.dosing.count }, (_, index) => index + 1)
    : uniqueSorted(afterDoses);
}

/** Every step of the course, in the order they happen. */
export function seriesSteps(template: SeriesTemplate): SeriesStep[] {
  const steps: SeriesStep[] = [];
  for (let number = 1; number <= template.preparation.count; number += 1) {
    steps.push({ key: `preparation-${number}`, kind: "preparation", preparationNumber: number });
  }
  const integrations = new Set(integrationDoses(template));
  const before = new Set(template.checkpoints.beforeDoses);
  const after = new Set(template.checkpoints.afterDoses);
  for (let dose = 1; dose <= template.dosing.count; dose += 1) {
    if (before.has(dose)) {
      steps.push({ key: `checkpoint-before-dose-${dose}`, kind: "checkpoint", doseNumber: dose, checkpoint: "before" });
    }
    steps.push({ key: doseKey(dose), kind: "dosing", doseNumber: dose });
    if (integrations.has(dose)) {
      steps.push({ key: `integration-after-dose-${dose}`, kind: "integration", doseNumber: dose });
    }
    if (after.has(dose)) {
      steps.push({ key: `checkpoint-after-dose-${dose}`, kind: "checkpoint", doseNumber: dose, checkpoint: "after" });
    }
  }
  return steps;
}

/** Minutes a session of this kind lasts under the template; a screening is booked like a checkpoint. */
export function stepDuration(template: SeriesTemplate, kind: AppointmentKind): number {
  switch (kind) {
    case "preparation":
      return template.preparation.durationMinutes;
    case "dosing":
      return template.dosing.durationMinutes;
    case "integration":
      return template.integration.durationMinutes;
    case "checkpoint":
    case "screening":
      return template.checkpoints.durationMinutes;
  }
}

/** "dose 3", "the integration session after dose 2", … for sentences. */
export function describeStep(step: SeriesStep): string {
  switch (step.kind) {
    case "preparation":
      return `preparation session ${step.preparationNumber ?? ""}`.trim();
    case "dosing":
      return `dose ${step.doseNumber ?? ""}`.trim();
    case "integration":
      return `the integration session after dose ${step.doseNumber ?? ""}`.trim();
    case "checkpoint":
      return `the checkpoint ${step.checkpoint ?? "before"} dose ${step.doseNumber ?? ""}`.trim();
    case "screening":
      return "the screening";
  }
}
