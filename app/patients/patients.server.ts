import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { careTeamMember, patient } from "#db/schema";
import type { CareTeamRole } from "#db/schema/patients";
import { audit, auditEach } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { ineligibleChoices, ineligibleMessage, type CareTeamChoice } from "./care-team.server";
import {
  changedFields,
  detailColumns,
  phoneDigitsOf,
  type NewPatient,
  type PatientDetailColumns,
  type PatientDetailField,
  type PatientDetails,
} from "./patient-forms";

export type PatientRecord = typeof patient.$inferSelect;

export function storedDetails(row: PatientRecord): PatientDetailColumns {
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    preferredName: row.preferredName,
    dateOfBirth: row.dateOfBirth,
    sexAtBirth: row.sexAtBirth,
    pronouns: row.pronouns,
    phone: row.phone,
    email: row.email,
    addressLine: row.addressLine,
    city: row.city,
    region: row.region,
    postalCode: row.postalCode,
    emergencyContactName: row.emergencyContactName,
    emergencyContactRelationship: row.emergencyContactRelationship,
    emergencyContactPhone: row.emergencyContactPhone,
    escortName: row.escortName,
    escortRelationship: row.escortRelationship,
    escortPhone: row.escortPhone,
    weightKg: row.weightKg,
  };
}

/** The patient of this clinic with that id, or null: another clinic's patient is as good as absent. */
export async function findPatient(db: DbOrTx, clinicId: string, patientId: string): Promise<PatientRecord | null> {
  const [row] = await db
    .select()
    .from(patient)
    .where(and(eq(patient.clinicId, clinicId), eq(patient.id, patientId)));
  return row ?? null;
}

/** Patients of the clinic with the same first and last name (any case) and date of birth. */
export async function findPossibleDuplicates(
  db: DbOrTx,
  clinicId: string,
  person: { firstName: string; lastName: string; dateOfBirth: string },
): Promise<{ id: string; mrn: string }[]> {
  const rows = await db
    .select({ id: patient.id, mrn: patient.mrn })
    .from(patient)
    .where(
      and(
        eq(patient.clinicId, clinicId),
        eq(patient.dateOfBirth, person.dateOfBirth),
        sql`lower(${patient.firstName}) = lower(${person.firstName})`,
        sql`lower(${patient.lastName}) = lower(${person.lastName})`,
      ),
    )
    .orderBy(patient.mrn);
  return rows;
}

/**
 * What the duplicate warning may say about each namesake: its MRN only to someone who may read that
 * patient (front desk, or a clinician on the care team); to anyone else, only that one exists.
 */
async function duplicatesAsSeenBy(
  db: DbOrTx,
  viewer: Viewer,
  duplicates: { id: string; mrn: string }[],
): Promise<(string | null)[]> {
  const members = await db
    .select({ patientId: careTeamMember.patientId, userId: careTeamMember.userId })
    .from(careTeamMember)
    .where(
      and(
        eq(careTeamMember.clinicId, viewer.clinicId),
        inArray(
          careTeamMember.patientId,
          duplicates.map((duplicate) => duplicate.id),
        ),
      ),
    );
  return duplicates.map((duplicate) => {
    const careTeamUserIds = members
      .filter((member) => member.patientId === duplicate.id)
      .map((member) => member.userId);
    return can(viewer, "read:patient", { clinicId: viewer.clinicId, careTeamUserIds }) ? duplicate.mrn : null;
  });
}

export type RegisterPatientResult =
  | { ok: true; patientId: string; mrn: string }
  | { ok: false; reason: "ineligible-staff"; fieldErrors: Record<string, string[]> }
  /** One entry per namesake: its MRN, or null where the viewer may not read that patient. */
  | { ok: false; reason: "possible-duplicate"; duplicateMrns: (string | null)[] };

const CHOICE_FIELDS: Record<CareTeamRole, "prescriberId" | "therapistId" | "nurseId"> = {
  prescriber: "prescriberId",
  therapist: "therapistId",
  nurse: "nurseId",
};

/**
 * Registers a patient with their first care team, in one transaction with its audit entry. A person
 * already registered with the same name and date of birth is refused unless the user confirmed that
 * this is someone else.
 */
