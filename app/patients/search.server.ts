import { and, asc, count, eq, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { careTeamMember, patient } from "#db/schema";
import { auditEach } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import { scopeFor, type Actor } from "#app/auth/policy";
import { clampPage } from "#app/ui/page-links";
import { escapeLike, type SearchQuery } from "./search-query";

export const PAGE_SIZE = 25;
// Deep offsets cost a scan of everything before them; nobody pages this far by hand.
export const MAX_PAGE = 2000;

export type PatientSearchRow = {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  preferredName: string;
  dateOfBirth: string;
  phone: string;
  active: boolean;
};

export type PatientSearchResult = { rows: PatientSearchRow[]; total: number; page: number; pageCount: number };

export type SearchableQuery = Exclude<SearchQuery, { kind: "invalid" }>;

/**
 * Exactly the expression of patient_name_trgm_idx (migrations/0007): written out by hand, with the
 * space as a literal rather than a parameter, or the planner would not recognise it and scan the table.
 * fold_name lower-cases and removes accents, on both sides of the match.
 */
const NAME_EXPRESSION = sql`fold_name(${patient.firstName} || ' ' || ${patient.lastName} || ' ' || ${patient.preferredName})`;

function matchCondition(query: SearchableQuery): SQL | undefined {
  switch (query.kind) {
    case "empty":
      return undefined;
    case "name":
      return and(...query.words.map((word) => sql`${NAME_EXPRESSION} like fold_name(${`%${escapeLike(word)}%`})`));
    case "dob":
      return eq(patient.dateOfBirth, query.dateOfBirth);
    case "mrn":
      return eq(patient.mrn, query.mrn);
    case "phone":
      // The whole number or its first digits (typed without the end), or its last digits ("the last
      // four"), or the number without the country code the record was written with.
      return or(
        eq(patient.phoneDigits, query.digits),
        sql`${patient.phoneDigits} like ${`${query.digits}%`}`,
        sql`${patient.phoneDigits} like ${`%${query.digits}`}`,
      );
  }
}

/** Null when the actor's roles give no search at all; otherwise the conditions every query carries. */
function scopeCondition(actor: Actor): SQL | null {
  const scope = scopeFor(actor, "search:patient");
  switch (scope) {
    case "clinic":
      return eq(patient.clinicId, actor.clinicId);
    case "team":
      return and(
        eq(patient.clinicId, actor.clinicId),
        sql`exists (select 1 from ${careTeamMember} where ${careTeamMember.patientId} = ${patient.id} and ${careTeamMember.userId} = ${actor.id} and ${careTeamMember.clinicId} = ${actor.clinicId})`,
      )!;
    case "own":
    case null:
      return null;
  }
}

/** What a search selects: null when the actor may find no patient at all. */
export function searchCondition(actor: Actor, query: SearchableQuery): SQL | null {
  const scope = scopeCondition(actor);
  return scope ? (and(scope, matchCondition(query)) ?? null) : null;
}

/** One page of the patients the actor may find, sorted by last then first name. Not audited. */
export async function findPatients(
  db: DbOrTx,
  actor: Actor,
  query: SearchableQuery,
  requestedPage: number,
): Promise<PatientSearchResult> {
  const where = searchCondition(actor, query);
  if (!where) {
    return { rows: [], total: 0, page: 1, pageCount: 0 };
  }
  const [counted] = await db.select({ total: count() }).from(patient).where(where);
  const total = counted?.total ?? 0;
  const pageCount = Math.ceil(total / PAGE_SIZE);
  const page = clampPage(requestedPage, Math.min(pageCount, MAX_PAGE));
  if (total === 0) {
    return { rows: [], total, page, pageCount };
  }
  const rows = await db
    .select({
      id: patient.id,
      mrn: patient.mrn,
      firstName: patient.firstName,
      lastName: patient.lastName,
      preferredName: patient.preferredName,
      dateOfBirth: patient.dateOfBirth,
      phone: patient.phone,
      active: patient.active,
    })
    .from(patient)
    .where(where)
    .orderBy(asc(sql`lower(${patient.lastName})`), asc(sql`lower(${patient.firstName})`), asc(patient.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return { rows, total, page, pageCount };
}

/**
 * The search page's query, audited with how many patients it found and one entry for each patient it
 * shows (so a patient's access history lists the searches that showed them), never with what was typed.
 */
export async function searchPatients(
  db: DbOrTx,
  viewer: Viewer,
  query: SearchableQuery,
  requestedPage: number,
): Promise<PatientSearchResult> {
  const result = await findPatients(db, viewer, query, requestedPage);
  await auditEach(db, auditActor(viewer), [
    {
      action: "search:patient",
      entityType: "patient",
      detail: { resultCount: result.total, kind: query.kind, page: result.page },
    },
    ...result.rows.map((row) => ({
      action: "list:patient",
      entityType: "patient",
      entityId: row.id,
      patientId: row.id,
      detail: { shownBy: "search" },
    })),
  ]);
  return result;
}
