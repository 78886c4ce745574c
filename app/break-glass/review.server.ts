import { and, asc, count, desc, eq, exists, gte, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "#db/client";
import { isUniqueViolation } from "#db/errors";
import { auditEntry, breakGlassGrant, breakGlassReview, careTeamMember, patient, staffUser } from "#db/schema";
import type { BreakGlassReasonKind } from "#db/schema/break-glass";
import { audit, auditEach } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import { can, scopeFor } from "#app/auth/policy";
import { requestedPage } from "#app/ui/page-links";
import type { ReviewStatus } from "./forms";

/** How far back the start page looks. */
export const RECENT_DAYS = 14;
const START_PAGE_LIMIT = 20;
export const REVIEW_PAGE_SIZE = 20;
// A grant of an hour rarely means more than a few dozen entries; the page says when it shows fewer.
const ACCESSES_PER_GRANT = 200;

export type GrantSummary = {
  id: string;
  userName: string;
  patientId: string;
  patientName: string;
  mrn: string;
  reasonKind: BreakGlassReasonKind;
  reason: string;
  startsAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  reviewedAt: Date | null;
};

const grantee = alias(staffUser, "grantee");

const summaryColumns = {
  id: breakGlassGrant.id,
  userName: grantee.name,
  patientId: breakGlassGrant.patientId,
  firstName: patient.firstName,
  lastName: patient.lastName,
  mrn: patient.mrn,
  reasonKind: breakGlassGrant.reasonKind,
  reason: breakGlassGrant.reason,
  startsAt: breakGlassGrant.startsAt,
  expiresAt: breakGlassGrant.expiresAt,
  endedAt: breakGlassGrant.endedAt,
  reviewedAt: breakGlassReview.reviewedAt,
};

type SummaryRow = Omit<GrantSummary, "patientName"> & { firstName: string; lastName: string };

function summary({ firstName, lastName, ...rest }: SummaryRow): GrantSummary {
  return { ...rest, patientName: `${lastName}, ${firstName}` };
}

/**
 * Break-glass accesses of the last two weeks that the viewer should know about: every one in the
 * clinic for an admin, those to their own patients for a member of a care team. Each one shown is
 * audited, as it names the patient.
 */
export async function breakGlassForStartPage(db: Db, viewer: Viewer): Promise<GrantSummary[]> {
  const admin = can(viewer, "review:break-glass");
  // Front desk is on no care team and reviews nothing: no query.
  if (!admin && scopeFor(viewer, "break-glass:patient") === null) {
    return [];
  }
  const onTeam = exists(
    db
      .select({ one: sql`1` })
      .from(careTeamMember)
      .where(
        and(
          eq(careTeamMember.patientId, breakGlassGrant.patientId),
          eq(careTeamMember.userId, viewer.id),
          eq(careTeamMember.clinicId, viewer.clinicId),
        ),
      ),
  );
  const since = new Date(clock.now().getTime() - RECENT_DAYS * 86_400_000);
  const rows = await db
    .select(summaryColumns)
    .from(breakGlassGrant)
    .innerJoin(grantee, eq(grantee.id, breakGlassGrant.userId))
    .innerJoin(patient, eq(patient.id, breakGlassGrant.patientId))
    .leftJoin(breakGlassReview, eq(breakGlassReview.grantId, breakGlassGrant.id))
    .where(
      and(
        eq(breakGlassGrant.clinicId, viewer.clinicId),
        gte(breakGlassGrant.startsAt, since),
        admin ? undefined : onTeam,
      ),
    )
    .orderBy(desc(breakGlassGrant.startsAt))
    .limit(START_PAGE_LIMIT);
  const grants = rows.map(summary);
  await auditEach(
    db,
    auditActor(viewer),
    grants.map((grant) => ({
      action: "read:break-glass",
      entityType: "break_glass_grant",
      entityId: grant.id,
      patientId: grant.patientId,
      detail: { view: "start-page" },
    })),
  );
  return grants;
}

export type GrantAccess = {
  id: number;
  at: Date;
  action: string;
  entityType: string;
  entityId: string;
  outcome: string;
};

export type GrantForReview = GrantSummary & {
  accesses: GrantAccess[];
  accessCount: number;
  review: { reviewerName: string; reviewedAt: Date; note: string } | null;
};

/**
 * One page of the clinic's grants for review, newest first, each with the audit entries made under
 * it (marked detail.breakGlass.grantId) and its review, if any.
 */
export async function grantsForReview(
  db: DbOrTx,
  clinicId: string,
  status: ReviewStatus,
  askedPage: string | null,
): Promise<{ grants: GrantForReview[]; page: number; pageCount: number }> {
  const reviewer = alias(staffUser, "reviewer");
  const conditions: SQL[] = [eq(breakGlassGrant.clinicId, clinicId)];
  if (status === "unreviewed") {
    conditions.push(isNull(breakGlassReview.grantId));
  } else if (status === "reviewed") {
    conditions.push(isNotNull(breakGlassReview.grantId));
  }
  const [total] = await db
    .select({ n: count() })
    .from(breakGlassGrant)
    .leftJoin(breakGlassReview, eq(breakGlassReview.grantId, breakGlassGrant.id))
    .where(and(...conditions));
  const pageCount = Math.max(1, Math.ceil((total?.n ?? 0) / REVIEW_PAGE_SIZE));
  const page = requestedPage(askedPage, pageCount);
  const rows = await db
    .select({ ...summaryColumns, reviewerName: reviewer.name, reviewNote: breakGlassReview.note })
    .from(breakGlassGrant)
    .innerJoin(grantee, eq(grantee.id, breakGlassGrant.userId))
    .innerJoin(patient, eq(patient.id, breakGlassGrant.patientId))
    .leftJoin(breakGlassReview, eq(breakGlassReview.grantId, breakGlassGrant.id))
    .leftJoin(reviewer, eq(reviewer.id, breakGlassReview.reviewedBy))
    .where(and(...conditions))
    .orderBy(desc(breakGlassGrant.startsAt), asc(breakGlassGrant.id))
    .limit(REVIEW_PAGE_SIZE)
    .offset((page - 1) * REVIEW_PAGE_SIZE);
  const accesses = await accessesUnder(
    db,
    clinicId,
    rows.map((row) => ({ id: row.id, patientId: row.patientId })),
  );
  const grants = rows.map(({ reviewerName, reviewNote, ...row }) => {
    const under = accesses.get(row.id) ?? [];
    const grant = summary(row);
    return {
      ...grant,
      accesses: under.slice(0, ACCESSES_PER_GRANT),
      accessCount: under.length,
      review: grant.reviewedAt
        ? { reviewerName: reviewerName ?? "", reviewedAt: grant.reviewedAt, note: reviewNote ?? "" }
        : null,
    };
  });
  return { grants, page, pageCount };
}

/** The audit entries made under these grants, by grant, oldest first; read through the patient index. */
async function accessesUnder(
  db: DbOrTx,
  clinicId: string,
  grants: { id: string; patientId: string }[],
): Promise<Map<string, GrantAccess[]>> {
  const byGrant = new Map<string, GrantAccess[]>();
  if (grants.length === 0) {
    return byGrant;
  }
  const grantIdOf = sql<string>`${auditEntry.detail} -> 'breakGlass' ->> 'grantId'`;
  const rows = await db
    .select({
      id: auditEntry.id,
      at: auditEntry.at,
      action: auditEntry.action,
      entityType: auditEntry.entityType,
      entityId: auditEntry.entityId,
      outcome: auditEntry.outcome,
      grantId: grantIdOf,
    })
    .from(auditEntry)
    .where(
      and(
        eq(auditEntry.clinicId, clinicId),
        inArray(auditEntry.patientId, [...new Set(grants.map((grant) => grant.patientId))]),
        inArray(
          grantIdOf,
          grants.map((grant) => grant.id),
        ),
      ),
    )
    .orderBy(asc(auditEntry.id));
  for (const { grantId, ...access } of rows) {
    const list = byGrant.get(grantId) ?? [];
    list.push(access);
    byGrant.set(grantId, list);
  }
  return byGrant;
}

export type ReviewResult = { ok: true } | { ok: false; status: 400 | 409; message: string };

/** An admin marks a grant reviewed, with a note. Once per grant; the review is audited. */
export async function markReviewed(db: Db, viewer: Viewer, grantId: string, note: string): Promise<ReviewResult> {
  try {
    return await db.transaction(async (tx): Promise<ReviewResult> => {
      const [grant] = await tx
        .select({ id: breakGlassGrant.id, patientId: breakGlassGrant.patientId })
        .from(breakGlassGrant)
        .where(and(eq(breakGlassGrant.id, grantId), eq(breakGlassGrant.clinicId, viewer.clinicId)));
      if (!grant) {
        return {
          ok: false,
          status: 400,
          message: "That emergency access is not one of this clinic's; reload the page and try again.",
        };
      }
      const [existing] = await tx
        .select({ name: staffUser.name })
        .from(breakGlassReview)
        .innerJoin(staffUser, eq(staffUser.id, breakGlassReview.reviewedBy))
        .where(eq(breakGlassReview.grantId, grant.id));
      if (existing) {
        return { ok: false, status: 409, message: `${existing.name} has already reviewed this access.` };
      }
      await tx
        .insert(breakGlassReview)
        .values({ grantId: grant.id, clinicId: viewer.clinicId, reviewedBy: viewer.id, reviewedAt: clock.now(), note });
      await audit(tx, auditActor(viewer), {
        action: "review:break-glass",
        entityType: "break_glass_grant",
        entityId: grant.id,
        patientId: grant.patientId,
        detail: { reviewOf: grant.id },
      });
      return { ok: true };
    });
  } catch (error) {
    // Two admins at once: the review's primary key lets one through.
    if (isUniqueViolation(error, "break_glass_review_pkey")) {
      return {
        ok: false,
        status: 409,
        message: "Someone else reviewed this access a moment ago; reload the page to see their note.",
      };
    }
    throw error;
  }
}
