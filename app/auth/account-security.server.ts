import type { Db, DbOrTx } from "#db/client";
import { isUuid } from "#db/ids";
import { recoveryCode } from "#db/schema";
import { eq } from "drizzle-orm";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "./guard.server";
import { registerPasskey, removePasskey } from "./passkeys.server";
import { replaceRecoveryCodes } from "./recovery-codes.server";
import { factorsOf, hasSecondFactor, secondFactorRequiredFor, type FactorSummary } from "./second-factors.server";
import type { StepUpProof } from "./step-up.server";
import { checkTotpCode, removeTotp, startTotpEnrolment } from "./totp.server";

export type FactorChange =
  { ok: true; recoveryCodes: string[] | null } | { ok: false; status: 400 | 404 | 409; message: string };

function ref(viewer: Viewer): { entityType: string; entityId: string } {
  return { entityType: "staff_user", entityId: viewer.id };
}

/** A first factor comes with recovery codes (shown once); later ones keep the codes there are. */
async function codesForFirstFactor(db: DbOrTx, viewer: Viewer, before: FactorSummary): Promise<string[] | null> {
  return hasSecondFactor(before) && before.recoveryCodesLeft > 0 ? null : replaceRecoveryCodes(db, viewer);
}

export async function beginTotp(db: Db, viewer: Viewer, _proof: StepUpProof): Promise<FactorChange> {
  const started = await startTotpEnrolment(db, viewer);
  return started.ok ? { ok: true, recoveryCodes: null } : { ok: false, status: 409, message: started.message };
}

export async function confirmTotp(db: Db, viewer: Viewer, code: string): Promise<FactorChange> {
  return db.transaction(async (tx) => {
    const before = await factorsOf(tx, viewer.id);
    const check = await checkTotpCode(tx, viewer.id, code, { enrolling: true });
    if (check !== "ok") {
      return {
        ok: false as const,
        status: 400 as const,
        message:
          check === "none"
            ? "Start the set-up again: no authenticator app is waiting for a code."
            : "That code is not right. Enter the 6-digit code the app shows now (check the phone's clock if it keeps failing).",
      };
    }
    const recoveryCodes = await codesForFirstFactor(tx, viewer, before);
    await audit(tx, auditActor(viewer), { action: "enrol:second-factor", ...ref(viewer), detail: { factor: "totp" } });
    return { ok: true as const, recoveryCodes };
  });
}

export async function addPasskey(
  db: Db,
  viewer: Viewer,
  input: { response: string; name: string },
  _proof: StepUpProof,
): Promise<FactorChange> {
  return db.transaction(async (tx) => {
    const before = await factorsOf(tx, viewer.id);
    const registered = await registerPasskey(tx, viewer, viewer.sessionId, input);
    if (!registered.ok) {
      return { ok: false as const, status: 400 as const, message: registered.message };
    }
    const recoveryCodes = await codesForFirstFactor(tx, viewer, before);
    await audit(tx, auditActor(viewer), {
      action: "enrol:second-factor",
      ...ref(viewer),
      detail: { factor: "passkey", passkeyId: registered.passkeyId },
    });
    return { ok: true as const, recoveryCodes };
  });
}

export type FactorToRemove = { kind: "totp" } | { kind: "passkey"; passkeyId: string };

/** Removes one factor; the last one only when the clinic does not require one of this user. */
export async function removeFactor(
  db: Db,
  viewer: Viewer,
  target: FactorToRemove,
  _proof: StepUpProof,
): Promise<FactorChange> {
  if (target.kind === "passkey" && !isUuid(target.passkeyId)) {
    return { ok: false, status: 404, message: "That passkey does not exist (it may already be removed)." };
  }
  return db.transaction(async (tx) => {
    const factors = await factorsOf(tx, viewer.id);
    const count = (factors.totp ? 1 : 0) + factors.passkeys.length;
    const owned =
      target.kind === "totp"
        ? factors.totp !== null || factors.totpPending
        : factors.passkeys.some((passkey) => passkey.id === target.passkeyId);
    if (!owned) {
      return {
        ok: false as const,
        status: 404 as const,
        message:
          target.kind === "totp"
            ? "You have no authenticator app to remove."
            : "That passkey does not exist (it may already be removed).",
      };
    }
    const removingConfirmed = target.kind === "passkey" || factors.totp !== null;
    if (removingConfirmed && count === 1 && (await secondFactorRequiredFor(tx, viewer))) {
      return {
        ok: false as const,
        status: 409 as const,
        message: "Your clinic requires a second factor for your role: add another one before removing this one.",
      };
    }
    if (target.kind === "totp") {
      await removeTotp(tx, viewer.id);
    } else {
      await removePasskey(tx, viewer.id, target.passkeyId);
    }
    // Without a factor the second step is not asked, so leftover recovery codes would only be a risk.
    if (removingConfirmed && count === 1) {
      await tx.delete(recoveryCode).where(eq(recoveryCode.userId, viewer.id));
    }
    await audit(tx, auditActor(viewer), {
      action: "remove:second-factor",
      ...ref(viewer),
      detail: { factor: target.kind },
    });
    return { ok: true as const, recoveryCodes: null };
  });
}

export async function regenerateRecoveryCodes(db: Db, viewer: Viewer, _proof: StepUpProof): Promise<FactorChange> {
  return db.transaction(async (tx) => {
    if (!hasSecondFactor(await factorsOf(tx, viewer.id))) {
      return {
        ok: false as const,
        status: 409 as const,
        message: "Set up an authenticator app or a passkey first: recovery codes stand in for one.",
      };
    }
    const recoveryCodes = await replaceRecoveryCodes(tx, viewer);
    await audit(tx, auditActor(viewer), { action: "regenerate:recovery-codes", ...ref(viewer) });
    return { ok: true as const, recoveryCodes };
  });
}
