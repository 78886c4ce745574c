import { and, desc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { isUuid } from "#db/ids";
import { dosingSession, series } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, authorizeRecord, type Viewer } from "#app/auth/guard.server";
import { sessionRecord, type SessionRecord } from "#app/clinical/session-record.server";
import type { PatientOnRecord } from "#app/patients/access.server";
import { loadPatientFor } from "#app/patients/access.server";
import { formatDateOfBirth } from "#app/patients/dates";
import { CARE_TEAM_ROLE_LABELS, patientDisplayName, sexAtBirthLabel, staffDisplayName } from "#app/patients/labels";
import type { PatientRecord } from "#app/patients/patients.server";
import { seriesName } from "#app/scheduling/appointment-view.server";
import { appointmentTitle } from "#app/scheduling/labels";
import { STATUS_LABELS } from "#app/scheduling/status-transitions";
import { formatInTimeZone } from "#app/ui/dates";
import { chartExtractPdf } from "./chart-extract";
import { courseView } from "./course-export.server";
import { exportableNotes } from "./notes-export.server";
import { seriesSummaryPdf } from "./series-summary";
import { sessionRecordPdf } from "./session-record";
import type { CareTeamLine, Generation, LabelledValue } from "./types";
import type { SeriesRow } from "#app/clinical/screening.server";

export type ExportKind = "series-summary" | "session-record" | "chart-extract";

function generation(viewer: Viewer, now: Date): Generation {
  return { clinicName: viewer.clinicName, generatedBy: viewer.name, generatedAt: now, timeZone: viewer.timeZone };
}

function identity(patient: PatientRecord): LabelledValue[] {
  return [
    ["Patient", patientDisplayName(patient)],
    ["Date of birth", formatDateOfBirth(patient.dateOfBirth)],
    ["MRN", patient.mrn],
  ];
}

function careTeamLines(onRecord: PatientOnRecord): CareTeamLine[] {
  return onRecord.careTeam.map((member) => ({
    name: staffDisplayName(member),
    role: CARE_TEAM_ROLE_LABELS[member.role],
    active: member.active,
  }));
}

/** "chart-extract-K100042-2030-04-02.pdf": ASCII only, nothing a browser or file system trips on. */
export function exportFileName(kind: ExportKind, mrn: string, now: Date, timeZone: string, extra = ""): string {
  const parts = [kind, mrn, extra, formatInTimeZone(now, timeZone, "yyyy-MM-dd")].filter((part) => part !== "");
  return `${parts.join("-").replace(/[^A-Za-z0-9._-]+/gu, "-")}.pdf`;
}

/** A PDF download: never cached, by the browser or anything between. */
export function pdfResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Content-Length": String(bytes.length),
      "Cache-Control": "private, no-store",
    },
  });
}

/** Every export leaves a line in the audit trail: who took which record out, and when. */
export async function auditExport(
  db: Db,
  viewer: Viewer,
  kind: ExportKind,
  ref: { entityType: string; entityId: string; patientId: string },
  bytes: Buffer,
): Promise<void> {
  await audit(db, auditActor(viewer), {
    action: `export:${kind}`,
    entityType: ref.entityType,
    entityId: ref.entityId,
    patientId: ref.patientId,
    detail: { format: "pdf", bytes: bytes.length },
  });
}

export async function seriesSummaryExport(
  db: Db,
  viewer: Viewer,
  found: { series: SeriesRow; onRecord: PatientOnRecord },
  now: Date,
): Promise<Buffer> {
  const { patient } = found.onRecord;
  const [course, notes] = await Promise.all([
    courseView(db, found.series, viewer.timeZone, now),
    exportableNotes(db, viewer.clinicId, patient.id, { seriesId: found.series.id }, viewer.timeZone),
  ]);
  return seriesSummaryPdf({
    generation: generation(viewer, now),
    patient: { name: patientDisplayName(patient), mrn: patient.mrn, identity: identity(patient) },
    careTeam: careTeamLines(found.onRecord),
    course,
    notes,
  });
}

