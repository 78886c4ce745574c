import type { Db } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { endPendingSignIn, recordPendingFailure, type PendingSignIn } from "./pending-sign-in.server";
import { verifyPasskey } from "./passkeys.server";
import { useRecoveryCode } from "./recovery-codes.server";
import type { FactorKind } from "./second-factors.server";
import { createSession, type SessionOrigin } from "./session.server";
import { checkThrottle, recordSuccess, throttleMessage, trustDevice } from "./throttle.server";
import { checkTotpCode } from "./totp.server";

export type SecondStepInput =
  | { method: "totp"; code: string }
  | { method: "recovery-code"; code: string }
  | { method: "passkey"; response: string };

export type SecondStepResult =
  | { ok: true; token: string; expiresAt: Date; deviceToken: string; recoveryCodesLeft: number | null }
  | { ok: false; status: 400 | 429; message: string; ended: boolean; retryAfterSeconds?: number };

const WRONG: Record<SecondStepInput["method"], string> = {
  totp: "That code is not right. Enter the 6-digit code your authenticator app shows now.",
  "recovery-code": "That recovery code is not right, or was already used.",
  passkey: "The passkey could not be checked. Try again, or use another way.",
};

async function verify(
  db: Db,
  pending: PendingSignIn,
  input: SecondStepInput,
): Promise<{ ok: boolean; reason?: string; recoveryCodesLeft?: number }> {
  switch (input.method) {
    case "totp": {
      const check = await checkTotpCode(db, pending.userId, input.code);
      return check === "ok"
        ? { ok: true }
        : {
            ok: false,
            reason:
              check === "replayed" ? "code already used" : check === "none" ? "no authenticator app" : "wrong code",
          };
    }
    case "recovery-code": {
      const used = await useRecoveryCode(db, pending.userId, input.code);
      return used.ok
        ? { ok: true, recoveryCodesLeft: used.left }
        : { ok: false, reason: "wrong or used recovery code" };
    }
    case "passkey":
      return (await verifyPasskey(
        db,
        { ownerId: pending.id, purpose: "sign-in", userId: pending.userId },
        input.response,
      ))
        ? { ok: true }
        : { ok: false, reason: "passkey not verified" };
  }
}

/**
 * The second step of signing in. Each answer spends the account's second-factor budget (the
 * throttle; a trusted device has its own) and the pending sign-in's few tries; a right one ends the
 * pending sign-in and opens the login session. Audited with the kind of factor, never the code.
 */
export async function completeSecondStep(
  db: Db,
  pending: PendingSignIn,
  input: SecondStepInput,
  context: { ip: string; deviceToken: string | null; origin: SessionOrigin },
): Promise<SecondStepResult> {
  const actor = { id: pending.userId, clinicId: pending.clinicId, ip: context.ip, email: pending.email };
  const factor: FactorKind = input.method;
  const attempt = {
    account: pending.email,
    purpose: "second-factor" as const,
    ip: context.ip,
    deviceToken: context.deviceToken,
  };
  const throttle = await checkThrottle(db, attempt);
  if (!throttle.allowed) {
    await audit(db, actor, {
      action: "sign-in:second-factor",
      entityType: "session",
      outcome: "denied",
      detail: { factor, reason: "throttled" },
    });
    return {
      ok: false,
      status: 429,
      message: throttleMessage(throttle.retryAfterSeconds),
      ended: false,
      retryAfterSeconds: throttle.retryAfterSeconds,
    };
  }
  const checked = await verify(db, pending, input);
  if (!checked.ok) {
    const ended = await recordPendingFailure(db, pending);
    await audit(db, actor, {
      action: "sign-in:second-factor",
      entityType: "session",
      outcome: "failure",
      detail: { factor, reason: checked.reason },
    });
    return {
      ok: false,
      status: 400,
      message: ended ? "Too many wrong answers. Sign in again with your password." : WRONG[input.method],
      ended,
    };
  }
  if (!(await endPendingSignIn(db, pending.id))) {
    return {
      ok: false,
      status: 400,
      message: "This sign-in was already completed or has expired. Sign in again.",
      ended: true,
    };
  }
  await recordSuccess(db, attempt);
  return db.transaction(async (tx) => {
    const session = await createSession(tx, pending.userId, context.origin);
    const deviceToken = await trustDevice(tx, { account: pending.email, deviceToken: context.deviceToken });
    await audit(tx, actor, {
      action: "sign-in",
      entityType: "session",
      detail: {
        factor,
        ...(checked.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: checked.recoveryCodesLeft }),
      },
    });
    return { ok: true as const, ...session, deviceToken, recoveryCodesLeft: checked.recoveryCodesLeft ?? null };
  });
}
