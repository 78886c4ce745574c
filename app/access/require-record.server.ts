import type { DbOrTx } from "#db/client";
import { authorizeRecord, type Viewer } from "#app/auth/guard.server";
import type { Permission } from "#app/auth/policy";
import type { Authorized } from "./authorized";
import type { RecordScope } from "./kinds/patient-bound.server";

export type { RecordScope };
import { RECORD_KINDS, type RecordKind, type RecordOf } from "./record-kinds.server";

export type RecordRequest<K extends RecordKind, P extends Permission> = {
  kind: K;
  /** The id from the URL or the form, as sent: anything that is not an id of this clinic is a 404. */
  id: string | undefined;
  permission: P;
  /**
   * For a page that shows a record's logistics with a weaker hold on its patient (the scheduling pages
   * read a series with `read:schedule` but its patient with `read:patient`). Defaults to `permission`.
   */
  patientPermission?: Permission;
};

/**
 * The one way to load a record and check the viewer may do `permission` to it: 404 (audited) for an
 * unknown id or another clinic's record, 403 (audited, with the break-glass offer) for a clinician off
 * the patient's care team or a role without the permission. The caller audits what it then does.
 */
export async function requireRecord<K extends RecordKind, P extends Permission>(
  { db, viewer }: RecordScope,
  request: RecordRequest<K, P>,
): Promise<Authorized<RecordOf<K>, P>> {
  const kind = RECORD_KINDS[request.kind] as unknown as KindOf<K>;
  const id = request.id ?? "";
  const found = await kind.load(db, viewer, id, request.permission);
  if (!found) {
    await authorizeRecord(viewer, request.permission, null, {
      entityType: kind.entityType,
      entityId: id.slice(0, 100),
    });
    throw new Error("authorizeRecord lets no missing record through");
  }
  const loaded = await kind.authorize({ db, viewer }, found, request.permission, request.patientPermission);
  return loaded as Authorized<RecordOf<K>, P>;
}

type KindOf<K extends RecordKind> = {
  entityType: string;
  load: (db: DbOrTx, viewer: Viewer, id: string, permission: Permission) => Promise<unknown>;
  authorize: (
    scope: RecordScope,
    found: unknown,
    permission: Permission,
    patientPermission?: Permission,
  ) => Promise<RecordOf<K>>;
};
