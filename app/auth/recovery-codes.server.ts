import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { recoveryCode } from "#db/schema";
import { clock } from "./clock";
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from "./recovery-codes";
import { unusedRecoveryCodeCount } from "./second-factors.server";

/** New codes replace every old one, used or not; the plain codes are returned once, to be shown once. */
export async function replaceRecoveryCodes(db: DbOrTx, user: { id: string; clinicId: string }): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.delete(recoveryCode).where(eq(recoveryCode.userId, user.id));
  await db.insert(recoveryCode).values(
    codes.map((code) => ({
      clinicId: user.clinicId,
      userId: user.id,
      codeHash: hashRecoveryCode(normaliseRecoveryCode(code)!),
    })),
  );
  return codes;
}

export type RecoveryCodeUse = { ok: true; left: number } | { ok: false };

/** Marks the code used if it is one of the user's unused codes; of two simultaneous uses, one wins. */
export async function useRecoveryCode(db: DbOrTx, userId: string, input: string): Promise<RecoveryCodeUse> {
  const code = normaliseRecoveryCode(input);
  if (code === null) {
    return { ok: false };
  }
  const used = await db
    .update(recoveryCode)
    .set({ usedAt: clock.now() })
    .where(
      and(
        eq(recoveryCode.userId, userId),
        eq(recoveryCode.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCode.usedAt),
      ),
    )
    .returning({ id: recoveryCode.id });
  if (used.length === 0) {
    return { ok: false };
  }
  return { ok: true, left: await unusedRecoveryCodeCount(db, userId) };
}
