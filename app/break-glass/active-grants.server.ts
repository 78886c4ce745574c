import { and, eq, gt, isNull, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { breakGlassGrant } from "../../db/schema";
import { scopeFor, type Actor } from "../auth/policy";
import type { BreakGlassAccess } from "./audit-mark";

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
    .where(
      and(
        eq(breakGlassGrant.userId, user.id),
        eq(breakGlassGrant.clinicId, user.clinicId),
        gt(breakGlassGrant.expiresAt, now),
        lte(breakGlassGrant.startsAt, now),
        isNull(breakGlassGrant.endedAt),
      ),
    );
}

/**
 * For the policy's target: the viewer, when they hold a live grant for this patient. Other users'
 * grants are never needed, since a request decides only for its own viewer.
 */
export function breakGlassUserIds(viewer: { id: string; breakGlass?: readonly BreakGlassAccess[] }, patientId: string): string[] {
  return viewer.breakGlass?.some((grant) => grant.patientId === patientId) ? [viewer.id] : [];
}
