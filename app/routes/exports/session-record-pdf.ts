import { getDb } from "#db/client";
import { clock } from "#app/auth/clock";
import { requirePermission } from "#app/auth/guard.server";
import {
  auditExport,
  exportFileName,
  pdfResponse,
  requireSessionRecord,
  sessionRecordExport,
} from "#app/documents/exports.server";
import type { Route } from "./+types/session-record-pdf";

/** One dosing session's monitoring record as a PDF download. */
export async function loader(args: Route.LoaderArgs): Promise<Response> {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const { record } = await requireSessionRecord(db, viewer, args.params.dosingSessionId);
  const now = clock.now();
  const bytes = await sessionRecordExport(db, viewer, record, now);
  await auditExport(
    db,
    viewer,
    "session-record",
    { entityType: "dosing_session", entityId: record.id, patientId: record.patient.id },
    bytes,
  );
  const dose = record.appointment.doseNumber === null ? "" : `dose-${record.appointment.doseNumber}`;
  return pdfResponse(
    bytes,
    exportFileName("session-record", record.patient.mrn, record.appointment.startsAt, viewer.timeZone, dose),
  );
}
