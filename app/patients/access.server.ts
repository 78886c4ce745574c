import type { DbOrTx } from "#db/client";
import { isUuid } from "#db/ids";
import { authorizeRecord, type Viewer } from "#app/auth/guard.server";
import type { Permission, Target } from "#app/auth/policy";
import { breakGlassUserIds } from "#app/break-glass/active-grants.server";
import { listCareTeam, type CareTeamEntry } from "./care-team.server";
import { findPatient, type PatientRecord } from "./patients.server";

export type PatientOnRecord = { patient: PatientRecord; careTeam: CareTeamEntry[]; target: Target };

/**
 * The patient a page is about, if the viewer may do `permission` to them: 404 for an unknown id or
 * another clinic's patient, 403 for a clinician who is not on the care team (nor holds a live
 * break-glass grant for the patient), both audited. The caller audits what it then does.
 */
export async function loadPatientFor(
  db: DbOrTx,
  viewer: Viewer,
  permission: Permission,
  patientId: string | undefined,
): Promise<PatientOnRecord> {
  const id = patientId ?? "";
  const ref = { entityType: "patient", entityId: id.slice(0, 100), patientId: null as string | null };
  const found = isUuid(id) ? await findPatient(db, viewer.clinicId, id) : null;
  if (!found) {
    await authorizeRecord(viewer, permission, null, ref);
    throw new Error("authorizeRecord lets no missing record through");
  }
  return authorizePatient(db, viewer, permission, found);
}

/** The check of loadPatientFor for a patient already loaded: 403 (audited) off the care team. */
export async function authorizePatient(
  db: DbOrTx,
  viewer: Viewer,
  permission: Permission,
  found: PatientRecord,
): Promise<PatientOnRecord> {
  const ref = { entityType: "patient", entityId: found.id, patientId: found.id };
  const careTeam = await listCareTeam(db, viewer.clinicId, found.id);
  const target: Target = {
    clinicId: found.clinicId,
    careTeamUserIds: careTeam.map((member) => member.userId),
    breakGlassUserIds: breakGlassUserIds(viewer, found.id),
  };
  await authorizeRecord(viewer, permission, target, ref);
  return { patient: found, careTeam, target };
}
