import { and, eq, inArray, ne, sql, TransactionRollbackError } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { isExclusionViolation } from "#db/errors";
import { appointment, appointmentEvent, appointmentStaff, room, series, staffUser } from "#db/schema";
import type { AppointmentStaffRole, AppointmentStatus } from "#db/schema/scheduling";
import { audit, type AuditActor } from "#app/audit/audit.server";
import type { SlotConflict, SlotToBook } from "./booking-types";
import { findConflicts } from "./conflicts.server";
import { canMove, isChangeable, STATUS_LABELS } from "./status-transitions";

export type AppointmentChange =
  | { type: "reschedule"; start: Date; end: Date }
  | { type: "room"; roomId: string | null }
  | { type: "clinician"; role: AppointmentStaffRole; userId: string }
  | { type: "status"; to: AppointmentStatus };

export type ChangeRequest = {
  clinicId: string;
  timeZone: string;
  appointmentId: string;
  /** The version the user was looking at: a change made in between is a conflict, not overwritten. */
  expectedVersion: number;
  change: AppointmentChange;
  reason: string;
  /** Series rules the user was warned about and chose to break. */
  confirmedRuleBreaks?: string[];
};

export type ChangeResult =
  | { ok: true; version: number }
  | { ok: false; reason: "not_found" | "stale" | "not_allowed"; message: string }
  | { ok: false; reason: "conflict"; message: string; conflicts: SlotConflict[] }
  | { ok: false; reason: "rule_warnings"; message: string; warnings: string[] };

/** Checks a proposed new time against the series' rules; returns the broken rules as sentences. */
export type SeriesRuleCheck = (db: DbOrTx, appointmentId: string, start: Date, end: Date) => Promise<string[]>;

type Loaded = NonNullable<Awaited<ReturnType<typeof loadAppointment>>>;

async function loadAppointment(db: DbOrTx, clinicId: string, appointmentId: string) {
  const [row] = await db
    .select()
    .from(appointment)
    .where(and(eq(appointment.id, appointmentId), eq(appointment.clinicId, clinicId)));
  if (!row) {
    return null;
  }
  const staff = await db
    .select({ userId: appointmentStaff.userId, role: appointmentStaff.role })
    .from(appointmentStaff)
    .where(eq(appointmentStaff.appointmentId, appointmentId));
  return { ...row, staff };
}

function slotOf(current: Loaded, overrides: Partial<SlotToBook>): SlotToBook {
  return {
    kind: current.kind,
    start: current.startsAt,
    end: current.endsAt,
    roomId: current.roomId,
    staff: current.staff,
    doseNumber: current.doseNumber,
    ...overrides,
  };
}

function describeFromTo(
  current: Loaded,
  change: AppointmentChange,
): { from: Record<string, unknown>; to: Record<string, unknown>; action: string } {
  switch (change.type) {
    case "reschedule":
      return {
        action: "rescheduled",
        from: { start: current.startsAt.toISOString(), end: current.endsAt.toISOString() },
        to: { start: change.start.toISOString(), end: change.end.toISOString() },
      };
    case "room":
      return { action: "room_changed", from: { roomId: current.roomId }, to: { roomId: change.roomId } };
    case "clinician":
      return {
        action: "clinician_changed",
        from: {
          role: change.role,
          userId: current.staff.find((member) => member.role === change.role)?.userId ?? null,
        },
        to: { role: change.role, userId: change.userId },
      };
    case "status":
      return {
        action: change.to === "cancelled" ? "cancelled" : change.to === "no_show" ? "no_show" : "status_changed",
        from: { status: current.status },
        to: { status: change.to },
      };
  }
}

