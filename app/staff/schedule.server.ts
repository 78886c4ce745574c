import { and, asc, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { staffUser, timeOff, workingHours } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import { isUuid } from "#db/ids";
import { localDateTimeToUtc, toHourMinute } from "#app/clinic/local-time";
import { findOverlap, overlapMessage } from "./schedule-forms";
import type { StaffMember } from "./staff.server";

export type WorkingInterval = { id: string; weekday: number; startsAt: string; endsAt: string };
export type TimeOffEntry = { id: string; startsAt: Date; endsAt: Date; reason: string; cancelled: boolean };

export type ScheduleWriteResult =
  { ok: true; id: string } | { ok: false; field: "startsAt" | "endsAt"; message: string };

const TIME_OFF_SHOWN = 100;

export async function listWorkingHours(db: DbOrTx, userId: string): Promise<WorkingInterval[]> {
  const rows = await db
    .select({
      id: workingHours.id,
      weekday: workingHours.weekday,
      startsAt: workingHours.startsAt,
      endsAt: workingHours.endsAt,
    })
    .from(workingHours)
    .where(eq(workingHours.userId, userId))
    .orderBy(asc(workingHours.weekday), asc(workingHours.startsAt));
  return rows.map((row) => ({ ...row, startsAt: toHourMinute(row.startsAt), endsAt: toHourMinute(row.endsAt) }));
}

/** The latest entries first; cancelled ones stay listed, marked as such. */
export async function listTimeOff(db: DbOrTx, userId: string): Promise<TimeOffEntry[]> {
  return db
    .select({
      id: timeOff.id,
      startsAt: timeOff.startsAt,
      endsAt: timeOff.endsAt,
      reason: timeOff.reason,
      cancelled: timeOff.cancelled,
    })
    .from(timeOff)
    .where(eq(timeOff.userId, userId))
    .orderBy(desc(timeOff.startsAt))
    .limit(TIME_OFF_SHOWN);
}

export async function addWorkingHours(
  db: Db,
  viewer: Viewer,
  member: StaffMember,
  input: { weekday: number; startsAt: string; endsAt: string },
): Promise<ScheduleWriteResult> {
  return db.transaction(async (tx) => {
    // The exclusion constraint refuses overlaps in any case; locking the user's row lets the second of
    // two simultaneous requests see the first and answer with the overlap message, not a constraint error.
    await tx.select({ id: staffUser.id }).from(staffUser).where(eq(staffUser.id, member.id)).for("update");
    const sameDay = (await listWorkingHours(tx, member.id)).filter((interval) => interval.weekday === input.weekday);
    const overlap = findOverlap(sameDay, input);
    if (overlap) {
      return { ok: false as const, field: "startsAt" as const, message: overlapMessage(input.weekday, overlap) };
    }
    const [created] = await tx
      .insert(workingHours)
      .values({ clinicId: member.clinicId, userId: member.id, ...input })
      .returning({ id: workingHours.id });
    const id = created!.id;
    await audit(tx, auditActor(viewer), {
      action: "create:working-hours",
      entityType: "working_hours",
      entityId: id,
      detail: { userId: member.id, ...input },
    });
    return { ok: true as const, id };
  });
}

/** Hours are a plan, not a record of what happened, so an interval can be removed outright. */
export async function removeWorkingHours(
  db: Db,
  viewer: Viewer,
  member: StaffMember,
  intervalId: string,
): Promise<boolean> {
  if (!isUuid(intervalId)) {
    return false;
  }
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(workingHours)
      .where(and(eq(workingHours.id, intervalId), eq(workingHours.userId, member.id)))
      .returning({ weekday: workingHours.weekday, startsAt: workingHours.startsAt, endsAt: workingHours.endsAt });
    if (!removed) {
      return false;
    }
    await audit(tx, auditActor(viewer), {
      action: "delete:working-hours",
      entityType: "working_hours",
      entityId: intervalId,
      detail: {
        userId: member.id,
        weekday: removed.weekday,
        startsAt: toHourMinute(removed.startsAt),
        endsAt: toHourMinute(removed.endsAt),
      },
    });
    return true;
  });
}

function convert(value: string, timeZone: string, field: "startsAt" | "endsAt"): Date | ScheduleWriteResult {
  const result = localDateTimeToUtc(value, timeZone);
  if (result.ok) {
    return result.at;
  }
  return {
    ok: false,
    field,
    message:
      result.reason === "nonexistent"
        ? "This time does not exist in the clinic's time zone: the clocks skip it for daylight saving."
        : "Enter a real date and time.",
  };
}

/** Start and end are wall-clock times in the clinic's zone, stored as UTC instants. */
export async function addTimeOff(
  db: Db,
  viewer: Viewer,
  member: StaffMember,
  input: { startsAt: string; endsAt: string; reason: string },
): Promise<ScheduleWriteResult> {
  const startsAt = convert(input.startsAt, viewer.timeZone, "startsAt");
  if (!(startsAt instanceof Date)) {
    return startsAt;
  }
  const endsAt = convert(input.endsAt, viewer.timeZone, "endsAt");
  if (!(endsAt instanceof Date)) {
    return endsAt;
  }
  // Wall-clock order can disagree with real order inside the hour repeated in autumn.
  if (endsAt.getTime() <= startsAt.getTime()) {
    return { ok: false, field: "endsAt", message: "The end must be after the start." };
  }
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(timeOff)
      .values({ clinicId: member.clinicId, userId: member.id, startsAt, endsAt, reason: input.reason })
      .returning({ id: timeOff.id });
    const id = created!.id;
    await audit(tx, auditActor(viewer), {
      action: "create:time-off",
      entityType: "time_off",
      entityId: id,
      detail: {
        userId: member.id,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        reason: input.reason,
      },
    });
    return { ok: true as const, id };
  });
}

/** Cancelled, never deleted, so what was planned around it can still be explained. */
export async function cancelTimeOff(db: Db, viewer: Viewer, member: StaffMember, timeOffId: string): Promise<boolean> {
  if (!isUuid(timeOffId)) {
    return false;
  }
  return db.transaction(async (tx) => {
    const [entry] = await tx
      .select({ cancelled: timeOff.cancelled })
      .from(timeOff)
      .where(and(eq(timeOff.id, timeOffId), eq(timeOff.userId, member.id)))
      .for("update");
    if (!entry) {
      return false;
    }
    if (!entry.cancelled) {
      await tx.update(timeOff).set({ cancelled: true }).where(eq(timeOff.id, timeOffId));
      await audit(tx, auditActor(viewer), {
        action: "cancel:time-off",
        entityType: "time_off",
        entityId: timeOffId,
        detail: { userId: member.id },
      });
    }
    return true;
  });
}
