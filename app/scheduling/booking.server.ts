import type { Db } from "../../db/client";
import { isExclusionViolation } from "../../db/errors";
import { appointment, appointmentEvent, appointmentStaff, series } from "../../db/schema";
import { audit, type AuditActor } from "../audit/audit.server";
import { formatInTimeZone } from "../ui/dates";
import type { SlotConflict, SlotToBook } from "./booking-types";
import { findConflicts } from "./conflicts.server";

export type SeriesToBook = {
  templateId: string | null;
  rules: unknown;
  prescriberId: string;
  therapistId: string;
};

export type BookingRequest = {
  clinicId: string;
  timeZone: string;
  patientId: string;
  /** Present when the slots form a new series; absent for single appointments. */
  series?: SeriesToBook;
  slots: SlotToBook[];
  /** Series rules the user saw broken and confirmed. */
  overriddenRules?: string[];
};

export type BookingResult = { ok: true; seriesId: string | null; appointmentIds: string[] } | { ok: false; conflicts: SlotConflict[] };

/**
 * Books every slot in one transaction: all of them or none. Overlaps are refused by the database's
 * exclusion constraints whatever happens in between; the conflict check before and after only
 * turns that refusal into sentences naming the slot and who or what is taken.
 */
export async function bookAppointments(db: Db, actor: AuditActor & { id: string }, request: BookingRequest): Promise<BookingResult> {
  if (request.slots.length === 0) {
    throw new Error("nothing to book");
  }
  const conflictQuery = { clinicId: request.clinicId, patientId: request.patientId, timeZone: request.timeZone, slots: request.slots };
  const known = await findConflicts(db, conflictQuery);
  if (known.length > 0) {
    return { ok: false, conflicts: known };
  }
  try {
    return await db.transaction(async (tx) => {
      const ordered = [...request.slots].sort((a, b) => a.start.getTime() - b.start.getTime());
      let seriesId: string | null = null;
      if (request.series) {
        const [created] = await tx
          .insert(series)
          .values({
            clinicId: request.clinicId,
            patientId: request.patientId,
            templateId: request.series.templateId,
            rules: request.series.rules,
            prescriberId: request.series.prescriberId,
            therapistId: request.series.therapistId,
            plannedStart: formatInTimeZone(ordered[0]!.start, request.timeZone, "yyyy-MM-dd"),
            plannedEnd: formatInTimeZone(ordered.at(-1)!.end, request.timeZone, "yyyy-MM-dd"),
            createdBy: actor.id,
          })
          .returning({ id: series.id });
        seriesId = created!.id;
      }
      const appointments = await tx
        .insert(appointment)
        .values(
          ordered.map((slot, index) => ({
            clinicId: request.clinicId,
            seriesId,
            patientId: request.patientId,
            kind: slot.kind,
            startsAt: slot.start,
            endsAt: slot.end,
            roomId: slot.roomId,
            sequence: slot.sequence ?? (seriesId ? index + 1 : null),
            doseNumber: slot.doseNumber ?? null,
            createdBy: actor.id,
          })),
        )
        .returning({ id: appointment.id });
      const staffRows = ordered.flatMap((slot, index) =>
        slot.staff.map((member) => ({ appointmentId: appointments[index]!.id, userId: member.userId, role: member.role, clinicId: request.clinicId, startsAt: slot.start, endsAt: slot.end })),
      );
      if (staffRows.length > 0) {
        await tx.insert(appointmentStaff).values(staffRows);
      }
      await tx.insert(appointmentEvent).values(
        ordered.map((slot, index) => ({
          clinicId: request.clinicId,
          appointmentId: appointments[index]!.id,
          actorId: actor.id,
          action: "booked",
          toValue: { start: slot.start.toISOString(), end: slot.end.toISOString(), roomId: slot.roomId, staff: slot.staff },
          overriddenRules: request.overriddenRules ?? [],
        })),
      );
      await audit(tx, actor, {
        action: seriesId ? "book:series" : "book:appointment",
        entityType: seriesId ? "series" : "appointment",
        entityId: seriesId ?? appointments[0]!.id,
        patientId: request.patientId,
        detail: { appointments: appointments.length, overriddenRules: request.overriddenRules ?? [] },
      });
      return { ok: true as const, seriesId, appointmentIds: appointments.map((row) => row.id) };
    });
  } catch (error) {
    if (!isExclusionViolation(error)) {
      throw error;
    }
    // Someone else booked in between; explain with what is there now.
    const conflicts = await findConflicts(db, conflictQuery);
    return {
      ok: false,
      conflicts: conflicts.length > 0 ? conflicts : [{ index: 0, slot: request.slots[0]!, taken: [], message: "One of these times was just booked by someone else. Review the proposal and try again." }],
    };
  }
}