async function checkTarget(db: Db, request: ChangeRequest, current: Loaded): Promise<ChangeResult | null> {
  const { change } = request;
  if (change.type === "status") {
    if (!canMove(current.status, change.to)) {
      return {
        ok: false,
        reason: "not_allowed",
        message: `A ${STATUS_LABELS[current.status].toLowerCase()} appointment cannot become ${STATUS_LABELS[change.to].toLowerCase()}.`,
      };
    }
    return null;
  }
  if (!isChangeable(current.status)) {
    return {
      ok: false,
      reason: "not_allowed",
      message: `This appointment is ${STATUS_LABELS[current.status].toLowerCase()}; only appointments that have not begun can be changed.`,
    };
  }
  if (change.type === "room" && change.roomId) {
    const [target] = await db
      .select({ id: room.id })
      .from(room)
      .where(and(eq(room.id, change.roomId), eq(room.clinicId, request.clinicId), eq(room.active, true)));
    if (!target) {
      return { ok: false, reason: "not_allowed", message: "Choose an active room of this clinic." };
    }
  }
  if (change.type === "clinician") {
    const [person] = await db
      .select({ roles: staffUser.roles })
      .from(staffUser)
      .where(
        and(eq(staffUser.id, change.userId), eq(staffUser.clinicId, request.clinicId), eq(staffUser.active, true)),
      );
    const needed = change.role === "monitor" ? ["prescriber", "nurse"] : [change.role];
    if (!person || !person.roles.some((role) => needed.includes(role))) {
      return {
        ok: false,
        reason: "not_allowed",
        message: `Choose an active ${change.role === "monitor" ? "prescriber or nurse" : change.role} of this clinic.`,
      };
    }
  }
  return null;
}

export async function changeAppointment(
  db: Db,
  actor: AuditActor & { id: string },
  request: ChangeRequest,
  checkSeriesRules?: SeriesRuleCheck,
): Promise<ChangeResult> {
  const current = await loadAppointment(db, request.clinicId, request.appointmentId);
  if (!current) {
    return { ok: false, reason: "not_found", message: "This appointment does not exist." };
  }
  if (current.version !== request.expectedVersion) {
    return {
      ok: false,
      reason: "stale",
      message:
        "Someone changed this appointment while you were looking at it. Reload to see the change, then try again.",
    };
  }
  const refused = await checkTarget(db, request, current);
  if (refused) {
    return refused;
  }
  const { change } = request;
  const movedSlot =
    change.type === "reschedule"
      ? slotOf(current, { start: change.start, end: change.end })
      : change.type === "room"
        ? slotOf(current, { roomId: change.roomId, staff: [] })
        : change.type === "clinician"
          ? slotOf(current, { roomId: null, staff: [{ userId: change.userId, role: change.role }] })
          : null;
  if (movedSlot) {
    const conflicts = await findConflicts(db, {
      clinicId: request.clinicId,
      patientId: current.patientId,
      timeZone: request.timeZone,
      slots: [movedSlot],
      ignoreAppointmentIds: [current.id],
    });
    const relevant =
      change.type === "reschedule"
        ? conflicts
        : conflicts
            .map((conflict) => ({ ...conflict, taken: conflict.taken.filter((item) => item.what !== "patient") }))
            .filter((conflict) => conflict.taken.length > 0);
    if (relevant.length > 0) {
      return { ok: false, reason: "conflict", message: relevant[0]!.message, conflicts: relevant };
    }
  }
  if (change.type === "reschedule" && current.seriesId && checkSeriesRules) {
    const warnings = await checkSeriesRules(db, current.id, change.start, change.end);
    const unconfirmed = warnings.filter((warning) => !(request.confirmedRuleBreaks ?? []).includes(warning));
    if (unconfirmed.length > 0) {
      return {
        ok: false,
        reason: "rule_warnings",
        message: "This change breaks the series' rules. Confirm to go ahead anyway.",
        warnings,
      };
    }
  }
  const { action, from, to } = describeFromTo(current, change);
  try {
    return await db.transaction(async (tx) => {
      const values =
        change.type === "reschedule"
          ? { startsAt: change.start, endsAt: change.end }
          : change.type === "room"
            ? { roomId: change.roomId }
            : change.type === "status"
              ? { status: change.to }
              : {};
      const updated = await tx
        .update(appointment)
        .set({ ...values, version: sql`${appointment.version} + 1`, updatedAt: new Date() })
        .where(and(eq(appointment.id, current.id), eq(appointment.version, request.expectedVersion)))
        .returning({ version: appointment.version });
      if (updated.length === 0) {
        tx.rollback();
      }
      if (change.type === "clinician") {
        await tx
          .delete(appointmentStaff)
          .where(and(eq(appointmentStaff.appointmentId, current.id), eq(appointmentStaff.role, change.role)));
        await tx.insert(appointmentStaff).values({
          appointmentId: current.id,
          userId: change.userId,
          role: change.role,
          clinicId: request.clinicId,
          startsAt: current.startsAt,
          endsAt: current.endsAt,
        });
      }
      await tx.insert(appointmentEvent).values({
        clinicId: request.clinicId,
        appointmentId: current.id,
        actorId: actor.id,
        action,
        fromValue: from,
        toValue: to,
        reason: request.reason,
        overriddenRules: request.confirmedRuleBreaks ?? [],
      });
      if (current.seriesId && change.type === "status") {
        await refreshSeriesStatus(tx, current.seriesId);
      }
      await audit(tx, actor, {
        action: `change:appointment`,
        entityType: "appointment",
        entityId: current.id,
        patientId: current.patientId,
        detail: { change: action },
      });
      return { ok: true as const, version: updated[0]!.version };
    });
  } catch (error) {
    if (isExclusionViolation(error)) {
      const conflicts = movedSlot
        ? await findConflicts(db, {
            clinicId: request.clinicId,
            patientId: current.patientId,
            timeZone: request.timeZone,
            slots: [movedSlot],
            ignoreAppointmentIds: [current.id],
          })
        : [];
      return {
        ok: false,
        reason: "conflict",
        message: conflicts[0]?.message ?? "That time was just booked by someone else.",
        conflicts,
      };
    }
    if (error instanceof TransactionRollbackError) {
      return {
        ok: false,
        reason: "stale",
        message:
          "Someone changed this appointment while you were looking at it. Reload to see the change, then try again.",
      };
    }
    throw error;
  }
}

