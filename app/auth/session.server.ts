import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, lt, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { authSession, clinic, staffUser } from "../../db/schema";
import type { Role } from "../../db/schema/staff";
import { clock } from "./clock";
import { sessionConfig } from "./config";

// Lucia's session design: the cookie carries a random token, the database only its SHA-256.
const TOKEN_BYTES = 20;
// Writing last_active_at on every request would turn each read into a write; a minute of slack is fine.
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

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

export async function createSession(db: DbOrTx, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + sessionConfig().absoluteLifetimeMs);
  await db.insert(authSession).values({ id: sessionIdFromToken(token), userId, createdAt: now, lastActiveAt: now, expiresAt });
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
    await db.update(authSession).set({ lastActiveAt: new Date(now) }).where(eq(authSession.id, sessionId));
  }
  return { sessionId, expiresAt: row.session.expiresAt, user: row.user };
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
