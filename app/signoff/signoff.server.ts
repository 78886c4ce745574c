import { createHash } from "node:crypto";
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { isUniqueViolation } from "#db/errors";
import { isUuid } from "#db/ids";
import { careTeamMember, dosingSession, series, signOff, signOffPending } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, authorizeRecord, type Viewer } from "#app/auth/guard.server";
import type { StepUpProof } from "#app/auth/step-up.server";
import { sessionRecord, sessionRecords, type SessionRecord } from "#app/clinical/session-record.server";
import { latestMeasures, latestMeasuresOfSeries, measuresSummaryView } from "#app/measures/measures-summary.server";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";
import { formatInTimeZone } from "#app/ui/dates";
import { requestedPage } from "#app/ui/page-links";
import { ATTESTATION, canonicalJson, reviewSummary, type ReviewSummary } from "./review-summary";

/**
 * Sessions awaiting this prescriber: discharged, not signed off (sign_off_pending, kept by triggers),
 * of a patient whose care team includes the viewer (sign:session is team-scoped), and either the
 * series names the viewer as its prescriber or the viewer is a prescriber on that care team.
 */
function awaitingFor(viewer: Viewer): SQL {
  const onTeam = sql`exists (select 1 from ${careTeamMember} where ${careTeamMember.patientId} = ${signOffPending.patientId} and ${careTeamMember.clinicId} = ${signOffPending.clinicId} and ${careTeamMember.userId} = ${viewer.id})`;
  const teamPrescriber = sql`exists (select 1 from ${careTeamMember} where ${careTeamMember.patientId} = ${signOffPending.patientId} and ${careTeamMember.clinicId} = ${signOffPending.clinicId} and ${careTeamMember.userId} = ${viewer.id} and ${careTeamMember.role} = 'prescriber')`;
  return and(
    eq(signOffPending.clinicId, viewer.clinicId),
    onTeam,
    sql`(${series.prescriberId} = ${viewer.id} or ${teamPrescriber})`,
  ) as SQL;
}

/** How many sessions await the viewer's sign-off, for the navigation. */
export async function awaitingSignOffCount(db: DbOrTx, viewer: Viewer): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(signOffPending)
    .innerJoin(dosingSession, eq(dosingSession.id, signOffPending.dosingSessionId))
    .leftJoin(series, eq(series.id, dosingSession.seriesId))
    .where(awaitingFor(viewer));
  return row?.n ?? 0;
}

/** Sessions per page of the queue: each card is a whole review, and they are signed one at a time. */
export const QUEUE_PAGE_SIZE = 25;

async function summaryOf(db: DbOrTx, viewer: Viewer, record: SessionRecord): Promise<ReviewSummary> {
  const measures = record.seriesId
    ? measuresSummaryView(await latestMeasures(db, viewer.clinicId, record.seriesId), viewer.timeZone)
    : null;
  return reviewSummary(record, measures, viewer.timeZone);
}

export type SignOffQueuePage = { sessions: ReviewSummary[]; total: number; page: number; pageCount: number };

/** One page of the queue, oldest discharge first, each session with what the prescriber reviews. */
export async function signOffQueue(
  db: Db,
  viewer: Viewer,
  options: { page?: string | null; pageSize?: number } = {},
): Promise<SignOffQueuePage> {
  const pageSize = options.pageSize ?? QUEUE_PAGE_SIZE;
  const total = await awaitingSignOffCount(db, viewer);
  const pageCount = Math.ceil(total / pageSize);
  const page = requestedPage(options.page ?? null, pageCount);
  if (total === 0) {
    return { sessions: [], total, page, pageCount };
  }
  const rows = await db
    .select({ id: signOffPending.dosingSessionId })
    .from(signOffPending)
    .innerJoin(dosingSession, eq(dosingSession.id, signOffPending.dosingSessionId))
    .leftJoin(series, eq(series.id, dosingSession.seriesId))
    .where(awaitingFor(viewer))
    .orderBy(asc(signOffPending.dischargedAt), asc(signOffPending.dosingSessionId))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  // Every record and the measures of every series in a fixed number of queries, however long the page.
  const records = await sessionRecords(
    db,
    rows.map((row) => row.id),
  );
  const measures = await latestMeasuresOfSeries(
    db,
    viewer.clinicId,
    records.flatMap((record) => (record.seriesId ? [record.seriesId] : [])),
  );
  const sessions = records.map((record) =>
    reviewSummary(
      record,
      record.seriesId ? measuresSummaryView(measures.get(record.seriesId)!, viewer.timeZone) : null,
      viewer.timeZone,
    ),
  );
  return { sessions, total, page, pageCount };
}