/**
 * A series is active once any of its sessions has begun, completed when none is left to happen.
 * Discontinued is set only by a person (cancel remaining), never derived.
 */
export async function refreshSeriesStatus(db: DbOrTx, seriesId: string): Promise<void> {
  const rows = await db
    .select({ status: appointment.status })
    .from(appointment)
    .where(eq(appointment.seriesId, seriesId));
  const begun = rows.some((row) => row.status === "in_progress" || row.status === "completed");
  const open = rows.some(
    (row) => row.status === "scheduled" || row.status === "checked_in" || row.status === "in_progress",
  );
  const next = !begun ? "planned" : open ? "active" : "completed";
  await db
    .update(series)
    .set({ status: next, updatedAt: new Date() })
    .where(and(eq(series.id, seriesId), ne(series.status, "discontinued")));
}

/** Cancels every appointment of the series that has not begun, and marks the series discontinued. */
export async function cancelRemaining(
  db: Db,
  actor: AuditActor & { id: string },
  input: { clinicId: string; seriesId: string; reason: string },
): Promise<{ ok: true; cancelled: number } | { ok: false; message: string }> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ id: series.id, patientId: series.patientId })
      .from(series)
      .where(and(eq(series.id, input.seriesId), eq(series.clinicId, input.clinicId)));
    if (!found) {
      return { ok: false as const, message: "This series does not exist." };
    }
    const open = await tx
      .select({ id: appointment.id, status: appointment.status })
      .from(appointment)
      .where(and(eq(appointment.seriesId, input.seriesId), inArray(appointment.status, ["scheduled", "checked_in"])));
    if (open.length > 0) {
      await tx
        .update(appointment)
        .set({ status: "cancelled", version: sql`${appointment.version} + 1`, updatedAt: new Date() })
        .where(
          inArray(
            appointment.id,
            open.map((row) => row.id),
          ),
        );
      await tx.insert(appointmentEvent).values(
        open.map((row) => ({
          clinicId: input.clinicId,
          appointmentId: row.id,
          actorId: actor.id,
          action: "cancelled",
          fromValue: { status: row.status },
          toValue: { status: "cancelled" },
          reason: input.reason,
        })),
      );
    }
    await tx
      .update(series)
      .set({ status: "discontinued", statusReason: input.reason, updatedAt: new Date() })
      .where(eq(series.id, input.seriesId));
    await audit(tx, actor, {
      action: "cancel:series",
      entityType: "series",
      entityId: input.seriesId,
      patientId: found.patientId,
      detail: { cancelled: open.length },
    });
    return { ok: true as const, cancelled: open.length };
  });
}
