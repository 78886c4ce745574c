import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { isUniqueViolation } from "#db/errors";
import { isUuid } from "#db/ids";
import { consent, screening, series, staffUser, type Medication } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, authorizeRecord, type Viewer } from "#app/auth/guard.server";
import type { StepUpProof } from "#app/auth/step-up.server";
import type { Permission } from "#app/auth/policy";
import { patientDisplayName } from "#app/patients/labels";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";
import { parseSeriesTemplate } from "#app/scheduling/template-schema";
import { formatLocalDateTime } from "#app/clinic/local-time";
import type { InteractingClass } from "./clinical-settings";
import { loadClinicalSettings } from "./clinical-settings.server";
import { flagMedications, interactionWarnings } from "./medications";
import {
  CONTRAINDICATION_KEYS,
  signingProblems,
  type ContraindicationAnswers,
  type Decision,
  type ScreeningContent,
} from "./screening-forms";

export type SeriesRow = typeof series.$inferSelect;
export type ClinicalSeries = { series: SeriesRow; onRecord: PatientOnRecord };

/**
 * The series a clinical page is about, if the viewer may do `permission` to its patient: 404 (audited)
 * for an unknown id or another clinic's series, 403 (audited) for a clinician off the care team.
 */
export async function requireClinicalSeries(
  db: DbOrTx,
  viewer: Viewer,
  permission: Permission,
  seriesId: string | undefined,
): Promise<ClinicalSeries> {
  const id = seriesId ?? "";
  const [found] = isUuid(id)
    ? await db
        .select()
        .from(series)
        .where(and(eq(series.id, id), eq(series.clinicId, viewer.clinicId)))
    : [];
  if (!found) {
    await authorizeRecord(viewer, permission, null, { entityType: "series", entityId: id.slice(0, 100) });
    throw new Error("authorizeRecord lets no missing record through");
  }
  const onRecord = await loadPatientFor(db, viewer, permission, found.patientId);
  return { series: found, onRecord };
}

export type SeriesHeading = {
  id: string;
  title: string;
  status: SeriesRow["status"];
  patientId: string;
  patientName: string;
};

/** What a clinical page of the series says at its top. */
export function seriesHeading(found: ClinicalSeries): SeriesHeading {
  return {
    id: found.series.id,
    title: parseSeriesTemplate(found.series.rules)?.name ?? "Course of treatment",
    status: found.series.status,
    patientId: found.onRecord.patient.id,
    patientName: patientDisplayName(found.onRecord.patient),
  };
}

/** For an action that needs more than the page's own permission, e.g. signing on a page others read. */
export async function authorizeOnSeries(viewer: Viewer, permission: Permission, found: ClinicalSeries): Promise<void> {
  await authorizeRecord(viewer, permission, found.onRecord.target, {
    entityType: "series",
    entityId: found.series.id,
    patientId: found.series.patientId,
  });
}

export type ScreeningRow = typeof screening.$inferSelect;

export async function findScreening(db: DbOrTx, clinicId: string, seriesId: string): Promise<ScreeningRow | null> {
  const [row] = await db
    .select()
    .from(screening)
    .where(and(eq(screening.clinicId, clinicId), eq(screening.seriesId, seriesId)));
  return row ?? null;
}

export type ScreeningState = "missing" | "draft" | "cleared" | "not_cleared";

export function screeningState(row: Pick<ScreeningRow, "signedAt" | "cleared"> | null): ScreeningState {
  if (!row) {
    return "missing";
  }
  if (!row.signedAt) {
    return "draft";
  }
  return row.cleared ? "cleared" : "not_cleared";
}

export type ScreeningView = {
  state: ScreeningState;
  version: number;
  content: ScreeningContent;
  /** Each medication with the interaction classes it was flagged under. */
  medications: { name: string; dose: string; interactionClass: string | null }[];
  warnings: string[];
  signedBy: string | null;
  signedAt: string | null;
  updatedAt: string | null;
};

function storedContent(row: ScreeningRow): ScreeningContent {
  const answers: ContraindicationAnswers = {};
  for (const key of CONTRAINDICATION_KEYS) {
    const answer = row.contraindications[key];
    if (answer && typeof answer.present === "boolean") {
      answers[key] = { present: answer.present, note: typeof answer.note === "string" ? answer.note : "" };
    }
  }
  return {
    contraindications: answers,
    medications: row.medications.map((medication) => ({ name: medication.name, dose: medication.dose })),
    baselineSystolic: row.baselineSystolic,
    baselineDiastolic: row.baselineDiastolic,
    baselineHeartRate: row.baselineHeartRate,
    baselineWeightKg: row.baselineWeightKg === null ? null : Number(row.baselineWeightKg),
    notes: row.notes,
  };
}

