import type { Role } from "#db/schema/staff";

/**
 * The access policy, as data. Each permission lists the roles that hold it and how far it reaches:
 * - clinic: any record of the actor's clinic;
 * - team: only patients whose care team includes the actor, or for whom the actor holds a live
 *   break-glass grant (app/break-glass);
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
  // Emergency access to a patient outside one's care teams: clinicians only, reviewed by admins.
  "break-glass:patient": { prescriber: "clinic", therapist: "clinic", nurse: "clinic" },
  "review:break-glass": { admin: "clinic" },
  "use:app": { admin: "own", prescriber: "own", therapist: "own", nurse: "own", frontdesk: "own" },
} as const satisfies Record<string, Partial<Record<Role, Scope>>>;

export type Permission = keyof typeof POLICY;

export type Actor = { id: string; clinicId: string; roles: readonly Role[]; active: boolean };

/**
 * What the decision concerns: its clinic, and for team or own scope, who it belongs to.
 * breakGlassUserIds: users holding a live break-glass grant for the patient; for them, team scope
 * reaches this patient as if they were on the care team.
 */
export type Target = {
  clinicId: string;
  careTeamUserIds?: readonly string[];
  breakGlassUserIds?: readonly string[];
  ownerId?: string;
};

/** not_found: the record belongs to another clinic, and its existence must not be revealed. */
export type Decision = "allow" | "deny" | "not_found";

const SCOPE_BREADTH: Record<Scope, number> = { own: 0, team: 1, clinic: 2 };

// A time-limited emergency access must not make itself permanent by joining the care team.
const BEYOND_BREAK_GLASS: ReadonlySet<Permission> = new Set<Permission>(["update:care-team"]);

function onTeam(actor: Actor, permission: Permission, target: Target): boolean {
  if (target.careTeamUserIds?.includes(actor.id)) {
    return true;
  }
  return !BEYOND_BREAK_GLASS.has(permission) && (target.breakGlassUserIds?.includes(actor.id) ?? false);
}

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
      return onTeam(actor, permission, target) ? "allow" : "deny";
    case "own":
      return target.ownerId === actor.id ? "allow" : "deny";
  }
}

export function can(actor: Actor, permission: Permission, target?: Target): boolean {
  return decide(actor, permission, target) === "allow";
}

/** Whether breaking the glass would turn this refusal into access: offered only when it would. */
export function breakGlassWouldAllow(actor: Actor, permission: Permission, target: Target): boolean {
  return (
    decide(actor, permission, target) === "deny" &&
    decide(actor, "break-glass:patient", target) === "allow" &&
    decide(actor, permission, { ...target, breakGlassUserIds: [...(target.breakGlassUserIds ?? []), actor.id] }) ===
      "allow"
  );
}
