import type { Db } from "#db/client";
import { DEFAULT_SEARCH_DAYS } from "./plan-forms";
import type { PlanRequest } from "./planner";
import { buildPlanRequest } from "./proposal.server";
import type { RemainingCourse } from "./remaining-course";

/**
 * The planner's request for a series' make-up sessions: the remaining doses and integrations with
 * the series' own therapist and prescriber, from startDate. Nothing is ignored: the series' other
 * sessions stay where they are and the new ones must fit around them.
 */
export async function replanRequest(
  db: Db,
  place: { clinicId: string; timeZone: string; patientId: string },
  series: { therapistId: string; prescriberId: string },
  remaining: RemainingCourse,
  startDate: string,
): Promise<PlanRequest> {
  return buildPlanRequest(db, place, {
    template: remaining.template,
    team: { therapistId: series.therapistId, prescriberId: series.prescriberId },
    startDate,
    searchDays: DEFAULT_SEARCH_DAYS,
  });
}

export function missedDosesText(missedDoses: readonly number[]): string {
  const names = missedDoses.map(String);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
  return `${names.length > 1 ? "Doses" : "Dose"} ${list}`;
}