function flaggedForStorage(
  medications: ScreeningContent["medications"],
  classes: readonly InteractingClass[],
): { stored: Medication[]; warnings: string[] } {
  const flagged = flagMedications(medications, classes);
  return {
    stored: flagged.map((medication) => ({
      name: medication.name,
      dose: medication.dose,
      interactionClass:
        medication.interactions.length > 0 ? medication.interactions.map((flag) => flag.className).join(", ") : null,
    })),
    warnings: interactionWarnings(flagged),
  };
}

async function staffName(db: DbOrTx, clinicId: string, userId: string | null): Promise<string | null> {
  if (!userId) {
    return null;
  }
  const [row] = await db
    .select({ name: staffUser.name, credentials: staffUser.credentials })
    .from(staffUser)
    .where(and(eq(staffUser.id, userId), eq(staffUser.clinicId, clinicId)));
  return row ? (row.credentials ? `${row.name}, ${row.credentials}` : row.name) : null;
}

/**
 * The screening as the page shows it. A draft's medications are flagged against the clinic's list as
 * it is now; a signed screening shows the flags the prescriber saw when signing.
 */
export async function screeningView(
  db: DbOrTx,
  clinicId: string,
  seriesId: string,
  timeZone: string,
): Promise<ScreeningView | null> {
  const row = await findScreening(db, clinicId, seriesId);
  if (!row) {
    return null;
  }
  const content = storedContent(row);
  const state = screeningState(row);
  let medications = row.medications.map((medication) => ({
    name: medication.name,
    dose: medication.dose,
    interactionClass: medication.interactionClass,
  }));
  let warnings: string[];
  if (state === "draft") {
    const { settings } = await loadClinicalSettings(db, clinicId);
    const flagged = flaggedForStorage(content.medications, settings.interactingMedications);
    medications = flagged.stored;
    warnings = flagged.warnings;
  } else {
    warnings = medications
      .filter((medication) => medication.interactionClass)
      .map(
        (medication) =>
          `${medication.dose ? `${medication.name} ${medication.dose}` : medication.name} interacts with ketamine: ${medication.interactionClass}.`,
      );
  }
  return {
    state,
    version: row.version,
    content,
    medications,
    warnings,
    signedBy: await staffName(db, clinicId, row.signedBy),
    signedAt: row.signedAt ? formatLocalDateTime(row.signedAt, timeZone) : null,
    updatedAt: formatLocalDateTime(row.updatedAt, timeZone),
  };
}

export type SaveScreeningRequest = {
  expectedVersion: number;
  content: ScreeningContent;
  /** Present to sign: the decision, whether the prescriber acknowledged what argues against clearing, and that they just confirmed it is them. */
  sign: { decision: Decision | undefined; acknowledged: boolean; proof: StepUpProof } | null;
};

export type SaveScreeningResult =
  | { ok: true; version: number; state: ScreeningState }
  | { ok: false; status: 400; fieldErrors: Record<string, string[]>; warnings: string[] }
  | { ok: false; status: 409; message: string };

const STALE =
  "Someone saved this screening after you opened it. Reload the page to see their version; your changes were not saved.";

function signedMessage(row: ScreeningRow, timeZone: string): string {
  const when = row.signedAt ? ` on ${formatLocalDateTime(row.signedAt, timeZone)}` : "";
  return `This screening was already signed${when} and can no longer be changed.`;
}

/**
 * Saves the draft, and signs it when asked: in one transaction with its audit entry. A stale version
 * or a signed screening is a conflict and nothing is written.
 */
