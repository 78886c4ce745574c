import { and, asc, count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { clinic, passkeyCredential, recoveryCode, staffUser, totpCredential } from "#db/schema";
import type { Role } from "#db/schema/staff";
import { mustHaveSecondFactor, requirementOf, type SecondFactorRequirement } from "./second-factor-policy";

/** How a person proved who they are, as the audit trail names it (never the code itself). */
export type FactorKind = "totp" | "passkey" | "recovery-code" | "password";

export type FactorSummary = {
  totp: { confirmedAt: Date } | null;
  totpPending: boolean;
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
  recoveryCodesLeft: number;
  recoveryCodesIssued: number;
};

export async function factorsOf(db: DbOrTx, userId: string): Promise<FactorSummary> {
  const [[totp], passkeys, [codes]] = await Promise.all([
    db
      .select({ confirmedAt: totpCredential.confirmedAt })
      .from(totpCredential)
      .where(eq(totpCredential.userId, userId)),
    db
      .select({
        id: passkeyCredential.id,
        name: passkeyCredential.name,
        createdAt: passkeyCredential.createdAt,
        lastUsedAt: passkeyCredential.lastUsedAt,
      })
      .from(passkeyCredential)
      .where(eq(passkeyCredential.userId, userId))
      .orderBy(asc(passkeyCredential.createdAt)),
    db
      .select({
        issued: count(),
        left: sql<number>`count(*) filter (where ${recoveryCode.usedAt} is null)`.mapWith(Number),
      })
      .from(recoveryCode)
      .where(eq(recoveryCode.userId, userId)),
  ]);
  return {
    totp: totp?.confirmedAt ? { confirmedAt: totp.confirmedAt } : null,
    totpPending: totp !== undefined && totp.confirmedAt === null,
    passkeys,
    recoveryCodesLeft: codes?.left ?? 0,
    recoveryCodesIssued: codes?.issued ?? 0,
  };
}

/** A confirmed authenticator app or a passkey; recovery codes alone are only a way back in. */
export function hasSecondFactor(summary: FactorSummary): boolean {
  return summary.totp !== null || summary.passkeys.length > 0;
}

export async function userHasSecondFactor(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ enrolled: enrolledSql(userId) })
    .from(staffUser)
    .where(eq(staffUser.id, userId));
  return row?.enrolled === true;
}

/** SQL for "this user has a second factor", for queries that already read the user (one round trip). */
export function enrolledSql(userId: string | typeof staffUser.id): ReturnType<typeof sql<boolean>> {
  return sql<boolean>`(exists (select 1 from ${totpCredential} where ${totpCredential.userId} = ${userId} and ${totpCredential.confirmedAt} is not null) or exists (select 1 from ${passkeyCredential} where ${passkeyCredential.userId} = ${userId}))`;
}

export async function clinicRequirement(db: DbOrTx, clinicId: string): Promise<SecondFactorRequirement> {
  const [row] = await db.select({ settings: clinic.settings }).from(clinic).where(eq(clinic.id, clinicId));
  return requirementOf(row?.settings);
}

/** Whether removing this user's last factor must be refused: their clinic requires one of them. */
export async function secondFactorRequiredFor(
  db: DbOrTx,
  user: { clinicId: string; roles: readonly Role[] },
): Promise<boolean> {
  return mustHaveSecondFactor(await clinicRequirement(db, user.clinicId), user.roles);
}

export async function unusedRecoveryCodeCount(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCode)
    .where(and(eq(recoveryCode.userId, userId), isNull(recoveryCode.usedAt)));
  return row?.n ?? 0;
}

export async function confirmedTotpExists(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: totpCredential.id })
    .from(totpCredential)
    .where(and(eq(totpCredential.userId, userId), isNotNull(totpCredential.confirmedAt)));
  return row !== undefined;
}
