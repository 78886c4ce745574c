import type { Role } from "../../db/schema/staff";

/**
 * The access policy, as data. Each permission lists the roles that hold it and how far it reaches:
 * - clinic: any record of the actor's clinic;
 * - team: only patients whose care team includes the actor;
 * - own: only the actor's own record.
 * A permission or role that is not listed is denied.
 */
export type Scope = "clinic" | "team" | "own";

export const POLICY = {
  "search:patient": { frontdesk: "clinic", prescriber: "team", therapist: "team", nurse: "team" },
  "read:patient": { frontdesk: "clinic", prescriber: "team", therapist: "team", nurse: "team" },
  "create:patient": { frontdesk: "clinic", prescriber: "clinic", therapist: "clinic", nurse: "clinic" },
  "update:patient": { frontdesk: "clinic", prescriber: "team", therapist: "team", nurse: "team" },
  "update:care-team": { frontdesk: "clinic", prescriber: "team", therapist: "team" },
  "read:clinical": { prescriber: "team", therapist: "team", nurse: "team" },
  // The clinical record: who may write which part (DESIGN.md, "Who uses it").
  "write:screening": { prescriber: "team" },
  "record:consent": { prescriber: "team", therapist: "team", nurse: "team" },
  "order:dose": { prescriber: "team" },
  "record:session": { prescriber: "team", nurse: "team" },
  "record:observation": { prescriber: "team", nurse: "team", therapist: "team" },
  "write:note": { prescriber: "team", therapist: "team" },
  "record:measure": { prescriber: "team", therapist: "team" },
  "sign:session": { prescriber: "team" },
  "manage:clinical-settings": { admin: "clinic" },
  // Schedules show times, rooms, staff and the patient's name or initials, never clinical content.
  "read:schedule": { frontdesk: "clinic", prescriber: "team", therapist: "team", nurse: "team" },
  "manage:schedule": { frontdesk: "clinic" },
  "manage:templates": { admin: "clinic" },
  "use:calendar-feed": { prescriber: "own", therapist: "own", nurse: "own" },
  "manage:clinic": { admin: "clinic" },
  "manage:staff": { admin: "clinic" },
  "read:audit": { admin: "clinic" },
  "use:app": { admin: "own", prescriber: "own", therapist: "own", nurse: "own", frontdesk: "own" },
} as const satisfies Record<string, Partial<Record<Role, Scope>>>;

export type Permission = keyof typeof POLICY;

export type Actor = { id: string; clinicId: string; roles: readonly Role[]; active: boolean };

/** What the decision concerns: its clinic, and for team or own scope, who it belongs to. */
export type Target = { clinicId: string; careTeamUserIds?: readonly string[]; ownerId?: string };

/** not_found: the record belongs to another clinic, and its existence must not be revealed. */
export type Decision = "allow" | "deny" | "not_found";

const SCOPE_BREADTH: Record<Scope, number> = { own: 0, team: 1, clinic: 2 };

/** The broadest scope any of the actor's roles gives for this permission, or null. */
export function scopeFor(actor: Actor, permission: Permission): Scope | null {
  if (!actor.active) {
    return null;
  }
  const grants: Partial<Record<Role, Scope>> = POLICY[permission];
  let best: Scope | null = null;
  for (const role of actor.roles) {
    const scope = grants[role];
    if (scope && (best === null || SCOPE_BREADTH[scope] > SCOPE_BREADTH[best])) {
      best = scope;
    }
  }
  return best;
}

export function decide(actor: Actor, permission: Permission, target?: Target): Decision {
  const scope = scopeFor(actor, permission);
  if (scope === null) {
    return "deny";
  }
  if (!target) {
    return "allow";
  }
  if (target.clinicId !== actor.clinicId) {
    return "not_found";
  }
  switch (scope) {
    case "clinic":
      return "allow";
    case "team":
      return target.careTeamUserIds?.includes(actor.id) ? "allow" : "deny";
    case "own":
      return target.ownerId === actor.id ? "allow" : "deny";
  }
}

export function can(actor: Actor, permission: Permission, target?: Target): boolean {
  return decide(actor, permission, target) === "allow";
}