export async function registerPatient(db: Db, viewer: Viewer, input: NewPatient): Promise<RegisterPatientResult> {
  const choices: CareTeamChoice[] = [
    { userId: input.prescriberId, role: "prescriber" },
    { userId: input.therapistId, role: "therapist" },
    ...(input.nurseId ? [{ userId: input.nurseId, role: "nurse" as const }] : []),
  ];
  const columns = detailColumns(input);
  return db.transaction(async (tx): Promise<RegisterPatientResult> => {
    const ineligible = await ineligibleChoices(tx, viewer.clinicId, choices);
    if (ineligible.length > 0) {
      return {
        ok: false,
        reason: "ineligible-staff",
        fieldErrors: Object.fromEntries(
          ineligible.map((choice) => [CHOICE_FIELDS[choice.role], [ineligibleMessage(choice.role)]]),
        ),
      };
    }
    // Two desks registering the same person at the same moment would each miss the other's row;
    // the lock makes the second wait and then see the first.
    const duplicateKey = JSON.stringify([
      viewer.clinicId,
      columns.firstName.toLowerCase(),
      columns.lastName.toLowerCase(),
      columns.dateOfBirth,
    ]);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${duplicateKey}, 0))`);
    const duplicates = await findPossibleDuplicates(tx, viewer.clinicId, columns);
    if (duplicates.length > 0 && input.confirmDuplicate !== true) {
      // The warning tells the viewer these patients exist: that is a disclosure, so it is audited.
      await auditEach(
        tx,
        auditActor(viewer),
        duplicates.map((duplicate) => ({
          action: "warn:possible-duplicate",
          entityType: "patient",
          entityId: duplicate.id,
          patientId: duplicate.id,
        })),
      );
      return {
        ok: false,
        reason: "possible-duplicate",
        duplicateMrns: await duplicatesAsSeenBy(tx, viewer, duplicates),
      };
    }
    const [created] = await tx
      .insert(patient)
      .values({
        ...columns,
        clinicId: viewer.clinicId,
        phoneDigits: phoneDigitsOf(columns.phone),
        createdBy: viewer.id,
      })
      .returning({ id: patient.id, mrn: patient.mrn });
    if (!created) {
      throw new Error("the patient row was not returned");
    }
    await tx
      .insert(careTeamMember)
      .values(choices.map((choice) => ({ clinicId: viewer.clinicId, patientId: created.id, ...choice })));
    await audit(tx, auditActor(viewer), {
      action: "create:patient",
      entityType: "patient",
      entityId: created.id,
      patientId: created.id,
      detail: { careTeamRoles: choices.map((choice) => choice.role), confirmedNotDuplicate: duplicates.length > 0 },
    });
    return { ok: true, patientId: created.id, mrn: created.mrn };
  });
}

export type UpdatePatientResult = { ok: true; changed: PatientDetailField[] } | { ok: false; reason: "gone" };

/** Saves the details that differ from the record, with an audit entry naming (not showing) the changed fields. */
export async function updatePatientDetails(
  db: Db,
  viewer: Viewer,
  patientId: string,
  details: PatientDetails,
): Promise<UpdatePatientResult> {
  const next = detailColumns(details);
  return db.transaction(async (tx): Promise<UpdatePatientResult> => {
    const [current] = await tx
      .select()
      .from(patient)
      .where(and(eq(patient.clinicId, viewer.clinicId), eq(patient.id, patientId)))
      .for("update");
    if (!current) {
      return { ok: false, reason: "gone" };
    }
    const changed = changedFields(storedDetails(current), next);
    if (changed.length === 0) {
      return { ok: true, changed };
    }
    await tx
      .update(patient)
      .set({ ...next, phoneDigits: phoneDigitsOf(next.phone), updatedAt: sql`now()` })
      .where(and(eq(patient.clinicId, viewer.clinicId), eq(patient.id, patientId)));
    await audit(tx, auditActor(viewer), {
      action: "update:patient",
      entityType: "patient",
      entityId: patientId,
      patientId,
      detail: { changedFields: changed },
    });
    return { ok: true, changed };
  });
}
