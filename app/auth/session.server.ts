import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, lt, or } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { authSession, clinic, staffUser } from "#db/schema";
import type { Role } from "#db/schema/staff";
import { clock } from "./clock";
import { sessionConfig } from "./config";
import { mustEnrol, secondFactorStatusColumns } from "./enrolment-status.server";

// Lucia's session design: the cookie carries a random token, the database only its SHA-256.
const TOKEN_BYTES = 20;
// The idle timeout counts from the last request, and only a stored time survives the process: so
// last_active_at must move with every request to be exact. Writing it at most once a second per
// session folds the several requests of one page view into one write and keeps the timeout exact to
// the second (never late, less than a second early). A minute of slack here used to end sessions up
// to a minute early.
const ACTIVITY_WRITE_INTERVAL_MS = 1_000;
// What a login session keeps of where it was opened (shown on the signed-in devices page).
const USER_AGENT_MAX = 256;
const IP_MAX = 64;

export type SessionUser = {
  id: string;
  clinicId: string;
  clinicName: string;
  timeZone: string;
  email: string;
  name: string;
  roles: Role[];
  active: boolean;
  mustChangePassword: boolean;
  /** The clinic requires a second factor of this user and they have none: enrolment comes first. */
  mustEnrolSecondFactor: boolean;
};

export type ValidSession = { sessionId: string; expiresAt: Date; user: SessionUser };

export function generateSessionToken(): string {
  const bytes = new Uint8Array(TOKEN_BYTES);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export type SessionOrigin = { userAgent?: string | null; ip?: string | null };

export async function createSession(
  db: DbOrTx,
  userId: string,
  origin: SessionOrigin = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + sessionConfig().absoluteLifetimeMs);
  const userAgent = (origin.userAgent ?? "").slice(0, USER_AGENT_MAX);
  const ip = (origin.ip ?? "").slice(0, IP_MAX);
  await db.insert(authSession).values({
    id: sessionIdFromToken(token),
    userId,
    createdAt: now,
    lastActiveAt: now,
    expiresAt,
    userAgent,
    ip,
    verifiedAt: now,
  });
  return { token, expiresAt };
}

export async function validateSessionToken(db: DbOrTx, token: string): Promise<ValidSession | null> {
  const sessionId = sessionIdFromToken(token);
  const [row] = await db
    .select({
      session: authSession,
      user: {
        id: staffUser.id,
        clinicId: staffUser.clinicId,
        clinicName: clinic.name,
        timeZone: clinic.timeZone,
        email: staffUser.email,
        name: staffUser.name,
        roles: staffUser.roles,
        active: staffUser.active,
        mustChangePassword: staffUser.mustChangePassword,
      },
      secondFactor: secondFactorStatusColumns(),
    })
    .from(authSession)
    .innerJoin(staffUser, eq(staffUser.id, authSession.userId))
    .innerJoin(clinic, eq(clinic.id, staffUser.clinicId))
    .where(eq(authSession.id, sessionId));
  if (!row) {
    return null;
  }
  const now = clock.now().getTime();
  const { idleTimeoutMs } = sessionConfig();
  const expired = now >= row.session.expiresAt.getTime() || now - row.session.lastActiveAt.getTime() >= idleTimeoutMs;
  if (expired || !row.user.active) {
    await invalidateSession(db, sessionId);
    return null;
  }
  if (now - row.session.lastActiveAt.getTime() >= ACTIVITY_WRITE_INTERVAL_MS) {
    // Only forward: a slower parallel request must not move the idle clock back.
    await db
      .update(authSession)
      .set({ lastActiveAt: new Date(now) })
      .where(and(eq(authSession.id, sessionId), lt(authSession.lastActiveAt, new Date(now))));
  }
  return {
    sessionId,
    expiresAt: row.session.expiresAt,
    user: { ...row.user, mustEnrolSecondFactor: mustEnrol(row.user.roles, row.secondFactor) },
  };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(authSession).where(eq(authSession.id, sessionId));
}

export async function invalidateUserSessions(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(authSession).where(eq(authSession.userId, userId));
}

/** Removes sessions that can no longer be used; safe to run at any time. */
export async function deleteExpiredSessions(db: DbOrTx): Promise<void> {
  const now = clock.now();
  const idleCutoff = new Date(now.getTime() - sessionConfig().idleTimeoutMs);
  await db.delete(authSession).where(or(lt(authSession.expiresAt, now), and(lt(authSession.lastActiveAt, idleCutoff))));
}
