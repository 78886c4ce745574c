import { and, eq, max } from "drizzle-orm";
import type { Db, Tx } from "#db/client";
import { isExclusionViolation } from "#db/errors";
import { appointment, appointmentEvent, appointmentStaff, series } from "#db/schema";
import { audit, type AuditActor } from "#app/audit/audit.server";
import { formatInTimeZone } from "#app/ui/dates";
import type { SlotConflict, SlotToBook } from "./booking-types";
import { refreshSeriesStatus } from "./changes.server";
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
  /** Books the slots into this existing series of the patient (e.g. make-up sessions) instead of creating one. */
  seriesId?: string;
  slots: SlotToBook[];
  /** Series rules the user saw broken and confirmed. */
  overriddenRules?: string[];
};

export type BookingResult =
  { ok: true; seriesId: string | null; appointmentIds: string[] } | { ok: false; conflicts: SlotConflict[] };

/**
 * Books every slot in one transaction: all of them or none. Overlaps are refused by the database's
 * exclusion constraints whatever happens in between; the conflict check before and after only
 * turns that refusal into sentences naming the slot and who or what is taken.
 */
export async function bookAppointments(
  db: Db,
  actor: AuditActor & { id: string },
  request: BookingRequest,
): Promise<BookingResult> {
  if (request.slots.length === 0) {
    throw new Error("nothing to book");
  }
  if (request.series && request.seriesId) {
    throw new Error("book into a new series or an existing one, not both");
  }
  const conflictQuery = {
    clinicId: request.clinicId,
    patientId: request.patientId,
    timeZone: request.timeZone,
    slots: request.slots,
  };
  const known = await findConflicts(db, conflictQuery);
  if (known.length > 0) {
    return { ok: false, conflicts: known };
  }
  try {
    return await db.transaction(async (tx) => {
      const ordered = [...request.slots].sort((a, b) => a.start.getTime() - b.start.getTime());
      let seriesId: string | null = null;
      let sequenceBase = 0;
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
      } else if (request.seriesId) {
        const extended = await extendSeries(tx, request, ordered);
        if (!extended.ok) {
          return {
            ok: false as const,
            conflicts: [{ index: 0, slot: request.slots[0]!, taken: [], message: extended.message }],
          };
        }
        seriesId = request.seriesId;
        sequenceBase = extended.lastSequence;
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
            sequence: slot.sequence ?? (seriesId ? sequenceBase + index + 1 : null),
            doseNumber: slot.doseNumber ?? null,
            createdBy: actor.id,
          })),
        )
        .returning({ id: appointment.id });
      const staffRows = ordered.flatMap((slot, index) =>
        slot.staff.map((member) => ({
          appointmentId: appointments[index]!.id,
          userId: member.userId,
          role: member.role,
          clinicId: request.clinicId,
          startsAt: slot.start,
          endsAt: slot.end,
        })),
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
          toValue: {
            start: slot.start.toISOString(),
            end: slot.end.toISOString(),
            roomId: slot.roomId,
            staff: slot.staff,
          },
          overriddenRules: request.overriddenRules ?? [],
        })),
      );
      if (request.seriesId) {
        await refreshSeriesStatus(tx, request.seriesId);
      }
      await audit(tx, actor, {
        action: seriesId ? "book:series" : "book:appointment",
        entityType: seriesId ? "series" : "appointment",
        entityId: seriesId ?? appointments[0]!.id,
        patientId: request.patientId,
        detail: {
          appointments: appointments.length,
          overriddenRules: request.overriddenRules ?? [],
          ...(request.seriesId ? { addedToSeries: true } : {}),
        },
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
      conflicts:
        conflicts.length > 0
          ? conflicts
          : [
              {
                index: 0,
                slot: request.slots[0]!,
                taken: [],
                message: "One of these times was just booked by someone else. Review the proposal and try again.",
              },
            ],
    };
  }
}

/**
 * Locks the series (so two people adding make-up sessions at once number them one after the
 * other), widens its planned window, and says where its sequence numbers end. A discontinued
 * series, or one of another patient or clinic, takes no new bookings.
 */
async function extendSeries(
  tx: Tx,
  request: BookingRequest,
  ordered: SlotToBook[],
): Promise<{ ok: true; lastSequence: number } | { ok: false; message: string }> {
  const [found] = await tx
    .select({ status: series.status, plannedStart: series.plannedStart, plannedEnd: series.plannedEnd })
    .from(series)
    .where(
      and(
        eq(series.id, request.seriesId!),
        eq(series.clinicId, request.clinicId),
        eq(series.patientId, request.patientId),
      ),
    )
    .for("update");
  if (!found) {
    return { ok: false, message: "This series does not exist for this patient any more." };
  }
  if (found.status === "discontinued") {
    return { ok: false, message: "This series was discontinued; plan a new series instead of adding sessions to it." };
  }
  const [last] = await tx
    .select({ sequence: max(appointment.sequence) })
    .from(appointment)
    .where(eq(appointment.seriesId, request.seriesId!));
  const first = formatInTimeZone(ordered[0]!.start, request.timeZone, "yyyy-MM-dd");
  const end = formatInTimeZone(ordered.at(-1)!.end, request.timeZone, "yyyy-MM-dd");
  await tx
    .update(series)
    .set({
      plannedStart: first < found.plannedStart ? first : found.plannedStart,
      plannedEnd: end > found.plannedEnd ? end : found.plannedEnd,
      updatedAt: new Date(),
    })
    .where(eq(series.id, request.seriesId!));
  return { ok: true, lastSequence: last?.sequence ?? 0 };
}
