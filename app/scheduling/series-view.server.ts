import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { isUuid } from "#db/ids";
import { appointment, series, seriesTemplate, staffUser } from "#db/schema";
import type {
  AppointmentKindValue,
  AppointmentStaffRole,
  AppointmentStatus,
  SeriesStatus,
} from "#db/schema/scheduling";
import { authorizeRecord, type Viewer } from "#app/auth/guard.server";
import type { Permission } from "#app/auth/policy";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";
import { formatInTimeZone } from "#app/ui/dates";
import { STATUS_LABELS } from "./status-transitions";
import { appointmentRows, type AppointmentRow } from "./appointment-rows.server";
import { appointmentTitle, SERIES_STATUS_LABELS, STAFF_ROLE_LABELS, stepTitle } from "./labels";
import type { SeriesTemplate } from "./planner";
import { remainingCourse, type RemainingCourse } from "./remaining-course";
import { stepKeys } from "./step-keys";
import { parseSeriesTemplate } from "./template-schema";

export type SeriesRow = typeof series.$inferSelect;

/**
 * The series a page is about, and its patient, if the viewer may see that patient: 404 (audited)
 * for an unknown id or another clinic's series, 403 (audited) for a clinician off the care team.
 */
export async function requireSeries(
  db: Db,
  viewer: Viewer,
  permission: Permission,
  seriesId: string | undefined,
): Promise<{ series: SeriesRow; onRecord: PatientOnRecord }> {
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
  const onRecord = await loadPatientFor(db, viewer, "read:patient", found.patientId);
  return { series: found, onRecord };
}

export type TimelineEntry = {
  id: string;
  kind: AppointmentKindValue;
  title: string;
  doseNumber: number | null;
  status: AppointmentStatus;
  statusLabel: string;
  date: string;
  time: string;
  roomName: string | null;
  staff: { name: string; role: AppointmentStaffRole; roleLabel: string }[];
  upcoming: boolean;
};

/** The series' sessions in time order, each named by the step of the course it fills. */
export function seriesTimeline(rows: readonly AppointmentRow[], timeZone: string, now: Date): TimelineEntry[] {
  const keys = stepKeys(rows);
  return rows.map((row) => timelineEntry(row, timeZone, now, stepTitle(keys.get(row.id) ?? "")));
}

function timelineEntry(row: AppointmentRow, timeZone: string, now: Date, title: string | null): TimelineEntry {
  return {
    id: row.id,
    kind: row.kind,
    title: title ?? appointmentTitle(row.kind, row.doseNumber),
    doseNumber: row.doseNumber,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    date: formatInTimeZone(row.start, timeZone, "EEE d MMM yyyy"),
    time: `${formatInTimeZone(row.start, timeZone, "HH:mm")}–${formatInTimeZone(row.end, timeZone, "HH:mm")}`,
    roomName: row.roomName,
    staff: row.staff.map((member) => ({
      name: member.name,
      role: member.role,
      roleLabel: STAFF_ROLE_LABELS[member.role],
    })),
    upcoming: row.end > now,
  };
}

export type SeriesDetails = {
  template: SeriesTemplate | null;
  templateName: string;
  therapistName: string;
  prescriberName: string;
  appointments: AppointmentRow[];
  remaining: RemainingCourse | null;
};

/** Everything the series page shows besides the patient. */
export async function seriesDetails(db: Db, found: SeriesRow): Promise<SeriesDetails> {
  const template = parseSeriesTemplate(found.rules);
  const [named] = found.templateId
    ? await db
        .select({ name: seriesTemplate.name })
        .from(seriesTemplate)
        .where(and(eq(seriesTemplate.id, found.templateId), eq(seriesTemplate.clinicId, found.clinicId)))
    : [];
  const people = await db
    .select({ id: staffUser.id, name: staffUser.name, credentials: staffUser.credentials })
    .from(staffUser)
    .where(eq(staffUser.clinicId, found.clinicId));
  const nameOf = (id: string): string => {
    const person = people.find((candidate) => candidate.id === id);
    return person ? `${person.name}${person.credentials ? `, ${person.credentials}` : ""}` : "Unknown";
  };
  const appointments = await appointmentRows(db, found.clinicId, eq(appointment.seriesId, found.id));
  const missedADose = appointments.some(
    (row) => row.kind === "dosing" && (row.status === "no_show" || row.status === "cancelled"),
  );
  return {
    template,
    templateName: template?.name ?? named?.name ?? "Course of treatment",
    therapistName: nameOf(found.therapistId),
    prescriberName: nameOf(found.prescriberId),
    appointments,
    remaining:
      template && missedADose && found.status !== "discontinued" ? remainingCourse(template, appointments) : null,
  };
}

export function seriesStatusLabel(status: SeriesStatus): string {
  return SERIES_STATUS_LABELS[status];
}
