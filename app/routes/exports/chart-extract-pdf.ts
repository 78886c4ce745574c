import { getDb } from "#db/client";
import { clock } from "#app/auth/clock";
import { requirePermission } from "#app/auth/guard.server";
import { auditExport, chartExtractExport, exportFileName, pdfResponse } from "#app/documents/exports.server";
import { loadPatientFor } from "#app/patients/access.server";
import type { Route } from "./+types/chart-extract-pdf";

/** The patient's own copy of their record (psychotherapy notes excluded), as a PDF download. */
export async function loader(args: Route.LoaderArgs): Promise<Response> {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const onRecord = await loadPatientFor(db, viewer, "read:clinical", args.params.patientId);
  const now = clock.now();
  const bytes = await chartExtractExport(db, viewer, onRecord, now);
  await auditExport(
    db,
    viewer,
    "chart-extract",
    { entityType: "patient", entityId: onRecord.patient.id, patientId: onRecord.patient.id },
    bytes,
  );
  return pdfResponse(bytes, exportFileName("chart-extract", onRecord.patient.mrn, now, viewer.timeZone));
}
