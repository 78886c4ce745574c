import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { authSession, staffUser } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { clock } from "./clock";
import type { Viewer } from "./guard.server";
import { verifyPassword } from "./password.server";
import { verifyPasskey } from "./passkeys.server";
import { useRecoveryCode } from "./recovery-codes.server";
import { STEP_UP_WINDOW_MS, stepUpNeeded } from "./second-factor-policy";
import { factorsOf, hasSecondFactor } from "./second-factors.server";
import { STEP_UP_FIELDS, type StepUpMethod, type StepUpPrompt } from "./step-up";
import { checkThrottle, recordSuccess, throttleMessage } from "./throttle.server";
import { checkTotpCode } from "./totp.server";

declare const proofBrand: unique symbol;

/**
 * What a signature needs: this login session proved who its user is within the last 5 minutes
 * (signing in counts), or just now. Only requireRecentVerification makes one, so a writer that takes
 * a proof cannot be called without the check.
 */
export type StepUpProof = {
  readonly userId: string;
  readonly sessionId: string;
  readonly how: StepUpMethod | "recent";
  readonly [proofBrand]: true;
};

export type StepUpResult =
  | { ok: true; proof: StepUpProof }
  | { ok: false; status: 400 | 429; message: string; stepUp: StepUpPrompt; retryAfterSeconds?: number };

/** What is being signed, for the audit entry of a step-up. */
export type Signature = { action: string; entityType: string; entityId: string; patientId?: string | null };

async function verifiedAtOf(db: DbOrTx, sessionId: string): Promise<Date | null> {
  const [row] = await db
    .select({ verifiedAt: authSession.verifiedAt })
    .from(authSession)
    .where(eq(authSession.id, sessionId));
  return row?.verifiedAt ?? null;
}

/** What the signature form should ask for right now (the loader sends it; the action checks again). */
export async function stepUpPrompt(db: DbOrTx, viewer: Viewer): Promise<StepUpPrompt> {
  const [verifiedAt, factors] = await Promise.all([verifiedAtOf(db, viewer.sessionId), factorsOf(db, viewer.id)]);
  const methods: StepUpMethod[] = hasSecondFactor(factors)
    ? [
        ...(factors.totp ? (["totp"] as const) : []),
        ...(factors.passkeys.length > 0 ? (["passkey"] as const) : []),
        ...(factors.recoveryCodesLeft > 0 ? (["recovery-code"] as const) : []),
      ]
    : ["password"];
  return {
    required: verifiedAt === null || stepUpNeeded(verifiedAt, clock.now()),
    methods,
    windowMinutes: STEP_UP_WINDOW_MS / 60_000,
  };
}

function field(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

const ASK: Record<StepUpMethod, string> = {
  totp: "Enter the 6-digit code your authenticator app shows now.",
  passkey: "Use your passkey.",
  "recovery-code": "Enter one of your recovery codes.",
  password: "Enter your password.",
};

const WRONG: Record<StepUpMethod, string> = {
  totp: "That code is not right, or was already used. Enter the code your authenticator app shows now.",
  passkey: "The passkey could not be checked. Try again, or use another way.",
  "recovery-code": "That recovery code is not right, or was already used.",
  password: "That password is not right. Enter the password you sign in with.",
};

async function check(
  db: DbOrTx,
  viewer: Viewer,
  method: StepUpMethod,
  formData: FormData,
): Promise<{ ok: boolean; recoveryCodesLeft?: number }> {
  switch (method) {
    case "totp":
      return { ok: (await checkTotpCode(db, viewer.id, field(formData, STEP_UP_FIELDS.code))) === "ok" };
    case "recovery-code": {
      const used = await useRecoveryCode(db, viewer.id, field(formData, STEP_UP_FIELDS.recoveryCode));
      return used.ok ? { ok: true, recoveryCodesLeft: used.left } : { ok: false };
    }
    case "passkey":
      return {
        ok: await verifyPasskey(
          db,
          { ownerId: viewer.sessionId, purpose: "step-up", userId: viewer.id },
          field(formData, STEP_UP_FIELDS.passkey),
        ),
      };
    case "password": {
      const [account] = await db
        .select({ passwordHash: staffUser.passwordHash })
        .from(staffUser)
        .where(eq(staffUser.id, viewer.id));
      return {
        ok: await verifyPassword(account?.passwordHash ?? null, field(formData, STEP_UP_FIELDS.password).slice(0, 256)),
      };
    }
  }
}

/**
 * The one gate before a signature (clearance, dose order, sign-off, co-signature, witness). Within
 * 5 minutes of the login session's last verification it passes at once; otherwise the form must
 * carry the second factor — or the password, for someone with none — checked against the account's
 * step-up throttle. A failure is a sentence and writes nothing but its audit entry and the throttle.
 */
export async function requireRecentVerification(
  db: DbOrTx,
  viewer: Viewer,
  formData: FormData,
  signature: Signature,
): Promise<StepUpResult> {
  const prompt = await stepUpPrompt(db, viewer);
  if (!prompt.required) {
    return { ok: true, proof: { userId: viewer.id, sessionId: viewer.sessionId, how: "recent" } as StepUpProof };
  }
  const asked = field(formData, STEP_UP_FIELDS.method);
  const method = prompt.methods.find((candidate) => candidate === asked) ?? null;
  const stepUp = { ...prompt, required: true };
  if (method === null) {
    const first = prompt.methods[0] ?? "password";
    return {
      ok: false,
      status: 400,
      stepUp,
      message: `Confirm it is you before signing: your last confirmation was more than ${prompt.windowMinutes} minutes ago. ${ASK[first]}`,
    };
  }
  const actor = { id: viewer.id, clinicId: viewer.clinicId, ip: viewer.ip, email: viewer.email };
  const event = {
    action: "step-up",
    entityType: signature.entityType,
    entityId: signature.entityId,
    patientId: signature.patientId ?? null,
  };
  const attempt = { account: viewer.email, purpose: "step-up" as const, ip: viewer.ip };
  const throttle = await checkThrottle(db, attempt);
  if (!throttle.allowed) {
    await audit(db, actor, {
      ...event,
      outcome: "denied",
      detail: { factor: method, for: signature.action, reason: "throttled" },
    });
    return {
      ok: false,
      status: 429,
      stepUp,
      message: throttleMessage(throttle.retryAfterSeconds),
      retryAfterSeconds: throttle.retryAfterSeconds,
    };
  }
  const checked = await check(db, viewer, method, formData);
  if (!checked.ok) {
    await audit(db, actor, { ...event, outcome: "failure", detail: { factor: method, for: signature.action } });
    return { ok: false, status: 400, stepUp, message: WRONG[method] };
  }
  await recordSuccess(db, attempt);
  await db.update(authSession).set({ verifiedAt: clock.now() }).where(eq(authSession.id, viewer.sessionId));
  await audit(db, actor, {
    ...event,
    detail: {
      factor: method,
      for: signature.action,
      ...(checked.recoveryCodesLeft === undefined ? {} : { recoveryCodesLeft: checked.recoveryCodesLeft }),
    },
  });
  return { ok: true, proof: { userId: viewer.id, sessionId: viewer.sessionId, how: method } as StepUpProof };
}
