import { and, arrayOverlaps, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "#db/client";
import { isUuid } from "#db/ids";
import { appointment, appointmentEvent, room, series, seriesTemplate, staffUser } from "#db/schema";
import { APPOINTMENT_STATUSES, type AppointmentStatus } from "#db/schema/scheduling";
import { authorizeRecord, type Viewer } from "#app/auth/guard.server";
import type { Permission } from "#app/auth/policy";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";
import { formatInTimeZone } from "#app/ui/dates";
import { appointmentRows, type AppointmentRow } from "./appointment-rows.server";
import { appointmentTitle, STAFF_ROLE_LABELS, stepTitle } from "./labels";
import { STATUS_LABELS } from "./status-transitions";
import { stepKeys } from "./step-keys";
import { parseSeriesTemplate } from "./template-schema";

/**
 * The appointment a page is about, and its patient, if the viewer may see that patient: 404
 * (audited) for an unknown id or another clinic's appointment, 403 (audited) off the care team.
 */
export async function requireAppointment(
  db: Db,
  viewer: Viewer,
  permission: Permission,
  appointmentId: string | undefined,
): Promise<{ appointment: AppointmentRow; onRecord: PatientOnRecord }> {
  const id = appointmentId ?? "";
  const [found] = isUuid(id) ? await appointmentRows(db, viewer.clinicId, eq(appointment.id, id)) : [];
  if (!found) {
    await authorizeRecord(viewer, permission, null, { entityType: "appointment", entityId: id.slice(0, 100) });
    throw new Error("authorizeRecord lets no missing record through");
  }
  const onRecord = await loadPatientFor(db, viewer, "read:patient", found.patientId);
  return { appointment: found, onRecord };
}

export type HistoryEntry = {
  id: string;
  at: string;
  actor: string;
  action: string;
  change: string;
  reason: string;
  overriddenRules: string[];
};

const ACTION_LABELS: Record<string, string> = {
  booked: "Booked",
  rescheduled: "Rescheduled",
  room_changed: "Room changed",
  clinician_changed: "Clinician changed",
  cancelled: "Cancelled",
  no_show: "Marked as no-show",
  status_changed: "Status changed",
};

function text(values: Record<string, unknown>, key: string): string | null {
  const value = values[key];
  return typeof value === "string" ? value : null;
}

function statusLabel(value: string | null): string {
  return value && (APPOINTMENT_STATUSES as readonly string[]).includes(value)
    ? STATUS_LABELS[value as AppointmentStatus]
    : "unknown";
}

function staffList(values: Record<string, unknown>): { userId: string; role: string }[] {
  const staff = values.staff;
  if (!Array.isArray(staff)) {
    return [];
  }
  return staff.flatMap((member: unknown) => {
    if (
      member &&
      typeof member === "object" &&
      "userId" in member &&
      "role" in member &&
      typeof member.userId === "string" &&
      typeof member.role === "string"
    ) {
      return [{ userId: member.userId, role: member.role }];
    }
    return [];
  });
}

function roleLabel(role: string | null): string {
  return role && Object.hasOwn(STAFF_ROLE_LABELS, role)
    ? STAFF_ROLE_LABELS[role as keyof typeof STAFF_ROLE_LABELS]
    : "Clinician";
}

/** Every change to the appointment, oldest first, in words and in the clinic's time. */
export async function appointmentHistory(
  db: Db,
  clinicId: string,
  appointmentId: string,
  timeZone: string,
): Promise<HistoryEntry[]> {
  const events = await db
    .select()
    .from(appointmentEvent)
    .where(and(eq(appointmentEvent.appointmentId, appointmentId), eq(appointmentEvent.clinicId, clinicId)))
    .orderBy(asc(appointmentEvent.at), asc(appointmentEvent.id));
  const values = events.flatMap((event) => [event.fromValue, event.toValue]);
  const userIds = new Set<string>(events.flatMap((event) => (event.actorId ? [event.actorId] : [])));
  const roomIds = new Set<string>();
  for (const value of values) {
    const userId = text(value, "userId");
    const roomId = text(value, "roomId");
    if (userId !== null && isUuid(userId)) {
      userIds.add(userId);
    }
    if (roomId !== null && isUuid(roomId)) {
      roomIds.add(roomId);
    }
    for (const member of staffList(value)) {
      if (isUuid(member.userId)) {
        userIds.add(member.userId);
      }
    }
  }
  const [people, rooms] = await Promise.all([
    userIds.size
      ? db
          .select({ id: staffUser.id, name: staffUser.name })
          .from(staffUser)
          .where(and(eq(staffUser.clinicId, clinicId), inArray(staffUser.id, [...userIds])))
      : [],
    roomIds.size
      ? db
          .select({ id: room.id, name: room.name })
          .from(room)
          .where(and(eq(room.clinicId, clinicId), inArray(room.id, [...roomIds])))
      : [],
  ]);
  const person = (id: string | null): string =>
    id ? (people.find((candidate) => candidate.id === id)?.name ?? "someone no longer listed") : "nobody";
  const roomName = (id: string | null): string =>
    id ? (rooms.find((candidate) => candidate.id === id)?.name ?? "a room no longer listed") : "no room";
  const when = (value: Record<string, unknown>): string => {
    const start = text(value, "start");
    const end = text(value, "end");
    if (!start || !end || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) {
      return "an unknown time";
    }
    return `${formatInTimeZone(start, timeZone, "EEE d MMM yyyy, HH:mm")}–${formatInTimeZone(end, timeZone, "HH:mm")}`;
  };
  const describe = (action: string, from: Record<string, unknown>, to: Record<string, unknown>): string => {
    switch (action) {
      case "booked": {
        const staff = staffList(to).map(
          (member) => `${person(member.userId)} (${roleLabel(member.role).toLowerCase()})`,
        );
        return `${when(to)}, ${roomName(text(to, "roomId"))}${staff.length ? `, with ${staff.join(", ")}` : ""}`;
      }
      case "rescheduled":
        return `${when(from)} → ${when(to)}`;
      case "room_changed":
        return `${roomName(text(from, "roomId"))} → ${roomName(text(to, "roomId"))}`;
      case "clinician_changed":
        return `${roleLabel(text(to, "role"))}: ${person(text(from, "userId"))} → ${person(text(to, "userId"))}`;
      case "cancelled":
      case "no_show":
      case "status_changed":
        return `${statusLabel(text(from, "status"))} → ${statusLabel(text(to, "status"))}`;
      default:
        return "";
    }
  };
  return events.map((event) => ({
    id: event.id,
    at: formatInTimeZone(event.at, timeZone, "EEE d MMM yyyy, HH:mm"),
    actor: event.actorId ? person(event.actorId) : "The system",
    action: ACTION_LABELS[event.action] ?? event.action,
    change: describe(event.action, event.fromValue, event.toValue),
    reason: event.reason,
    overriddenRules: event.overriddenRules,
  }));
}

/** The series' name for a link back to it: the template's name as stored with the series. */
export async function seriesName(db: Db, clinicId: string, seriesId: string): Promise<string> {
  const [row] = await db
    .select({ rules: series.rules, templateName: seriesTemplate.name })
    .from(series)
    .leftJoin(seriesTemplate, eq(seriesTemplate.id, series.templateId))
    .where(and(eq(series.id, seriesId), eq(series.clinicId, clinicId)));
  return (row ? (parseSeriesTemplate(row.rules)?.name ?? row.templateName) : null) ?? "Course of treatment";
}

export type ClinicianChoice = { id: string; name: string; roles: string[] };

/** Active rooms and clinicians of the clinic, for the change forms. */
export async function changeChoices(
  db: Db,
  clinicId: string,
): Promise<{ rooms: { id: string; name: string }[]; clinicians: ClinicianChoice[] }> {
  const [rooms, people] = await Promise.all([
    db
      .select({ id: room.id, name: room.name })
      .from(room)
      .where(and(eq(room.clinicId, clinicId), eq(room.active, true)))
      .orderBy(asc(room.name)),
    db
      .select({ id: staffUser.id, name: staffUser.name, roles: staffUser.roles })
      .from(staffUser)
      .where(
        and(
          eq(staffUser.clinicId, clinicId),
          eq(staffUser.active, true),
          arrayOverlaps(staffUser.roles, ["prescriber", "therapist", "nurse"]),
        ),
      )
      .orderBy(asc(staffUser.name)),
  ]);
  return {
    rooms,
    clinicians: people.map((person) => ({
      id: person.id,
      name: person.name,
      roles: person.roles.filter((role) => role === "prescriber" || role === "therapist" || role === "nurse"),
    })),
  };
}

/** The session's name, e.g. "Prescriber checkpoint after dose 2": in a series, the step it fills. */
export async function sessionTitle(db: Db, clinicId: string, found: AppointmentRow): Promise<string> {
  if (!found.seriesId) {
    return appointmentTitle(found.kind, found.doseNumber);
  }
  const sessions = await db
    .select({
      id: appointment.id,
      kind: appointment.kind,
      doseNumber: appointment.doseNumber,
      start: appointment.startsAt,
    })
    .from(appointment)
    .where(and(eq(appointment.seriesId, found.seriesId), eq(appointment.clinicId, clinicId)));
  return stepTitle(stepKeys(sessions).get(found.id) ?? "") ?? appointmentTitle(found.kind, found.doseNumber);
}