export async function saveScreening(
  db: Db,
  viewer: Viewer,
  found: ClinicalSeries,
  request: SaveScreeningRequest,
): Promise<SaveScreeningResult> {
  const { settings } = await loadClinicalSettings(db, viewer.clinicId);
  const { stored, warnings } = flaggedForStorage(request.content.medications, settings.interactingMedications);
  if (request.sign) {
    const problems = signingProblems(request.content, request.sign.decision, request.sign.acknowledged, warnings);
    if (Object.keys(problems).length > 0) {
      return { ok: false, status: 400, fieldErrors: problems, warnings };
    }
  }
  const now = new Date();
  const values = {
    contraindications: request.content.contraindications,
    medications: stored,
    baselineSystolic: request.content.baselineSystolic,
    baselineDiastolic: request.content.baselineDiastolic,
    baselineHeartRate: request.content.baselineHeartRate,
    baselineWeightKg: request.content.baselineWeightKg === null ? null : request.content.baselineWeightKg.toFixed(1),
    notes: request.content.notes,
    updatedAt: now,
    ...(request.sign ? { cleared: request.sign.decision === "cleared", signedBy: viewer.id, signedAt: now } : {}),
  };
  const action = request.sign ? "sign:screening" : "write:screening";
  try {
    return await db.transaction(async (tx): Promise<SaveScreeningResult> => {
      const [current] = await tx
        .select()
        .from(screening)
        .where(and(eq(screening.clinicId, viewer.clinicId), eq(screening.seriesId, found.series.id)))
        .for("update");
      let saved: { id: string; version: number; signedAt: Date | null; cleared: boolean | null };
      if (!current) {
        if (request.expectedVersion !== 0) {
          return { ok: false, status: 409, message: STALE };
        }
        const [created] = await tx
          .insert(screening)
          .values({
            clinicId: viewer.clinicId,
            seriesId: found.series.id,
            patientId: found.series.patientId,
            createdBy: viewer.id,
            ...values,
          })
          .returning({
            id: screening.id,
            version: screening.version,
            signedAt: screening.signedAt,
            cleared: screening.cleared,
          });
        saved = created!;
      } else {
        if (current.signedAt) {
          return { ok: false, status: 409, message: signedMessage(current, viewer.timeZone) };
        }
        if (current.version !== request.expectedVersion) {
          return { ok: false, status: 409, message: STALE };
        }
        const [updated] = await tx
          .update(screening)
          .set({ ...values, version: current.version + 1 })
          .where(eq(screening.id, current.id))
          .returning({
            id: screening.id,
            version: screening.version,
            signedAt: screening.signedAt,
            cleared: screening.cleared,
          });
        saved = updated!;
      }
      const state = screeningState(saved);
      await audit(tx, auditActor(viewer), {
        action,
        entityType: "screening",
        entityId: saved.id,
        patientId: found.series.patientId,
        detail: {
          seriesId: found.series.id,
          version: saved.version,
          ...(request.sign ? { decision: state, confirmedBy: request.sign.proof.how } : {}),
        },
      });
      return { ok: true, version: saved.version, state };
    });
  } catch (error) {
    // Two prescribers starting the first draft at once: the second finds the row the first created.
    if (isUniqueViolation(error, "screening_series_key")) {
      return { ok: false, status: 409, message: STALE };
    }
    throw error;
  }
}

export type ConsentState = "missing" | "signed" | "withdrawn";

export type ClearanceStatus = { screening: ScreeningState; consent: ConsentState; missing: string[] };

/** The latest consent row decides: a withdrawal is a newer row, a new signature after it a newer one still. */
export async function consentState(db: DbOrTx, seriesId: string): Promise<ConsentState> {
  const [latest] = await db
    .select({ withdrawn: consent.withdrawn })
    .from(consent)
    .where(eq(consent.seriesId, seriesId))
    .orderBy(desc(consent.recordedAt))
    .limit(1);
  if (!latest) {
    return "missing";
  }
  return latest.withdrawn ? "withdrawn" : "signed";
}

const SCREENING_MISSING: Record<ScreeningState, string | null> = {
  missing: "No signed clearance from the prescriber.",
  draft: "No signed clearance from the prescriber: the screening is still a draft.",
  not_cleared: "The prescriber signed the screening as not cleared for dosing.",
  cleared: null,
};

const CONSENT_MISSING: Record<ConsentState, string | null> = {
  missing: "No signed consent.",
  withdrawn: "The patient withdrew consent; a new signed consent is needed.",
  signed: null,
};

/**
 * Whether the series may go ahead to dosing, and if not, what is missing in sentences for the care
 * team. The caller has already authorized the series.
 */
export async function clearanceStatus(db: DbOrTx, seriesId: string): Promise<ClearanceStatus> {
  const [row] = await db
    .select({ signedAt: screening.signedAt, cleared: screening.cleared })
    .from(screening)
    .where(eq(screening.seriesId, seriesId));
  const screeningNow = screeningState(row ?? null);
  const consentNow = await consentState(db, seriesId);
  const missing = [SCREENING_MISSING[screeningNow], CONSENT_MISSING[consentNow]].filter(
    (sentence): sentence is string => sentence !== null,
  );
  return { screening: screeningNow, consent: consentNow, missing };
}
