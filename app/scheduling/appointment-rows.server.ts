import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { appointment, appointmentStaff, room, staffUser } from "#db/schema";
import type { AppointmentKindValue, AppointmentStaffRole, AppointmentStatus } from "#db/schema/scheduling";

export type AppointmentRow = {
  id: string;
  seriesId: string | null;
  patientId: string;
  kind: AppointmentKindValue;
  status: AppointmentStatus;
  start: Date;
  end: Date;
  roomId: string | null;
  roomName: string | null;
  sequence: number | null;
  doseNumber: number | null;
  version: number;
  staff: { userId: string; name: string; role: AppointmentStaffRole }[];
};

const ROLE_ORDER: Record<AppointmentStaffRole, number> = { therapist: 0, prescriber: 1, monitor: 2 };

/** Appointments of the clinic matching `where`, in time order, with their room and clinicians. */
export async function appointmentRows(db: DbOrTx, clinicId: string, where: SQL | undefined): Promise<AppointmentRow[]> {
  const rows = await db
    .select({
      id: appointment.id,
      seriesId: appointment.seriesId,
      patientId: appointment.patientId,
      kind: appointment.kind,
      status: appointment.status,
      start: appointment.startsAt,
      end: appointment.endsAt,
      roomId: appointment.roomId,
      roomName: room.name,
      sequence: appointment.sequence,
      doseNumber: appointment.doseNumber,
      version: appointment.version,
    })
    .from(appointment)
    .leftJoin(room, eq(room.id, appointment.roomId))
    .where(and(eq(appointment.clinicId, clinicId), where))
    .orderBy(asc(appointment.startsAt), asc(appointment.sequence));
  if (rows.length === 0) {
    return [];
  }
  const staff = await db
    .select({
      appointmentId: appointmentStaff.appointmentId,
      userId: appointmentStaff.userId,
      name: staffUser.name,
      role: appointmentStaff.role,
    })
    .from(appointmentStaff)
    .innerJoin(staffUser, eq(staffUser.id, appointmentStaff.userId))
    .where(
      inArray(
        appointmentStaff.appointmentId,
        rows.map((row) => row.id),
      ),
    );
  return rows.map((row) => ({
    ...row,
    staff: staff
      .filter((member) => member.appointmentId === row.id)
      .map(({ userId, name, role }) => ({ userId, name, role }))
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name)),
  }));
}
