import type { Viewer } from "#app/auth/guard.server";
import type { Permission } from "#app/auth/policy";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";
import type { DbOrTx } from "#db/client";

export type RecordScope = { db: DbOrTx; viewer: Viewer };

/**
 * One kind of record requireRecord can load: how to find it in the viewer's clinic (null is an
 * audited 404) and how to check the viewer may act on it (throws the audited 403).
 */
export type RecordKindSpec<Found, Loaded> = {
  /** The entity type the audit trail names for this kind. */
  entityType: string;
  load: (db: DbOrTx, viewer: Viewer, id: string, permission: Permission) => Promise<Found | null>;
  authorize: (
    scope: RecordScope,
    found: Found,
    permission: Permission,
    patientPermission?: Permission,
  ) => Promise<Loaded>;
};

export function recordKind<Found, Loaded>(spec: RecordKindSpec<Found, Loaded>): RecordKindSpec<Found, Loaded> {
  return spec;
}

/** For a record that belongs to a patient: the patient's care team decides, as on the patient's own page. */
export async function withPatient<Key extends string, Row extends { patientId: string }>(
  { db, viewer }: RecordScope,
  key: Key,
  row: Row,
  permission: Permission,
): Promise<{ [K in Key]: Row } & { onRecord: PatientOnRecord }> {
  const onRecord = await loadPatientFor(db, viewer, permission, row.patientId);
  return { [key]: row, onRecord } as { [K in Key]: Row } & { onRecord: PatientOnRecord };
}
