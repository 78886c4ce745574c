import { parse, serialize } from "cookie";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { passkeyCredential, pendingSignIn, recoveryCode, staffUser, totpCredential } from "#db/schema";
import { clock } from "./clock";
import { sessionConfig } from "./config";
import { generateSessionToken, sessionIdFromToken } from "./session.server";

/** Time to find the phone and type a code; after it, the password is asked again. */
export const PENDING_SIGN_IN_MS = 5 * 60_000;
/** Wrong codes one pending sign-in may take before it ends (the account throttle also counts them). */
export const PENDING_SIGN_IN_MAX_FAILURES = 5;

export type PendingSignIn = {
  id: string;
  userId: string;
  clinicId: string;
  email: string;
  failedAttempts: number;
  methods: { totp: boolean; passkey: boolean; recoveryCode: boolean };
};

export function pendingCookieName(): string {
  return sessionConfig().secureCookie ? "__Host-kap_pending" : "kap_pending";
}

export function readPendingToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  return header ? (parse(header)[pendingCookieName()] ?? null) : null;
}

export function pendingCookie(token: string, expiresAt: Date): string {
  return serialize(pendingCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: sessionConfig().secureCookie,
    path: "/",
    expires: expiresAt,
  });
}

export function clearedPendingCookie(): string {
  return serialize(pendingCookieName(), "", {
    httpOnly: true,
    sameSite: "lax",
    secure: sessionConfig().secureCookie,
    path: "/",
    maxAge: 0,
  });
}

/** After a right password for a user with a second factor: a pending sign-in, not a login session. */
export async function beginPendingSignIn(
  db: DbOrTx,
  user: { id: string; clinicId: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MS);
  await db.delete(pendingSignIn).where(lt(pendingSignIn.expiresAt, now));
  await db
    .insert(pendingSignIn)
    .values({ id: sessionIdFromToken(token), clinicId: user.clinicId, userId: user.id, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** The pending sign-in this token names, if it is still open and its user still active. */
export async function loadPendingSignIn(db: DbOrTx, token: string | null): Promise<PendingSignIn | null> {
  if (!token || !/^[a-z2-7]{32}$/u.test(token)) {
    return null;
  }
  const [row] = await db
    .select({
      id: pendingSignIn.id,
      userId: pendingSignIn.userId,
      clinicId: pendingSignIn.clinicId,
      email: staffUser.email,
      failedAttempts: pendingSignIn.failedAttempts,
      totp: sql<boolean>`exists (select 1 from ${totpCredential} where ${totpCredential.userId} = ${pendingSignIn.userId} and ${totpCredential.confirmedAt} is not null)`,
      passkey: sql<boolean>`exists (select 1 from ${passkeyCredential} where ${passkeyCredential.userId} = ${pendingSignIn.userId})`,
      recoveryCode: sql<boolean>`exists (select 1 from ${recoveryCode} where ${recoveryCode.userId} = ${pendingSignIn.userId} and ${recoveryCode.usedAt} is null)`,
    })
    .from(pendingSignIn)
    .innerJoin(staffUser, eq(staffUser.id, pendingSignIn.userId))
    .where(
      and(
        eq(pendingSignIn.id, sessionIdFromToken(token)),
        gt(pendingSignIn.expiresAt, clock.now()),
        eq(staffUser.active, true),
      ),
    );
  if (!row) {
    return null;
  }
  const { totp, passkey, recoveryCode: recovery, ...rest } = row;
  return { ...rest, methods: { totp, passkey, recoveryCode: recovery } };
}

/** Counts a wrong answer; returns true when the pending sign-in has now ended (too many). */
export async function recordPendingFailure(db: DbOrTx, pending: PendingSignIn): Promise<boolean> {
  const [row] = await db
    .update(pendingSignIn)
    .set({ failedAttempts: sql`${pendingSignIn.failedAttempts} + 1` })
    .where(eq(pendingSignIn.id, pending.id))
    .returning({ failedAttempts: pendingSignIn.failedAttempts });
  if (!row || row.failedAttempts >= PENDING_SIGN_IN_MAX_FAILURES) {
    await endPendingSignIn(db, pending.id);
    return true;
  }
  return false;
}

/** Ends it; true only for the one caller that ended it (so one pending sign-in opens one session). */
export async function endPendingSignIn(db: DbOrTx, id: string): Promise<boolean> {
  const ended = await db.delete(pendingSignIn).where(eq(pendingSignIn.id, id)).returning({ id: pendingSignIn.id });
  return ended.length > 0;
}
