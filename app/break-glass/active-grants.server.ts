import { and, eq, gt, isNull, lte, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { breakGlassGrant } from "#db/schema";
import { scopeFor, type Actor } from "#app/auth/policy";
import type { BreakGlassAccess } from "./audit-mark";

/** A grant of this user that is open at `now`: started, not expired, not ended early. */
export function liveGrantOf(clinicId: string, userId: string, now: Date): SQL {
  return and(
    eq(breakGlassGrant.clinicId, clinicId),
    eq(breakGlassGrant.userId, userId),
    lte(breakGlassGrant.startsAt, now),
    gt(breakGlassGrant.expiresAt, now),
    isNull(breakGlassGrant.endedAt),
  ) as SQL;
}

/**
 * The user's live break-glass grants, read once per request by the guard. Users whose roles cannot
 * break the glass (admin, front desk) cost no query.
 */
export async function liveGrantsOf(db: DbOrTx, user: Actor, now: Date): Promise<BreakGlassAccess[]> {
  if (scopeFor(user, "break-glass:patient") === null) {
    return [];
  }
  return db
    .select({ grantId: breakGlassGrant.id, patientId: breakGlassGrant.patientId, expiresAt: breakGlassGrant.expiresAt })
    .from(breakGlassGrant)
    .where(liveGrantOf(user.clinicId, user.id, now));
}

/**
 * For the policy's target: the viewer, when they hold a live grant for this patient. Other users'
 * grants are never needed, since a request decides only for its own viewer.
 */
export function breakGlassUserIds(
  viewer: { id: string; breakGlass?: readonly BreakGlassAccess[] },
  patientId: string,
): string[] {
  return viewer.breakGlass?.some((grant) => grant.patientId === patientId) ? [viewer.id] : [];
}
