import type { AppointmentKindValue, AppointmentStatus } from "#db/schema/scheduling";
import type { SeriesTemplate } from "./planner";

export type BookedAppointment = { kind: AppointmentKindValue; status: AppointmentStatus; doseNumber: number | null };

export type RemainingCourse = {
  /** The template's rules with only the doses (and their integrations) still to be booked. */
  template: SeriesTemplate;
  /** Make-up dose n of the new plan takes the place of dose missedDoses[n - 1] of the series. */
  missedDoses: number[];
};

const MISSED: readonly AppointmentStatus[] = ["cancelled", "no_show"];

export function isMissed(status: AppointmentStatus): boolean {
  return MISSED.includes(status);
}

/**
 * What is left of a course after missed sessions: every dose of the template that no held or
 * booked dosing session covers, each with its integration unless one is already held or booked.
 * Preparation and checkpoints are not repeated. Null when no dose is missing.
 */
export function remainingCourse(
  template: SeriesTemplate,
  appointments: readonly BookedAppointment[],
): RemainingCourse | null {
  const kept = appointments.filter((row) => !isMissed(row.status));
  const keptDoses = new Set(kept.filter((row) => row.kind === "dosing").map((row) => row.doseNumber));
  const keptIntegrations = new Set(kept.filter((row) => row.kind === "integration").map((row) => row.doseNumber));
  const missedDoses = Array.from({ length: template.dosing.count }, (_, index) => index + 1).filter(
    (dose) => !keptDoses.has(dose),
  );
  if (missedDoses.length === 0) {
    return null;
  }
  const { afterDoses } = template.integration;
  const integrated = (dose: number): boolean =>
    (afterDoses === "all" || afterDoses.includes(dose)) && !keptIntegrations.has(dose);
  const integrations = missedDoses.flatMap((dose, index) => (integrated(dose) ? [index + 1] : []));
  return {
    template: {
      ...template,
      name: `${template.name} (make-up sessions)`,
      preparation: { ...template.preparation, count: 0 },
      dosing: { ...template.dosing, count: missedDoses.length },
      integration: {
        ...template.integration,
        afterDoses: integrations.length === missedDoses.length ? "all" : integrations,
      },
      checkpoints: { ...template.checkpoints, beforeDoses: [], afterDoses: [] },
    },
    missedDoses,
  };
}
