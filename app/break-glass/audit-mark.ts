/** A live break-glass grant of the signed-in user, as the request carries it (loaded once, in the guard). */
export type BreakGlassAccess = { grantId: string; patientId: string; expiresAt: Date };

/**
 * The detail of an audit entry, marked as break-glass when it concerns a patient the actor reaches
 * only through a live grant. Every entry goes through here (app/audit/audit.server.ts), so no route
 * has to remember to mark its own.
 */
export function markBreakGlass(
  detail: Record<string, unknown> | undefined,
  patientId: string | null | undefined,
  grants: readonly BreakGlassAccess[] | undefined,
): Record<string, unknown> {
  const grant = patientId ? grants?.find((candidate) => candidate.patientId === patientId) : undefined;
  if (!grant || detail?.breakGlass !== undefined) {
    return detail ?? {};
  }
  return { ...detail, breakGlass: { grantId: grant.grantId } };
}
