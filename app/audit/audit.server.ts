import type { DbOrTx } from "#db/client";
import { auditEntry, type AuditOutcome } from "#db/schema/audit";
import { markBreakGlass, type BreakGlassAccess } from "#app/break-glass/audit-mark";

/** breakGlass: the actor's live grants; entries about those patients are marked detail.breakGlass. */
export type AuditActor = {
  id: string | null;
  clinicId: string | null;
  ip: string;
  email?: string;
  breakGlass?: readonly BreakGlassAccess[];
};

export type AuditEvent = {
  /** Verb and entity, e.g. "read:patient", "update:care-team", "sign-in". */
  action: string;
  entityType: string;
  entityId?: string;
  patientId?: string | null;
  outcome?: AuditOutcome;
  detail?: Record<string, unknown>;
};

/**
 * Appends one entry. Pass the transaction when auditing a write, so the write and its entry are
 * committed together or not at all.
 */
export async function audit(db: DbOrTx, actor: AuditActor, event: AuditEvent): Promise<void> {
  await auditEach(db, actor, [event]);
}

/** Several entries in one insert, for a page that reads many records at once (one entry each). */
export async function auditEach(db: DbOrTx, actor: AuditActor, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) {
    return;
  }
  await db.insert(auditEntry).values(
    events.map((event) => ({
      clinicId: actor.clinicId,
      actorUserId: actor.id,
      actorEmail: actor.email ?? "",
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? "",
      patientId: event.patientId ?? null,
      ip: actor.ip,
      outcome: event.outcome ?? "success",
      detail: markBreakGlass(event.detail, event.patientId, actor.breakGlass),
    })),
  );
}
