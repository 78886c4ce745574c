import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { staffUser } from "../../db/schema";
import { audit } from "../audit/audit.server";
import { verifyPassword } from "./password.server";
import { accountSignInLimiter } from "./rate-limit";
import { createSession } from "./session.server";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; mustChangePassword: boolean }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "limited"; retryAfterSeconds: number };

/**
 * Checks the credentials and opens a new session (a fresh token at every sign-in). Unknown address,
 * wrong password and deactivated account all answer the same, so the form reveals nothing.
 */
export async function signIn(db: Db, input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = input.email.toLowerCase();
  const retryAfterSeconds = accountSignInLimiter.retryAfterSeconds(email);
  if (retryAfterSeconds > 0) {
    await audit(db, { id: null, clinicId: null, ip: input.ip, email }, { action: "sign-in", entityType: "session", outcome: "denied", detail: { reason: "rate limited" } });
    return { ok: false, reason: "limited", retryAfterSeconds };
  }
  const [user] = await db
    .select({ id: staffUser.id, clinicId: staffUser.clinicId, passwordHash: staffUser.passwordHash, active: staffUser.active, mustChangePassword: staffUser.mustChangePassword })
    .from(staffUser)
    .where(eq(sql`lower(${staffUser.email})`, email));
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || !user.active) {
    accountSignInLimiter.recordFailure(email);
    await audit(db, { id: user?.id ?? null, clinicId: user?.clinicId ?? null, ip: input.ip, email }, {
      action: "sign-in",
      entityType: "session",
      outcome: "failure",
      detail: { reason: !user ? "unknown account" : !user.active ? "deactivated account" : "wrong password" },
    });
    return { ok: false, reason: "invalid" };
  }
  accountSignInLimiter.reset(email);
  const session = await createSession(db, user.id);
  await audit(db, { id: user.id, clinicId: user.clinicId, ip: input.ip, email }, { action: "sign-in", entityType: "session" });
  return { ok: true, ...session, mustChangePassword: user.mustChangePassword };
}