export type SessionOnRecord = { record: SessionRecord; onRecord: PatientOnRecord };

/**
 * The dosing session a page is about: 404 (audited) for an unknown id or another clinic's session,
 * 403 (audited) when the viewer may not do `permission` for its patient.
 */
export async function requireDosingSession(
  db: Db,
  viewer: Viewer,
  dosingSessionId: string | undefined,
): Promise<SessionOnRecord> {
  const id = dosingSessionId ?? "";
  const [found] = isUuid(id)
    ? await db
        .select({ id: dosingSession.id })
        .from(dosingSession)
        .where(and(eq(dosingSession.id, id), eq(dosingSession.clinicId, viewer.clinicId)))
    : [];
  const record = found ? await sessionRecord(db, found.id) : null;
  if (!record) {
    await authorizeRecord(viewer, "sign:session", null, { entityType: "dosing_session", entityId: id.slice(0, 100) });
    throw new Error("authorizeRecord lets no missing record through");
  }
  const onRecord = await loadPatientFor(db, viewer, "sign:session", record.patient.id);
  return { record, onRecord };
}

export type SignOffPage = {
  summary: ReviewSummary;
  /** A digest of the summary on screen: signing is refused if the record changed since. */
  digest: string;
  signed: { by: string; at: string; attestation: string } | null;
};

export function digestOf(summary: ReviewSummary): string {
  return createHash("sha256").update(canonicalJson(summary)).digest("hex");
}

export async function signOffPage(db: Db, viewer: Viewer, record: SessionRecord): Promise<SignOffPage> {
  const summary = await summaryOf(db, viewer, record);
  const signed = record.signOff;
  return {
    summary,
    digest: digestOf(summary),
    signed: signed
      ? {
          by: signed.prescriber.credentials
            ? `${signed.prescriber.name}, ${signed.prescriber.credentials}`
            : signed.prescriber.name,
          at: formatInTimeZone(signed.signedAt, viewer.timeZone, "EEE d MMM yyyy, HH:mm"),
          attestation: signed.attestation,
        }
      : null,
  };
}

export type SignOffResult = { ok: true; signOffId: string } | { ok: false; status: 409; field: null; message: string };

export const NOT_DISCHARGED_MESSAGE =
  "This session has not been discharged yet. Sign off once the nurse has recorded the discharge.";
export const CHANGED_MESSAGE = "The record of this session changed since you opened it. Review it again, then sign.";

function alreadySigned(record: SessionRecord, timeZone: string): string {
  const signed = record.signOff;
  return signed
    ? `This session was already signed off by ${signed.prescriber.name} on ${formatInTimeZone(signed.signedAt, timeZone, "EEE d MMM yyyy, HH:mm")}. A sign-off cannot be changed.`
    : "This session was already signed off. A sign-off cannot be changed.";
}

/**
 * Signs off the session as the viewer, who confirmed it is them (the step-up proof). The summary is
 * recomputed inside the transaction and must match the one they reviewed (its digest); it is
 * stored as `reviewed`. One sign-off per session: the unique index settles a race.
 */
export async function signOffSession(
  db: Db,
  viewer: Viewer,
  record: SessionRecord,
  input: { digest: string },
  proof: StepUpProof,
): Promise<SignOffResult> {
  const ref = {
    action: "sign:session",
    entityType: "dosing_session",
    entityId: record.id,
    patientId: record.patient.id,
  } as const;
  try {
    return await db.transaction(async (tx): Promise<SignOffResult> => {
      const current = await sessionRecord(tx, record.id);
      if (!current?.closed) {
        return { ok: false, status: 409, field: null, message: NOT_DISCHARGED_MESSAGE };
      }
      if (current.signOff) {
        return { ok: false, status: 409, field: null, message: alreadySigned(current, viewer.timeZone) };
      }
      const summary = await summaryOf(tx, viewer, current);
      if (digestOf(summary) !== input.digest) {
        return { ok: false, status: 409, field: null, message: CHANGED_MESSAGE };
      }
      const [created] = await tx
        .insert(signOff)
        .values({
          clinicId: viewer.clinicId,
          dosingSessionId: current.id,
          prescriberId: viewer.id,
          attestation: ATTESTATION,
          reviewed: summary,
        })
        .returning({ id: signOff.id });
      await audit(tx, auditActor(viewer), { ...ref, detail: { signOffId: created!.id, confirmedBy: proof.how } });
      return { ok: true, signOffId: created!.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "sign_off_session_key")) {
      const latest = await sessionRecord(db, record.id);
      return {
        ok: false,
        status: 409,
        field: null,
        message: latest ? alreadySigned(latest, viewer.timeZone) : "This session was already signed off.",
      };
    }
    throw error;
  }
}
