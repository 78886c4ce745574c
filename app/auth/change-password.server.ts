import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { staffUser } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import type { Viewer } from "./guard.server";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";
import { createSession, invalidateUserSessions } from "./session.server";
import { checkThrottle, recordSuccess, throttleMessage, type ThrottleAttempt } from "./throttle.server";

export type ChangePasswordResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; status: 400; field: "currentPassword" | "newPassword"; message: string }
  | { ok: false; status: 429; field: "currentPassword"; message: string; retryAfterSeconds: number };

/** Where the request came from: the new login session records it, the throttle reads the device. */
export type RequestOrigin = { userAgent: string | null; deviceToken: string | null };

/**
 * Changes the viewer's own password; every other session of theirs ends, this one is renewed. The
 * current-password check is throttled like sign-in (ADR 0008): someone at an unlocked screen gets a
 * few guesses, then an exponentially growing wait, and a throttled guess is not even checked.
 */
export async function changeOwnPassword(
  db: Db,
  viewer: Viewer,
  input: { currentPassword: string; newPassword: string },
  origin: RequestOrigin = { userAgent: null, deviceToken: null },
): Promise<ChangePasswordResult> {
  const actor = { id: viewer.id, clinicId: viewer.clinicId, ip: viewer.ip };
  const attempt: ThrottleAttempt = {
    account: viewer.email,
    purpose: "password-change",
    ip: viewer.ip,
    deviceToken: origin.deviceToken,
  };
  const throttle = await checkThrottle(db, attempt);
  if (!throttle.allowed) {
    await audit(db, actor, {
      action: "change-password",
      entityType: "staff_user",
      entityId: viewer.id,
      outcome: "denied",
      detail: { reason: "rate limited", retryAfterSeconds: throttle.retryAfterSeconds },
    });
    return {
      ok: false,
      status: 429,
      field: "currentPassword",
      message: throttleMessage(throttle.retryAfterSeconds),
      retryAfterSeconds: throttle.retryAfterSeconds,
    };
  }
  const [user] = await db
    .select({ passwordHash: staffUser.passwordHash })
    .from(staffUser)
    .where(eq(staffUser.id, viewer.id));
  if (!(await verifyPassword(user?.passwordHash ?? null, input.currentPassword))) {
    await audit(db, actor, {
      action: "change-password",
      entityType: "staff_user",
      entityId: viewer.id,
      outcome: "failure",
    });
    return { ok: false, status: 400, field: "currentPassword", message: "That is not your current password." };
  }
  await recordSuccess(db, attempt);
  if (input.newPassword === input.currentPassword) {
    return {
      ok: false,
      status: 400,
      field: "newPassword",
      message: "Choose a password different from the current one.",
    };
  }
  const problem = await passwordProblem(input.newPassword, {
    email: viewer.email,
    name: viewer.name,
    clinicName: viewer.clinicName,
  });
  if (problem) {
    return { ok: false, status: 400, field: "newPassword", message: problem };
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx
      .update(staffUser)
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date() })
      .where(eq(staffUser.id, viewer.id));
    await invalidateUserSessions(tx, viewer.id);
    const session = await createSession(tx, viewer.id, { userAgent: origin.userAgent, ip: viewer.ip });
    await audit(tx, actor, { action: "change-password", entityType: "staff_user", entityId: viewer.id });
    return { ok: true as const, ...session };
  });
}
