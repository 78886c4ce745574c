import ical, { ICalEventStatus } from "ical-generator";
import { and, desc, eq, gt, isNull, lt } from "drizzle-orm";
import type { Db } from "#db/client";
import { appointment, appointmentStaff, calendarFeed, clinic, patient, room, staffUser } from "#db/schema";
import { generateSessionToken, sessionIdFromToken } from "#app/auth/session.server";
import { clock } from "#app/auth/clock";

const KIND_TITLES = {
  screening: "Screening",
  preparation: "Preparation session",
  dosing: "Dosing session",
  integration: "Integration session",
  checkpoint: "Prescriber checkpoint",
} as const;

const DAY = 86_400_000;

/** A calendar app polls the feed; the window covers recent history and the months ahead. */
const FEED_PAST_DAYS = 30;
const FEED_FUTURE_DAYS = 180;

export function initials(firstName: string, lastName: string): string {
  const letter = (name: string): string => (Array.from(name.trim())[0] ?? "").toUpperCase();
  return `${letter(firstName)}.${letter(lastName)}.`;
}

/**
 * Issues a new secret feed link for the user and revokes any earlier one. The token is returned
 * once; only its SHA-256 is kept, like a session.
 */
export async function issueCalendarFeed(db: Db, user: { id: string; clinicId: string }): Promise<string> {
  const token = generateSessionToken();
  await db.transaction(async (tx) => {
    await tx
      .update(calendarFeed)
      .set({ revokedAt: clock.now() })
      .where(and(eq(calendarFeed.userId, user.id), isNull(calendarFeed.revokedAt)));
    await tx.insert(calendarFeed).values({ id: sessionIdFromToken(token), clinicId: user.clinicId, userId: user.id });
  });
  return token;
}

export async function revokeCalendarFeed(db: Db, userId: string): Promise<void> {
  await db
    .update(calendarFeed)
    .set({ revokedAt: clock.now() })
    .where(and(eq(calendarFeed.userId, userId), isNull(calendarFeed.revokedAt)));
}

export async function activeFeedSince(db: Db, userId: string): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: calendarFeed.createdAt })
    .from(calendarFeed)
    .where(and(eq(calendarFeed.userId, userId), isNull(calendarFeed.revokedAt)))
    .orderBy(desc(calendarFeed.createdAt))
    .limit(1);
  return row?.createdAt ?? null;
}

export type FeedOwner = { userId: string; clinicId: string; name: string };

/** The owner of a live feed token, or null for an unknown, revoked or deactivated one. */
export async function feedOwner(db: Db, token: string): Promise<FeedOwner | null> {
  const [row] = await db
    .select({
      userId: staffUser.id,
      clinicId: staffUser.clinicId,
      name: staffUser.name,
      active: staffUser.active,
      revokedAt: calendarFeed.revokedAt,
    })
    .from(calendarFeed)
    .innerJoin(staffUser, eq(staffUser.id, calendarFeed.userId))
    .where(eq(calendarFeed.id, sessionIdFromToken(token)));
  if (!row || row.revokedAt !== null || !row.active) {
    return null;
  }
  return { userId: row.userId, clinicId: row.clinicId, name: row.name };
}

/** The owner's appointments as iCalendar text: patient initials and session kind, nothing clinical. */
export async function feedCalendar(db: Db, owner: FeedOwner): Promise<{ ics: string; events: number }> {
  const now = clock.now().getTime();
  const rows = await db
    .select({
      id: appointment.id,
      kind: appointment.kind,
      status: appointment.status,
      start: appointment.startsAt,
      end: appointment.endsAt,
      updatedAt: appointment.updatedAt,
      firstName: patient.firstName,
      lastName: patient.lastName,
      roomName: room.name,
      clinicName: clinic.name,
    })
    .from(appointmentStaff)
    .innerJoin(appointment, eq(appointment.id, appointmentStaff.appointmentId))
    .innerJoin(patient, eq(patient.id, appointment.patientId))
    .innerJoin(clinic, eq(clinic.id, appointment.clinicId))
    .leftJoin(room, eq(room.id, appointment.roomId))
    .where(
      and(
        eq(appointmentStaff.userId, owner.userId),
        eq(appointmentStaff.clinicId, owner.clinicId),
        gt(appointment.endsAt, new Date(now - FEED_PAST_DAYS * DAY)),
        lt(appointment.startsAt, new Date(now + FEED_FUTURE_DAYS * DAY)),
      ),
    )
    .orderBy(appointment.startsAt);
  const calendar = ical({
    name: `KAP schedule — ${owner.name}`,
    prodId: { company: "KAP Care Team", product: "schedule", language: "EN" },
  });
  for (const row of rows) {
    calendar.createEvent({
      id: `${row.id}@kap-care-team`,
      start: row.start,
      end: row.end,
      stamp: row.updatedAt,
      summary: `${row.status === "cancelled" ? "CANCELLED: " : ""}${KIND_TITLES[row.kind]} — ${initials(row.firstName, row.lastName)}`,
      location: row.roomName ? `${row.roomName}, ${row.clinicName}` : row.clinicName,
      status: row.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return { ics: calendar.toString(), events: rows.length };
}
