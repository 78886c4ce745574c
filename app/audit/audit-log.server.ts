import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import { and, desc, eq, gte, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "#db/client";
import { auditEntry, patient, staffUser } from "#db/schema";
import { AUDIT_PAGE_SIZE, type AuditFilters } from "./audit-filters";

export type AuditRow = {
  id: number;
  at: Date;
  actorName: string | null;
  actorEmail: string;
  action: string;
  entityType: string;
  entityId: string;
  patientMrn: string | null;
  patientName: string | null;
  ip: string;
  outcome: string;
  /** Made under an emergency (break-glass) access. */
  breakGlass: boolean;
};

// audit() marks entries made under a break-glass grant (app/break-glass/audit-mark.ts).
const BREAK_GLASS_MARK = sql`${auditEntry.detail} -> 'breakGlass'`;

/** Midnight of a clinic-local date, as an instant. */
function localMidnight(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, timeZone).getTime());
}

/**
 * One page of the clinic's audit trail, newest first, paged by id so pages stay stable while new
 * entries arrive. Failed sign-ins of unknown accounts carry no clinic and are not shown here.
 */
export async function auditPage(
  db: Db,
  clinicId: string,
  timeZone: string,
  filters: AuditFilters,
): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const actor = alias(staffUser, "actor");
  const conditions: SQL[] = [eq(auditEntry.clinicId, clinicId)];
  if (filters.userId) {
    conditions.push(eq(auditEntry.actorUserId, filters.userId));
  }
  if (filters.mrn) {
    conditions.push(eq(patient.mrn, filters.mrn.toUpperCase()));
  }
  if (filters.from) {
    conditions.push(gte(auditEntry.at, localMidnight(filters.from, timeZone)));
  }
  if (filters.to) {
    conditions.push(lt(auditEntry.at, addDays(localMidnight(filters.to, timeZone), 1)));
  }
  if (filters.outcome) {
    conditions.push(eq(auditEntry.outcome, filters.outcome));
  }
  if (filters.before) {
    conditions.push(lt(auditEntry.id, filters.before));
  }
  if (filters.breakGlass) {
    conditions.push(isNotNull(BREAK_GLASS_MARK));
  }
  const rows = await db
    .select({
      id: auditEntry.id,
      at: auditEntry.at,
      actorName: actor.name,
      actorEmail: auditEntry.actorEmail,
      action: auditEntry.action,
      entityType: auditEntry.entityType,
      entityId: auditEntry.entityId,
      patientMrn: patient.mrn,
      patientFirst: patient.firstName,
      patientLast: patient.lastName,
      ip: auditEntry.ip,
      outcome: auditEntry.outcome,
      breakGlass: sql<boolean>`${BREAK_GLASS_MARK} is not null`,
    })
    .from(auditEntry)
    .leftJoin(actor, eq(actor.id, auditEntry.actorUserId))
    .leftJoin(patient, and(eq(patient.id, auditEntry.patientId), eq(patient.clinicId, clinicId)))
    .where(and(...conditions))
    .orderBy(desc(auditEntry.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE).map(({ patientFirst, patientLast, ...row }) => ({
    ...row,
    patientName: patientFirst === null ? null : `${patientLast}, ${patientFirst}`,
  }));
  return { rows: page, nextBefore: rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null };
}

export async function clinicStaffForFilter(db: Db, clinicId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: staffUser.id, name: staffUser.name })
    .from(staffUser)
    .where(eq(staffUser.clinicId, clinicId))
    .orderBy(staffUser.name);
}
