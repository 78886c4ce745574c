import { and, arrayOverlaps, asc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { room, staffUser } from "#db/schema";
import type { CareTeamEntry } from "#app/patients/care-team.server";
import { DEFAULT_SEARCH_DAYS, STANDARD_TEMPLATE_VALUE, type PlanQuery } from "./plan-forms";
import { STANDARD_KAP_COURSE, type PlanRequest, type SeriesTemplate } from "./planner";
import type { PlanInputs } from "./proposal.server";
import { listTemplates } from "./templates.server";

export type TemplateChoice = { value: string; templateId: string | null; name: string; template: SeriesTemplate };
export type PersonChoice = { id: string; name: string };

export type PlanChoices = {
  templates: TemplateChoice[];
  therapists: PersonChoice[];
  prescribers: PersonChoice[];
  monitors: PersonChoice[];
  rooms: PersonChoice[];
};

/** The clinic's active templates that read as a course; the standard course when there are none. */
async function templateChoices(db: Db, clinicId: string): Promise<TemplateChoice[]> {
  const stored = await listTemplates(db, clinicId, { activeOnly: true });
  const choices = stored.map((row) => ({ value: row.id, templateId: row.id, name: row.name, template: row.template }));
  return choices.length > 0
    ? choices
    : [
        {
          value: STANDARD_TEMPLATE_VALUE,
          templateId: null,
          name: STANDARD_KAP_COURSE.name,
          template: STANDARD_KAP_COURSE,
        },
      ];
}

/** What step 1 offers: templates, the care team's therapists and prescribers, any monitor, rooms. */
export async function planChoices(db: Db, clinicId: string, careTeam: readonly CareTeamEntry[]): Promise<PlanChoices> {
  const [templates, monitors, rooms] = await Promise.all([
    templateChoices(db, clinicId),
    db
      .select({ id: staffUser.id, name: staffUser.name })
      .from(staffUser)
      .where(
        and(
          eq(staffUser.clinicId, clinicId),
          eq(staffUser.active, true),
          arrayOverlaps(staffUser.roles, ["prescriber", "nurse"]),
        ),
      )
      .orderBy(asc(staffUser.name)),
    db
      .select({ id: room.id, name: room.name })
      .from(room)
      .where(and(eq(room.clinicId, clinicId), eq(room.active, true)))
      .orderBy(asc(room.name)),
  ]);
  const team = (role: CareTeamEntry["role"]): PersonChoice[] =>
    careTeam
      .filter((member) => member.role === role && member.active)
      .map((member) => ({ id: member.userId, name: member.name }));
  return { templates, therapists: team("therapist"), prescribers: team("prescriber"), monitors, rooms };
}

/** The values step 1 shows, as the form and the query string write them. */
export type PlanValues = {
  template: string;
  therapist: string;
  prescriber: string;
  monitor: string[];
  start: string;
  weekdays: string[];
  earliest: string;
  latest: string;
  days: string;
  room: string[];
};

export type ResolvedPlan =
  | { ok: true; inputs: PlanInputs; choice: TemplateChoice; values: PlanValues }
  | { ok: false; fieldErrors: Record<string, string[]> };

/**
 * The query with defaults filled in, checked against what the page offers: a query can name
 * anyone, so the therapist and prescriber must be on this patient's care team, and so on.
 */
export function resolvePlanQuery(query: PlanQuery, choices: PlanChoices, tomorrow: string): ResolvedPlan {
  const fieldErrors: Record<string, string[]> = {};
  const choice = query.template
    ? choices.templates.find((candidate) => candidate.value === query.template)
    : choices.templates[0];
  if (!choice) {
    fieldErrors.template = ["Choose one of the clinic's templates."];
  }
  const therapist = query.therapist ?? choices.therapists[0]?.id;
  if (!therapist || !choices.therapists.some((person) => person.id === therapist)) {
    fieldErrors.therapist = [
      choices.therapists.length === 0
        ? "The care team has no active therapist. Add one to the care team first."
        : "Choose a therapist from the care team.",
    ];
  }
  const prescriber = query.prescriber ?? choices.prescribers[0]?.id;
  if (!prescriber || !choices.prescribers.some((person) => person.id === prescriber)) {
    fieldErrors.prescriber = [
      choices.prescribers.length === 0
        ? "The care team has no active prescriber. Add one to the care team first."
        : "Choose a prescriber from the care team.",
    ];
  }
  const monitors = query.monitor ?? [];
  if (monitors.some((id) => !choices.monitors.some((person) => person.id === id))) {
    fieldErrors.monitor = ["Choose a monitor from the list: an active prescriber or nurse."];
  }
  const rooms = query.room ?? [];
  if (rooms.some((id) => !choices.rooms.some((candidate) => candidate.id === id))) {
    fieldErrors.room = ["Choose rooms of this clinic."];
  }
  if (!choice || !therapist || !prescriber || Object.keys(fieldErrors).length > 0) {
    return { ok: false, fieldErrors };
  }
  const weekdays = [...new Set((query.weekdays ?? []).map(Number))].sort((a, b) => a - b);
  const preferences: NonNullable<PlanRequest["preferences"]> = {
    ...(weekdays.length > 0 ? { weekdays } : {}),
    ...(query.earliest ? { earliestStart: query.earliest } : {}),
    ...(query.latest ? { latestStart: query.latest } : {}),
    ...(rooms.length > 0 ? { roomIds: rooms } : {}),
  };
  const startDate = query.start ?? tomorrow;
  const searchDays = query.days ?? DEFAULT_SEARCH_DAYS;
  return {
    ok: true,
    choice,
    inputs: {
      template: choice.template,
      team: {
        therapistId: therapist,
        prescriberId: prescriber,
        ...(monitors.length > 0 ? { monitorIds: monitors } : {}),
      },
      startDate,
      preferences,
      searchDays,
    },
    values: {
      template: choice.value,
      therapist,
      prescriber,
      monitor: monitors,
      start: startDate,
      weekdays: weekdays.map(String),
      earliest: query.earliest ?? "",
      latest: query.latest ?? "",
      days: String(searchDays),
      room: rooms,
    },
  };
}

/** The values as query-string or hidden-field pairs, leaving out what is empty. */
export function planValuePairs(values: PlanValues): [string, string][] {
  return Object.entries(values).flatMap(([name, value]: [string, string | string[]]) =>
    (Array.isArray(value) ? value : [value])
      .filter((item) => item !== "")
      .map((item): [string, string] => [name, item]),
  );
}

/** The query string that re-runs the plan with an alternative's request. */
export function alternativeQuery(request: PlanRequest, template: string): string {
  const preferences = request.preferences ?? {};
  const values: PlanValues = {
    template,
    therapist: request.team.therapistId,
    prescriber: request.team.prescriberId,
    monitor: request.team.monitorIds ?? [],
    start: request.startDate,
    weekdays: (preferences.weekdays ?? []).map(String),
    earliest: preferences.earliestStart ?? "",
    latest: preferences.latestStart ?? "",
    days: String(request.searchDays ?? DEFAULT_SEARCH_DAYS),
    room: preferences.roomIds ?? [],
  };
  return `?${new URLSearchParams(planValuePairs(values)).toString()}`;
}
