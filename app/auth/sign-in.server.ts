import { eq, sql } from "drizzle-orm";
import type { Db } from "#db/client";
import { staffUser } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { verifyPassword } from "./password.server";
import { beginPendingSignIn } from "./pending-sign-in.server";
import { userHasSecondFactor } from "./second-factors.server";
import { createSession } from "./session.server";
import { checkThrottle, recordSuccess, trustDevice, type ThrottleAttempt } from "./throttle.server";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; mustChangePassword: boolean; deviceToken: string }
  // The password was right, and the user has a second factor: no login session yet (second-step.server.ts).
  | { ok: false; reason: "second-factor"; pending: { token: string; expiresAt: Date } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "limited"; retryAfterSeconds: number };

/**
 * Checks the credentials and opens a new session (a fresh token at every sign-in). Unknown address,
 * wrong password and deactivated account all answer the same, so the form reveals nothing.
 * Throttled per account and device (ADR 0008): a throttled attempt checks no password and opens no
 * session. A completed sign-in makes the browser a trusted device for the account (deviceToken).
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string; userAgent?: string | null; deviceToken?: string | null },
): Promise<SignInResult> {
  const email = input.email.toLowerCase();
  const attempt: ThrottleAttempt = { account: email, purpose: "sign-in", ip: input.ip, deviceToken: input.deviceToken };
  const [user] = await db
    .select({
      id: staffUser.id,
      clinicId: staffUser.clinicId,
      passwordHash: staffUser.passwordHash,
      active: staffUser.active,
      mustChangePassword: staffUser.mustChangePassword,
    })
    .from(staffUser)
    .where(eq(sql`lower(${staffUser.email})`, email));
  const throttle = await checkThrottle(db, attempt);
  if (!throttle.allowed) {
    // Named with the account's clinic, so its admins see the attack on their audit log.
    await audit(
      db,
      { id: user?.id ?? null, clinicId: user?.clinicId ?? null, ip: input.ip, email },
      {
        action: "sign-in",
        entityType: "session",
        outcome: "denied",
        detail: { reason: "rate limited", retryAfterSeconds: throttle.retryAfterSeconds },
      },
    );
    return { ok: false, reason: "limited", retryAfterSeconds: throttle.retryAfterSeconds };
  }
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || !user.active) {
    await audit(
      db,
      { id: user?.id ?? null, clinicId: user?.clinicId ?? null, ip: input.ip, email },
      {
        action: "sign-in",
        entityType: "session",
        outcome: "failure",
        detail: { reason: !user ? "unknown account" : !user.active ? "deactivated account" : "wrong password" },
      },
    );
    return { ok: false, reason: "invalid" };
  }
  await recordSuccess(db, attempt);
  if (await userHasSecondFactor(db, user.id)) {
    const pending = await beginPendingSignIn(db, user);
    await audit(
      db,
      { id: user.id, clinicId: user.clinicId, ip: input.ip, email },
      { action: "sign-in:password", entityType: "session", detail: { next: "second factor" } },
    );
    return { ok: false, reason: "second-factor", pending };
  }
  const session = await createSession(db, user.id, { userAgent: input.userAgent, ip: input.ip });
  const deviceToken = await trustDevice(db, { account: email, deviceToken: input.deviceToken });
  await audit(
    db,
    { id: user.id, clinicId: user.clinicId, ip: input.ip, email },
    { action: "sign-in", entityType: "session" },
  );
  return { ok: true, ...session, mustChangePassword: user.mustChangePassword, deviceToken };
}
