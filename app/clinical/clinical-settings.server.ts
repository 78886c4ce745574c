import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "#db/client";
import { clinic, consentForm, type ClinicSettings } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import { clinicalSettings, doseRangesReviewed, type ClinicalSettings } from "./clinical-settings";
import { foldedWords } from "./medications";
import { breakGlassMinutes } from "#app/break-glass/window";

export type StoredClinicalSettings = {
  settings: ClinicalSettings;
  doseRangesReviewed: boolean;
  breakGlassMinutes: number;
};

/** The clinic's clinical settings, with the defaults filled in where it saved nothing. */
export async function loadClinicalSettings(db: DbOrTx, clinicId: string): Promise<StoredClinicalSettings> {
  const [row] = await db.select({ settings: clinic.settings }).from(clinic).where(eq(clinic.id, clinicId));
  const stored = row?.settings ?? {};
  return {
    settings: clinicalSettings(stored),
    doseRangesReviewed: doseRangesReviewed(stored),
    breakGlassMinutes: breakGlassMinutes(stored),
  };
}

export type ClinicalSettingsChange =
  | { section: "vitalThresholds"; value: NonNullable<ClinicSettings["vitalThresholds"]> }
  | { section: "doseRanges"; value: NonNullable<ClinicSettings["doseRanges"]> }
  | { section: "interactingMedications"; value: NonNullable<ClinicSettings["interactingMedications"]> }
  | { section: "signOffGatesNextDose"; value: boolean }
  | { section: "breakGlassMinutes"; value: number };

/**
 * Saves one section of the settings. The clinic row is locked while the settings are read and written,
 * so two admins saving different sections at once both keep their change.
 */
export async function saveClinicalSettings(db: Db, viewer: Viewer, change: ClinicalSettingsChange): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ settings: clinic.settings })
      .from(clinic)
      .where(eq(clinic.id, viewer.clinicId))
      .for("update");
    const current: ClinicSettings = row?.settings ?? {};
    const before = current[change.section] ?? null;
    await tx
      .update(clinic)
      .set({ settings: { ...current, [change.section]: change.value } })
      .where(eq(clinic.id, viewer.clinicId));
    await audit(tx, auditActor(viewer), {
      action: "manage:clinical-settings",
      entityType: "clinic",
      entityId: viewer.clinicId,
      detail: { section: change.section, before, after: change.value },
    });
  });
}

export type ConsentFormVersion = { id: string; version: string; body: string; active: boolean; createdAt: Date };

export async function listConsentForms(
  db: DbOrTx,
  clinicId: string,
  options: { activeOnly?: boolean } = {},
): Promise<ConsentFormVersion[]> {
  const conditions = [
    eq(consentForm.clinicId, clinicId),
    ...(options.activeOnly ? [eq(consentForm.active, true)] : []),
  ];
  return db
    .select({
      id: consentForm.id,
      version: consentForm.version,
      body: consentForm.body,
      active: consentForm.active,
      createdAt: consentForm.createdAt,
    })
    .from(consentForm)
    .where(and(...conditions))
    .orderBy(asc(consentForm.createdAt), asc(consentForm.version));
}

async function lockClinic(tx: Tx, clinicId: string): Promise<void> {
  await tx.select({ id: clinic.id }).from(clinic).where(eq(clinic.id, clinicId)).for("update");
}

export type ConsentFormResult =
  { ok: true; id: string } | { ok: false; status: 400 | 409; field: string | null; message: string };

/** Adds a version of the consent text. Version names are unique in the clinic, whatever their case. */
export async function addConsentForm(
  db: Db,
  viewer: Viewer,
  input: { version: string; body: string },
): Promise<ConsentFormResult> {
  return db.transaction(async (tx): Promise<ConsentFormResult> => {
    await lockClinic(tx, viewer.clinicId);
    const existing = await listConsentForms(tx, viewer.clinicId);
    const key = foldedWords(input.version).join(" ");
    if (existing.some((form) => foldedWords(form.version).join(" ") === key)) {
      return {
        ok: false,
        status: 400,
        field: "version",
        message: `There is already a version called ${input.version}. Give the new text its own version name.`,
      };
    }
    const [created] = await tx
      .insert(consentForm)
      .values({ clinicId: viewer.clinicId, version: input.version, body: input.body })
      .returning({ id: consentForm.id });
    await audit(tx, auditActor(viewer), {
      action: "manage:clinical-settings",
      entityType: "consent_form",
      entityId: created!.id,
      detail: { change: "added", version: input.version },
    });
    return { ok: true, id: created!.id };
  });
}

/** Retires a version: consents already signed on it stand, but it is no longer offered. */
export async function retireConsentForm(db: Db, viewer: Viewer, consentFormId: string): Promise<ConsentFormResult> {
  return db.transaction(async (tx): Promise<ConsentFormResult> => {
    const [found] = await tx
      .select()
      .from(consentForm)
      .where(and(eq(consentForm.id, consentFormId), eq(consentForm.clinicId, viewer.clinicId)))
      .for("update");
    if (!found) {
      return {
        ok: false,
        status: 400,
        field: "consentFormId",
        message: "Choose a consent form version of this clinic.",
      };
    }
    if (!found.active) {
      return { ok: false, status: 409, field: null, message: `Version ${found.version} was already retired.` };
    }
    await tx.update(consentForm).set({ active: false }).where(eq(consentForm.id, found.id));
    await audit(tx, auditActor(viewer), {
      action: "manage:clinical-settings",
      entityType: "consent_form",
      entityId: found.id,
      detail: { change: "retired", version: found.version },
    });
    return { ok: true, id: found.id };
  });
}
