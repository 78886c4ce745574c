import { and, count, eq, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "#db/client";
import { auditEntry, type AuditOutcome } from "#db/schema/audit";

// Shared by the patient route tests; nothing in the app imports it.

export type AuditFilter = {
  action?: string;
  actorUserId?: string;
  patientId?: string;
  entityId?: string;
  outcome?: AuditOutcome;
};

export async function auditEntries(db: Db, filter: AuditFilter): Promise<(typeof auditEntry.$inferSelect)[]> {
  const conditions: SQL[] = [];
  if (filter.action) {
    conditions.push(eq(auditEntry.action, filter.action));
  }
  if (filter.actorUserId) {
    conditions.push(eq(auditEntry.actorUserId, filter.actorUserId));
  }
  if (filter.patientId) {
    conditions.push(eq(auditEntry.patientId, filter.patientId));
  }
  if (filter.entityId) {
    conditions.push(eq(auditEntry.entityId, filter.entityId));
  }
  if (filter.outcome) {
    conditions.push(eq(auditEntry.outcome, filter.outcome));
  }
  return db
    .select()
    .from(auditEntry)
    .where(and(...conditions))
    .orderBy(auditEntry.id);
}

export async function rowCount(db: Db, table: PgTable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(table);
  return row?.n ?? 0;
}
