import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { consent, consentForm, series, staffUser } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import { formatLocalDateTime } from "#app/clinic/local-time";
import { signatureMatches, type RecordConsentInput, type WithdrawConsentInput } from "./consent-forms";
import type { ClinicalSeries } from "./screening.server";

export type ConsentEntry = {
  id: string;
  withdrawn: boolean;
  formVersion: string;
  patientSignature: string;
  signedOn: string;
  witnessName: string;
  escortName: string;
  escortPhone: string;
  transportPlan: string;
  recordedBy: string;
  recordedAt: string;
};

/** Every consent and withdrawal of the series, newest first: the first one is the current state. */
export async function consentHistory(
  db: DbOrTx,
  clinicId: string,
  seriesId: string,
  timeZone: string,
): Promise<ConsentEntry[]> {
  const rows = await db
    .select({
      id: consent.id,
      withdrawn: consent.withdrawn,
      formVersion: consentForm.version,
      patientSignature: consent.patientSignature,
      signedOn: consent.signedOn,
      witnessName: consent.witnessName,
      escortName: consent.escortName,
      escortPhone: consent.escortPhone,
      transportPlan: consent.transportPlan,
      recordedBy: staffUser.name,
      recordedAt: consent.recordedAt,
    })
    .from(consent)
    .innerJoin(consentForm, eq(consentForm.id, consent.consentFormId))
    .innerJoin(staffUser, eq(staffUser.id, consent.recordedBy))
    .where(and(eq(consent.clinicId, clinicId), eq(consent.seriesId, seriesId)))
    .orderBy(desc(consent.recordedAt));
  return rows.map((row) => ({ ...row, recordedAt: formatLocalDateTime(row.recordedAt, timeZone) }));
}

export type ConsentResult = { ok: true } | { ok: false; status: 400 | 409; field: string | null; message: string };

// Consents of one series are written one at a time, so "the current consent" is never decided by a race.
async function lockSeries(tx: DbOrTx, seriesId: string): Promise<void> {
  await tx.select({ id: series.id }).from(series).where(eq(series.id, seriesId)).for("update");
}

async function latestConsent(tx: DbOrTx, seriesId: string): Promise<typeof consent.$inferSelect | null> {
  const [row] = await tx
    .select()
    .from(consent)
    .where(eq(consent.seriesId, seriesId))
    .orderBy(desc(consent.recordedAt))
    .limit(1);
  return row ?? null;
}

/** Records the patient's signed consent; a newer signature (e.g. on a new version) supersedes the last. */
export async function recordConsent(
  db: Db,
  viewer: Viewer,
  found: ClinicalSeries,
  input: RecordConsentInput,
): Promise<ConsentResult> {
  const { patient } = found.onRecord;
  if (!signatureMatches(input.patientSignature, patient)) {
    return {
      ok: false,
      status: 400,
      field: "patientSignature",
      message: `The signature must be the patient's full name as on their record, ${patient.firstName} ${patient.lastName} (case and accents do not matter).`,
    };
  }
  return db.transaction(async (tx): Promise<ConsentResult> => {
    const [form] = await tx
      .select({ id: consentForm.id, active: consentForm.active })
      .from(consentForm)
      .where(and(eq(consentForm.id, input.consentFormId), eq(consentForm.clinicId, viewer.clinicId)));
    if (!form || !form.active) {
      return {
        ok: false,
        status: 400,
        field: "consentFormId",
        message: "Choose one of the clinic's current consent form versions.",
      };
    }
    await lockSeries(tx, found.series.id);
    const [created] = await tx
      .insert(consent)
      .values({
        clinicId: viewer.clinicId,
        seriesId: found.series.id,
        patientId: patient.id,
        consentFormId: form.id,
        patientSignature: input.patientSignature,
        signedOn: input.signedOn,
        witnessName: input.witnessName,
        escortName: input.escortName,
        escortPhone: input.escortPhone,
        transportPlan: input.transportPlan,
        recordedBy: viewer.id,
      })
      .returning({ id: consent.id });
    await audit(tx, auditActor(viewer), {
      action: "record:consent",
      entityType: "consent",
      entityId: created!.id,
      patientId: patient.id,
      detail: { seriesId: found.series.id, change: "signed", consentFormId: form.id },
    });
    return { ok: true };
  });
}

/** A withdrawal is a new row: the signed consent it ends stays in the record. */
export async function withdrawConsent(
  db: Db,
  viewer: Viewer,
  found: ClinicalSeries,
  input: WithdrawConsentInput,
): Promise<ConsentResult> {
  return db.transaction(async (tx): Promise<ConsentResult> => {
    await lockSeries(tx, found.series.id);
    const latest = await latestConsent(tx, found.series.id);
    if (!latest || latest.withdrawn) {
      return {
        ok: false,
        status: 409,
        field: null,
        message: latest ? "Consent was already withdrawn." : "There is no signed consent to withdraw.",
      };
    }
    if (input.withdrawnOn < latest.signedOn) {
      return {
        ok: false,
        status: 400,
        field: "withdrawnOn",
        message: `The withdrawal cannot be before the consent was signed (${latest.signedOn}).`,
      };
    }
    const [created] = await tx
      .insert(consent)
      .values({
        clinicId: viewer.clinicId,
        seriesId: found.series.id,
        patientId: found.series.patientId,
        consentFormId: latest.consentFormId,
        // A withdrawal may be spoken: no signature is claimed for it.
        patientSignature: "",
        signedOn: input.withdrawnOn,
        witnessName: input.witnessName,
        escortName: latest.escortName,
        escortPhone: latest.escortPhone,
        transportPlan: latest.transportPlan,
        withdrawn: true,
        recordedBy: viewer.id,
      })
      .returning({ id: consent.id });
    await audit(tx, auditActor(viewer), {
      action: "record:consent",
      entityType: "consent",
      entityId: created!.id,
      patientId: found.series.patientId,
      detail: { seriesId: found.series.id, change: "withdrawn", withdrawnConsentId: latest.id },
    });
    return { ok: true };
  });
}
