import { and, eq, gt, lt, ne } from "drizzle-orm";
import type { Db } from "#db/client";
import { appointment, appointmentStaff, clinicOpeningHours, room, staffUser, timeOff, workingHours } from "#db/schema";
import { groupBy } from "#app/lib/group-by";
import { overlapping } from "./overlap-sql";
import type { Calendar, Interval, StaffRole } from "./planner/types";

const CLINICAL_ROLES: StaffRole[] = ["prescriber", "therapist", "nurse"];

function hhmm(time: string): string {
  return time.slice(0, 5);
}

/**
 * Everything the planner needs to know about a clinic between two instants: opening hours, each
 * clinician's hours, time off and bookings, each room's bookings, and the patient's own bookings.
 * Appointments being moved (`ignoreAppointmentIds`) do not count as busy.
 */
export async function loadPlannerCalendar(
  db: Db,
  input: {
    clinicId: string;
    timeZone: string;
    patientId: string;
    from: Date;
    to: Date;
    ignoreAppointmentIds?: string[];
  },
): Promise<Calendar> {
  const { clinicId, from, to } = input;
  const ignored = new Set(input.ignoreAppointmentIds ?? []);

  const [hours, staff, staffHours, staffTimeOff, staffBusy, rooms, roomBusy, patientBusy] = await Promise.all([
    db.select().from(clinicOpeningHours).where(eq(clinicOpeningHours.clinicId, clinicId)),
    db
      .select({ id: staffUser.id, name: staffUser.name, roles: staffUser.roles })
      .from(staffUser)
      .where(and(eq(staffUser.clinicId, clinicId), eq(staffUser.active, true))),
    db.select().from(workingHours).where(eq(workingHours.clinicId, clinicId)),
    db
      .select({ userId: timeOff.userId, start: timeOff.startsAt, end: timeOff.endsAt })
      .from(timeOff)
      .where(
        and(
          eq(timeOff.clinicId, clinicId),
          eq(timeOff.cancelled, false),
          lt(timeOff.startsAt, to),
          gt(timeOff.endsAt, from),
        ),
      ),
    db
      .select({
        userId: appointmentStaff.userId,
        appointmentId: appointmentStaff.appointmentId,
        start: appointmentStaff.startsAt,
        end: appointmentStaff.endsAt,
      })
      .from(appointmentStaff)
      .where(
        and(
          eq(appointmentStaff.clinicId, clinicId),
          eq(appointmentStaff.active, true),
          overlapping(appointmentStaff.startsAt, appointmentStaff.endsAt, from, to),
        ),
      ),
    db
      .select({ id: room.id, name: room.name })
      .from(room)
      .where(and(eq(room.clinicId, clinicId), eq(room.active, true)))
      .orderBy(room.name),
    db
      .select({ roomId: appointment.roomId, id: appointment.id, start: appointment.startsAt, end: appointment.endsAt })
      .from(appointment)
      .where(
        and(
          eq(appointment.clinicId, clinicId),
          ne(appointment.status, "cancelled"),
          overlapping(appointment.startsAt, appointment.endsAt, from, to),
        ),
      ),
    db
      .select({ id: appointment.id, start: appointment.startsAt, end: appointment.endsAt })
      .from(appointment)
      .where(
        and(
          eq(appointment.patientId, input.patientId),
          ne(appointment.status, "cancelled"),
          overlapping(appointment.startsAt, appointment.endsAt, from, to),
        ),
      ),
  ]);

  const hoursByUser = groupBy(staffHours, (row) => row.userId);
  const offByUser = groupBy(staffTimeOff, (row) => row.userId);
  const busyByUser = groupBy(
    staffBusy.filter((row) => !ignored.has(row.appointmentId)),
    (row) => row.userId,
  );
  const busyByRoom = groupBy(
    roomBusy.filter((row) => row.roomId !== null && !ignored.has(row.id)),
    (row) => row.roomId ?? "",
  );
  const interval = (row: { start: Date; end: Date }): Interval => ({ start: row.start, end: row.end });

  return {
    timeZone: input.timeZone,
    openingHours: hours.map((row) => ({ weekday: row.weekday, opens: hhmm(row.opensAt), closes: hhmm(row.closesAt) })),
    staff: staff
      .filter((person) => person.roles.some((role) => (CLINICAL_ROLES as string[]).includes(role)))
      .map((person) => ({
        id: person.id,
        name: person.name,
        roles: person.roles.filter((role): role is StaffRole => (CLINICAL_ROLES as string[]).includes(role)),
        workingHours: (hoursByUser.get(person.id) ?? []).map((row) => ({
          weekday: row.weekday,
          starts: hhmm(row.startsAt),
          ends: hhmm(row.endsAt),
        })),
        timeOff: (offByUser.get(person.id) ?? []).map(interval),
        busy: (busyByUser.get(person.id) ?? []).map(interval),
      })),
    rooms: rooms.map((row) => ({ id: row.id, name: row.name, busy: (busyByRoom.get(row.id) ?? []).map(interval) })),
    patientBusy: patientBusy.filter((row) => !ignored.has(row.id)).map(interval),
  };
}