export type SessionOnRecord = { record: SessionRecord; onRecord: PatientOnRecord };

/**
 * The dosing session a record export names, if the viewer may read its patient's clinical record:
 * 404 (audited) for an unknown id or another clinic's session, 403 (audited) off the care team.
 */
export async function requireSessionRecord(
  db: Db,
  viewer: Viewer,
  dosingSessionId: string | undefined,
): Promise<SessionOnRecord> {
  const id = dosingSessionId ?? "";
  const [found] = isUuid(id)
    ? await db
        .select({ id: dosingSession.id, patientId: dosingSession.patientId })
        .from(dosingSession)
        .where(and(eq(dosingSession.id, id), eq(dosingSession.clinicId, viewer.clinicId)))
    : [];
  if (!found) {
    await authorizeRecord(viewer, "read:clinical", null, { entityType: "dosing_session", entityId: id.slice(0, 100) });
    throw new Error("authorizeRecord lets no missing record through");
  }
  const onRecord = await loadPatientFor(db, viewer, "read:clinical", found.patientId);
  const record = await sessionRecord(db, found.id);
  if (!record) {
    throw new Error("the dosing session vanished while it was being read");
  }
  return { record, onRecord };
}

export async function sessionRecordExport(db: Db, viewer: Viewer, record: SessionRecord, now: Date): Promise<Buffer> {
  const [name, notes] = await Promise.all([
    record.seriesId ? seriesName(db, viewer.clinicId, record.seriesId) : Promise.resolve(null),
    exportableNotes(db, viewer.clinicId, record.patient.id, { appointmentId: record.appointmentId }, viewer.timeZone),
  ]);
  return sessionRecordPdf({
    generation: generation(viewer, now),
    record,
    title: appointmentTitle("dosing", record.appointment.doseNumber),
    statusLabel: STATUS_LABELS[record.appointment.status],
    seriesName: name,
    notes,
  });
}

function contactPerson(name: string, relationship: string, phone: string): string {
  const who = relationship ? `${name} (${relationship})` : name;
  return [who, phone].filter(Boolean).join(", ") || "Not recorded";
}

export async function chartExtractExport(
  db: Db,
  viewer: Viewer,
  onRecord: PatientOnRecord,
  now: Date,
): Promise<Buffer> {
  const { patient } = onRecord;
  const courses = await db
    .select()
    .from(series)
    .where(and(eq(series.clinicId, viewer.clinicId), eq(series.patientId, patient.id)))
    .orderBy(desc(series.plannedStart), desc(series.createdAt));
  const [views, notes] = await Promise.all([
    Promise.all(courses.map((course) => courseView(db, course, viewer.timeZone, now))),
    exportableNotes(db, viewer.clinicId, patient.id, { all: true }, viewer.timeZone),
  ]);
  const address = [patient.addressLine, [patient.city, patient.region].filter(Boolean).join(", "), patient.postalCode]
    .filter(Boolean)
    .join(", ");
  return chartExtractPdf({
    generation: generation(viewer, now),
    patient: {
      name: patientDisplayName(patient),
      mrn: patient.mrn,
      demographics: [
        ...identity(patient),
        ["Sex at birth", sexAtBirthLabel(patient.sexAtBirth)],
        ["Pronouns", patient.pronouns || "Not recorded"],
        ["Weight", patient.weightKg ? `${patient.weightKg} kg` : "Not recorded"],
      ],
      contact: [
        ["Phone", patient.phone || "Not recorded"],
        ["Email", patient.email || "Not recorded"],
        ["Address", address || "Not recorded"],
        [
          "Emergency contact",
          contactPerson(
            patient.emergencyContactName,
            patient.emergencyContactRelationship,
            patient.emergencyContactPhone,
          ),
        ],
        ["Escort for dosing days", contactPerson(patient.escortName, patient.escortRelationship, patient.escortPhone)],
      ],
    },
    careTeam: careTeamLines(onRecord),
    courses: views,
    notes,
  });
}
