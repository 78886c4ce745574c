import { isUuid } from "#db/ids";
import { authorizePatient } from "#app/patients/access.server";
import { findPatient } from "#app/patients/patients.server";
import { recordKind } from "./patient-bound.server";

/** A patient, with their care team: `{ patient, careTeam, target }`. */
export const patientKind = recordKind({
  entityType: "patient",
  load: (db, viewer, id) => (isUuid(id) ? findPatient(db, viewer.clinicId, id) : Promise.resolve(null)),
  authorize: ({ db, viewer }, found, permission) => authorizePatient(db, viewer, permission, found),
});
