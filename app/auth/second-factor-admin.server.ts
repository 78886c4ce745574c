import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { clinic, passkeyCredential, pendingSignIn, recoveryCode, totpCredential, webauthnChallenge } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "./guard.server";
import { requirementOf, type SecondFactorRequirement } from "./second-factor-policy";
import { factorsOf, type FactorSummary } from "./second-factors.server";
import { invalidateUserSessions } from "./session.server";
import type { StepUpProof } from "./step-up.server";

export async function clinicSecondFactorRequirement(db: DbOrTx, clinicId: string): Promise<SecondFactorRequirement> {
  const [row] = await db.select({ settings: clinic.settings }).from(clinic).where(eq(clinic.id, clinicId));
  return requirementOf(row?.settings);
}

/** Saves who must have a second factor; it applies at once, to every signed-in user. Audited. */
export async function saveSecondFactorRequirement(
  db: Db,
  viewer: Viewer,
  requirement: SecondFactorRequirement,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await clinicSecondFactorRequirement(tx, viewer.clinicId);
    await tx
      .update(clinic)
      .set({ settings: sql`${clinic.settings} || ${JSON.stringify({ secondFactorRequirement: requirement })}::jsonb` })
      .where(eq(clinic.id, viewer.clinicId));
    await audit(tx, auditActor(viewer), {
      action: "manage:clinic",
      entityType: "clinic",
      entityId: viewer.clinicId,
      detail: { secondFactorRequirement: { from: before, to: requirement } },
    });
  });
}

/** What an admin may know of a user's second factors: which kinds, never a secret. */
export async function secondFactorsOfMember(db: DbOrTx, userId: string): Promise<FactorSummary> {
  return factorsOf(db, userId);
}

export type ResetResult = { ok: true } | { ok: false; message: string };

/**
 * For a lost phone or key: every second factor and recovery code of the user goes, and every login
 * session and pending sign-in of theirs ends. Where the clinic requires a factor, they enrol again
 * right after their next password.
 */
export async function resetSecondFactors(
  db: Db,
  viewer: Viewer,
  member: { id: string; clinicId: string },
  _proof: StepUpProof,
): Promise<ResetResult> {
  if (member.id === viewer.id) {
    return { ok: false, message: "To change your own second factors, use Account → Security." };
  }
  await db.transaction(async (tx) => {
    const before = await factorsOf(tx, member.id);
    await tx.delete(totpCredential).where(eq(totpCredential.userId, member.id));
    await tx.delete(passkeyCredential).where(eq(passkeyCredential.userId, member.id));
    await tx.delete(recoveryCode).where(eq(recoveryCode.userId, member.id));
    await tx.delete(webauthnChallenge).where(eq(webauthnChallenge.userId, member.id));
    await tx.delete(pendingSignIn).where(eq(pendingSignIn.userId, member.id));
    await invalidateUserSessions(tx, member.id);
    await audit(tx, auditActor(viewer), {
      action: "reset:second-factors",
      entityType: "staff_user",
      entityId: member.id,
      detail: {
        totp: before.totp !== null,
        passkeys: before.passkeys.length,
        recoveryCodesLeft: before.recoveryCodesLeft,
      },
    });
  });
  return { ok: true };
}
