import { formatDay } from "./format";
import { formatLocalTime, localDateOf } from "./local-time";
import { buildModel, deriveModel, type Model } from "./model";
import { attemptPlan } from "./plan";
import { resolveRequest, type Resolved } from "./resolve";
import { DoseSearch } from "./search";
import type { Alternative, PlanRequest } from "./types";

export const MAX_ALTERNATIVES = 3;
export const MAX_LATER_START_DAYS = 28;

type Found = { alternative: Alternative; firstDose: number };

function firstDoseText(model: Model, chain: readonly number[]): { text: string; at: number } {
  const doses = model.candidates.dosing;
  const first = chain[0] ?? 0;
  const day = model.availability.grid.days[doses.day[first] ?? 0];
  return {
    text: `${formatDay(day?.epochDay ?? 0)} at ${formatLocalTime(doses.minute[first] ?? 0)}`,
    at: doses.start[first] ?? Infinity,
  };
}

/** Tries a variant of the request on the shared availability; the chain's first dose if it works. */
function tryVariant(base: Model, request: PlanRequest): { model: Model; chain: number[] } | null {
  const resolution = resolveRequest(request);
  if (!resolution.ok) {
    return null;
  }
  const model = deriveModel(base, resolution.resolved);
  const chain = new DoseSearch(model).findChain();
  return chain ? { model, chain } : null;
}

function laterStart(resolved: Resolved, extended: Model): Found | null {
  const { request, searchDays, firstEpochDay, template } = resolved;
  for (let shift = 1; shift <= MAX_LATER_START_DAYS; shift += 1) {
    const window = { first: shift, last: shift + searchDays - 1 };
    // Nothing fit one day earlier, so a course that fits now ends on the window's new last day;
    // its first dose is then at most maxCourseDays - 1 + maxDaysAfter days before that.
    const firstDoseFrom = window.last - (template.dosing.maxCourseDays - 1) - template.integration.maxDaysAfter;
    const chain = new DoseSearch(extended, window).findChain(firstDoseFrom);
    if (chain) {
      const startDate = localDateOf(firstEpochDay + shift);
      const dose = firstDoseText(extended, chain);
      return {
        firstDose: dose.at,
        alternative: {
          kind: "later-start",
          description: `Start on ${formatDay(firstEpochDay + shift)} instead: the first dose could be on ${dose.text}.`,
          request: { ...request, startDate },
        },
      };
    }
  }
  return null;
}

function otherMonitors(resolved: Resolved, extended: Model): Found[] {
  const { request, calendar } = resolved;
  const chosen = request.team.monitorIds;
  if (!chosen) {
    return [];
  }
  const eligible = calendar.staff.filter(
    (member) =>
      !chosen.includes(member.id) &&
      member.id !== request.team.therapistId &&
      (member.roles.includes("prescriber") || member.roles.includes("nurse")),
  );
  // The care team's prescriber last, as when the planner chooses monitors itself.
  eligible.sort((a, b) => Number(a.id === request.team.prescriberId) - Number(b.id === request.team.prescriberId));
  return eligible.flatMap((member) => {
    const variant: PlanRequest = { ...request, team: { ...request.team, monitorIds: [...chosen, member.id] } };
    const found = tryVariant(extended, variant);
    if (!found) {
      return [];
    }
    const dose = firstDoseText(found.model, found.chain);
    return [
      {
        firstDose: dose.at,
        alternative: {
          kind: "other-monitor",
          description: `Let ${member.name} monitor too: the first dose could be on ${dose.text}.`,
          request: variant,
        },
      },
    ];
  });
}

function otherRooms(resolved: Resolved, extended: Model): Found[] {
  const { request, calendar } = resolved;
  const chosen = request.preferences?.roomIds;
  if (!chosen) {
    return [];
  }
  return calendar.rooms
    .filter((room) => !chosen.includes(room.id))
    .flatMap((room) => {
      const variant: PlanRequest = {
        ...request,
        preferences: { ...request.preferences, roomIds: [...chosen, room.id] },
      };
      const found = tryVariant(extended, variant);
      if (!found) {
        return [];
      }
      const dose = firstDoseText(found.model, found.chain);
      return [
        {
          firstDose: dose.at,
          alternative: {
            kind: "other-room",
            description: `Allow ${room.name} too: the first dose could be on ${dose.text}.`,
            request: variant,
          },
        },
      ];
    });
}

/**
 * Up to three nearest changes that do produce a plan: the best of each kind first (earliest first
 * dose), then the next best overall. Each is re-planned from scratch before it is offered.
 */
export function findAlternatives(resolved: Resolved): Alternative[] {
  const extended = buildModel(resolved, resolved.searchDays + MAX_LATER_START_DAYS);
  const later = laterStart(resolved, extended);
  const byKind = [otherMonitors(resolved, extended), otherRooms(resolved, extended), later ? [later] : []].map(
    (found) => [...found].sort((a, b) => a.firstDose - b.firstDose),
  );
  const picked: Found[] = byKind.flatMap((found) => found.slice(0, 1));
  const rest = byKind.flatMap((found) => found.slice(1)).sort((a, b) => a.firstDose - b.firstDose);
  const offered: Alternative[] = [];
  for (const found of [...picked.sort((a, b) => a.firstDose - b.firstDose), ...rest]) {
    if (offered.length >= MAX_ALTERNATIVES) {
      break;
    }
    if (attemptPlan(found.alternative.request).ok) {
      offered.push(found.alternative);
    }
  }
  return offered;
}
