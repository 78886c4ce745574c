import { and, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { appointment, appointmentStaff, patient, room, staffUser } from "#db/schema";
import { formatInTimeZone } from "#app/ui/dates";
import type { SlotConflict, SlotToBook, Taken } from "./booking-types";

const overlaps = (startColumn: unknown, endColumn: unknown, slot: SlotToBook) =>
  sql`tstzrange(${startColumn}, ${endColumn}, '[)') && tstzrange(${slot.start.toISOString()}::timestamptz, ${slot.end.toISOString()}::timestamptz, '[)')`;

/** What stands in each slot's way, for a sentence front desk can act on. Appointments in `ignore` are being moved. */
export async function findConflicts(
  db: DbOrTx,
  input: {
    clinicId: string;
    patientId: string;
    timeZone: string;
    slots: SlotToBook[];
    ignoreAppointmentIds?: string[];
  },
): Promise<SlotConflict[]> {
  const ignore = input.ignoreAppointmentIds ?? [];
  const notIgnored = ignore.length > 0 ? notInArray(appointment.id, ignore) : undefined;
  const conflicts: SlotConflict[] = [];
  for (const [index, slot] of input.slots.entries()) {
    const taken: Taken[] = [];
    const userIds = slot.staff.map((member) => member.userId);
    if (userIds.length > 0) {
      const rows = await db
        .select({ name: staffUser.name, start: appointment.startsAt, end: appointment.endsAt })
        .from(appointmentStaff)
        .innerJoin(appointment, eq(appointment.id, appointmentStaff.appointmentId))
        .innerJoin(staffUser, eq(staffUser.id, appointmentStaff.userId))
        .where(
          and(
            inArray(appointmentStaff.userId, userIds),
            eq(appointmentStaff.active, true),
            overlaps(appointmentStaff.startsAt, appointmentStaff.endsAt, slot),
            notIgnored,
          ),
        );
      taken.push(...rows.map((row) => ({ what: "clinician" as const, ...row })));
    }
    if (slot.roomId) {
      const rows = await db
        .select({ name: room.name, start: appointment.startsAt, end: appointment.endsAt })
        .from(appointment)
        .innerJoin(room, eq(room.id, appointment.roomId))
        .where(
          and(
            eq(appointment.roomId, slot.roomId),
            ne(appointment.status, "cancelled"),
            overlaps(appointment.startsAt, appointment.endsAt, slot),
            notIgnored,
          ),
        );
      taken.push(...rows.map((row) => ({ what: "room" as const, ...row })));
    }
    const patientRows = await db
      .select({
        first: patient.firstName,
        last: patient.lastName,
        start: appointment.startsAt,
        end: appointment.endsAt,
      })
      .from(appointment)
      .innerJoin(patient, eq(patient.id, appointment.patientId))
      .where(
        and(
          eq(appointment.patientId, input.patientId),
          ne(appointment.status, "cancelled"),
          overlaps(appointment.startsAt, appointment.endsAt, slot),
          notIgnored,
        ),
      );
    taken.push(
      ...patientRows.map((row) => ({
        what: "patient" as const,
        name: `${row.first} ${row.last}`,
        start: row.start,
        end: row.end,
      })),
    );
    // Two slots of the same request can also collide with each other.
    for (const [otherIndex, other] of input.slots.entries()) {
      if (otherIndex < index && other.start < slot.end && slot.start < other.end) {
        taken.push({
          what: "patient",
          name: `slot ${otherIndex + 1} of this request`,
          start: other.start,
          end: other.end,
        });
      }
    }
    if (taken.length > 0) {
      conflicts.push({ index, slot, taken, message: conflictSentence(slot, taken, input.timeZone) });
    }
  }
  return conflicts;
}

const KIND_LABEL: Record<SlotToBook["kind"], string> = {
  screening: "screening",
  preparation: "preparation session",
  dosing: "dosing session",
  integration: "integration session",
  checkpoint: "prescriber checkpoint",
};

export function conflictSentence(slot: SlotToBook, taken: Taken[], timeZone: string): string {
  const when = `${formatInTimeZone(slot.start, timeZone, "EEE, MMM d, HH:mm")}–${formatInTimeZone(slot.end, timeZone, "HH:mm")}`;
  const label = slot.doseNumber && slot.kind === "dosing" ? `dosing session ${slot.doseNumber}` : KIND_LABEL[slot.kind];
  const reasons = taken.map((item) => {
    const span = `${formatInTimeZone(item.start, timeZone, "HH:mm")}–${formatInTimeZone(item.end, timeZone, "HH:mm")}`;
    switch (item.what) {
      case "clinician":
        return `${item.name} is already booked ${span}`;
      case "room":
        return `${item.name} is already booked ${span}`;
      case "patient":
        return `the patient already has an appointment ${span}`;
    }
  });
  return `${when} (${label}) is taken: ${[...new Set(reasons)].join("; ")}.`;
}
