import { getDb } from "#db/client";
import { clock } from "#app/auth/clock";
import { requirePermission } from "#app/auth/guard.server";
import { auditExport, exportFileName, pdfResponse, seriesSummaryExport } from "#app/documents/exports.server";
import { requireSeriesFor } from "#app/measures/series-access.server";
import type { Route } from "./+types/series-summary-pdf";

/** The series summary as a PDF download, for whoever may read the patient's clinical record. */
export async function loader(args: Route.LoaderArgs): Promise<Response> {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const found = await requireSeriesFor(db, viewer, "read:clinical", args.params.seriesId);
  const now = clock.now();
  const bytes = await seriesSummaryExport(db, viewer, found, now);
  await auditExport(
    db,
    viewer,
    "series-summary",
    { entityType: "series", entityId: found.series.id, patientId: found.series.patientId },
    bytes,
  );
  return pdfResponse(bytes, exportFileName("series-summary", found.onRecord.patient.mrn, now, viewer.timeZone));
}
