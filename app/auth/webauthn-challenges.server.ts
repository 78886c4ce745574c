import { and, eq, gt, lt } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { webauthnChallenge, type WebAuthnPurpose } from "#db/schema";
import { clock } from "./clock";

/** Long enough to find the key and touch it; short enough that a stolen challenge is soon useless. */
export const CHALLENGE_LIFETIME_MS = 5 * 60_000;

/** ownerId: the login session's or pending sign-in's id; a new challenge replaces the previous one. */
export type ChallengeOwner = { ownerId: string; purpose: WebAuthnPurpose; userId: string };

export async function putChallenge(db: DbOrTx, owner: ChallengeOwner, challenge: string): Promise<void> {
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + CHALLENGE_LIFETIME_MS);
  await db.delete(webauthnChallenge).where(lt(webauthnChallenge.expiresAt, now));
  await db
    .insert(webauthnChallenge)
    .values({ ...owner, challenge, expiresAt })
    .onConflictDoUpdate({
      target: [webauthnChallenge.ownerId, webauthnChallenge.purpose],
      set: { userId: owner.userId, challenge, expiresAt },
    });
}

/** Takes the challenge out (single use): null when there is none, or it expired. */
export async function takeChallenge(db: DbOrTx, owner: ChallengeOwner): Promise<string | null> {
  const [taken] = await db
    .delete(webauthnChallenge)
    .where(
      and(
        eq(webauthnChallenge.ownerId, owner.ownerId),
        eq(webauthnChallenge.purpose, owner.purpose),
        eq(webauthnChallenge.userId, owner.userId),
        gt(webauthnChallenge.expiresAt, clock.now()),
      ),
    )
    .returning({ challenge: webauthnChallenge.challenge });
  return taken?.challenge ?? null;
}
