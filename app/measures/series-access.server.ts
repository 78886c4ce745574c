import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { isUuid } from "#db/ids";
import { series } from "#db/schema";
import { authorizeRecord, type Viewer } from "#app/auth/guard.server";
import type { Permission } from "#app/auth/policy";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";

export type SeriesRecord = typeof series.$inferSelect;

/**
 * The series a measures page is about, if the viewer may do `permission` to its patient: 404
 * (audited) for an unknown id or another clinic's series, 403 (audited) off the care team. Unlike the
 * scheduling pages, the patient is authorized for the clinical permission itself.
 */
export async function requireSeriesFor(
  db: Db,
  viewer: Viewer,
  permission: Permission,
  seriesId: string | undefined,
): Promise<{ series: SeriesRecord; onRecord: PatientOnRecord }> {
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
