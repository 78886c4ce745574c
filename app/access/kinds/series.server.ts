import { and, eq } from "drizzle-orm";
import { isUuid } from "#db/ids";
import { series } from "#db/schema";
import { recordKind, withPatient } from "./patient-bound.server";

export type SeriesRow = typeof series.$inferSelect;

/** A series (a course of treatment), with its patient: `{ series, onRecord }`. */
export const seriesKind = recordKind({
  entityType: "series",
  load: async (db, viewer, id): Promise<SeriesRow | null> => {
    if (!isUuid(id)) {
      return null;
    }
    const [found] = await db
      .select()
      .from(series)
      .where(and(eq(series.id, id), eq(series.clinicId, viewer.clinicId)));
    return found ?? null;
  },
  authorize: (scope, found, permission, patientPermission) =>
    withPatient(scope, "series", found, patientPermission ?? permission),
});
