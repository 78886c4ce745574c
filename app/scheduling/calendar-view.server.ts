import { and, eq, exists, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/client";
import { appointment, appointmentStaff, careTeamMember, patient, room, staffUser } from "#db/schema";
import type { AppointmentKindValue, AppointmentStatus } from "#db/schema/scheduling";
import type { Scope } from "#app/auth/policy";
import { overlapping } from "./overlap-sql";

export type CalendarFilter =
  | { by: "clinic" }
  | { by: "clinician"; userId: string }
  | { by: "room"; roomId: string }
  | { by: "patient"; patientId: string };

export type CalendarEntry = {
  id: string;
  start: Date;
  end: Date;
  kind: AppointmentKindValue;
  status: AppointmentStatus;
  doseNumber: number | null;
  seriesId: string | null;
  patientId: string;
  patientName: string;
  roomName: string | null;
  staff: { name: string; role: string }[];
};

/**
 * Appointments between two instants that the viewer may see: a clinic-wide scope sees all, a
 * team scope sees the patients of the viewer's care teams and the viewer's own appointments.
 */
export async function calendarEntries(
  db: Db,
  viewer: { id: string; clinicId: string },
  scope: Scope,
  filter: CalendarFilter,
  range: { from: Date; to: Date },
): Promise<CalendarEntry[]> {
  const conditions: (SQL | undefined)[] = [
    eq(appointment.clinicId, viewer.clinicId),
    overlapping(appointment.startsAt, appointment.endsAt, range.from, range.to),
  ];
  switch (filter.by) {
    case "clinic":
      break;
    case "clinician":
      conditions.push(
        exists(
          db
            .select({ one: sql`1` })
            .from(appointmentStaff)
            .where(and(eq(appointmentStaff.appointmentId, appointment.id), eq(appointmentStaff.userId, filter.userId))),
        ),
      );
      break;
    case "room":
      conditions.push(eq(appointment.roomId, filter.roomId));
      break;
    case "patient":
      conditions.push(eq(appointment.patientId, filter.patientId));
      break;
  }
  if (scope !== "clinic") {
    conditions.push(
      or(
        exists(
          db
            .select({ one: sql`1` })
            .from(careTeamMember)
            .where(and(eq(careTeamMember.patientId, appointment.patientId), eq(careTeamMember.userId, viewer.id))),
        ),
        exists(
          db
            .select({ one: sql`1` })
            .from(appointmentStaff)
            .where(and(eq(appointmentStaff.appointmentId, appointment.id), eq(appointmentStaff.userId, viewer.id))),
        ),
      ),
    );
  }
  // Each appointment's clinicians come with it, in the same query: a busy clinic's week is some
  // three hundred appointments, and a second query naming each of them was a new statement to plan.
  const rows = await db
    .select({
      id: appointment.id,
      start: appointment.startsAt,
      end: appointment.endsAt,
      kind: appointment.kind,
      status: appointment.status,
      doseNumber: appointment.doseNumber,
      seriesId: appointment.seriesId,
      patientId: appointment.patientId,
      firstName: patient.firstName,
      lastName: patient.lastName,
      roomName: room.name,
      staff: sql<{ name: string; role: string }[]>`coalesce((
        select json_agg(json_build_object('name', ${staffUser.name}, 'role', ${appointmentStaff.role}) order by ${appointmentStaff.role}, ${staffUser.name})
        from ${appointmentStaff} join ${staffUser} on ${staffUser.id} = ${appointmentStaff.userId}
        where ${appointmentStaff.appointmentId} = ${appointment.id}), '[]'::json)`,
    })
    .from(appointment)
    .innerJoin(patient, eq(patient.id, appointment.patientId))
    .leftJoin(room, eq(room.id, appointment.roomId))
    .where(and(...conditions))
    .orderBy(appointment.startsAt);
  return rows.map(({ firstName, lastName, ...row }) => ({ ...row, patientName: `${firstName} ${lastName}` }));
}

export async function calendarChoices(
  db: Db,
  clinicId: string,
): Promise<{ clinicians: { id: string; name: string }[]; rooms: { id: string; name: string }[] }> {
  const [clinicians, rooms] = await Promise.all([
    db
      .select({ id: staffUser.id, name: staffUser.name, roles: staffUser.roles })
      .from(staffUser)
      .where(and(eq(staffUser.clinicId, clinicId), eq(staffUser.active, true)))
      .orderBy(staffUser.name),
    db
      .select({ id: room.id, name: room.name })
      .from(room)
      .where(and(eq(room.clinicId, clinicId), eq(room.active, true)))
      .orderBy(room.name),
  ]);
  return {
    clinicians: clinicians
      .filter((person) =>
        person.roles.some((role) => role === "prescriber" || role === "therapist" || role === "nurse"),
      )
      .map(({ id, name }) => ({ id, name })),
    rooms,
  };
}
