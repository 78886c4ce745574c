import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { renderSVG } from "uqr";
import type { DbOrTx } from "#db/client";
import { totpCredential } from "#db/schema";
import { clock } from "./clock";
import { open, seal } from "./secret-box.server";
import { groupedSecret, matchingStep, newTotpSecret, totpKeyUri } from "./totp";

// The secret box is bound to its owner: a sealed secret copied to another user's row will not open.
function owner(userId: string): string {
  return `totp:${userId}`;
}

export type TotpEnrolmentView = { uri: string; secret: string; qrCodeDataUrl: string };

/** Starts (or starts again) an enrolment: a new secret, unconfirmed until a first valid code. */
export async function startTotpEnrolment(
  db: DbOrTx,
  user: { id: string; clinicId: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const [existing] = await db
    .select({ confirmedAt: totpCredential.confirmedAt })
    .from(totpCredential)
    .where(eq(totpCredential.userId, user.id));
  if (existing?.confirmedAt) {
    return { ok: false, message: "You already have an authenticator app. Remove it first to set up another." };
  }
  const secretBox = seal(newTotpSecret(), owner(user.id));
  await db
    .insert(totpCredential)
    .values({ clinicId: user.clinicId, userId: user.id, secretBox, createdAt: clock.now() })
    .onConflictDoUpdate({
      target: totpCredential.userId,
      set: { secretBox, createdAt: clock.now(), lastUsedStep: null },
      where: isNull(totpCredential.confirmedAt),
    });
  return { ok: true };
}

/** What the enrolment page shows while an enrolment waits for its first code; null when none does. */
export async function totpEnrolmentView(
  db: DbOrTx,
  user: { id: string; email: string; clinicName: string },
): Promise<TotpEnrolmentView | null> {
  const [row] = await db
    .select({ secretBox: totpCredential.secretBox })
    .from(totpCredential)
    .where(and(eq(totpCredential.userId, user.id), isNull(totpCredential.confirmedAt)));
  if (!row) {
    return null;
  }
  const secret = open(row.secretBox, owner(user.id));
  const uri = totpKeyUri(secret, `KAP Care Team (${user.clinicName})`, user.email);
  // Shown as an image: the SVG is ours, and as an <img> it carries no markup into the page.
  return {
    uri,
    secret: groupedSecret(secret),
    qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(renderSVG(uri, { border: 2 })).toString("base64")}`,
  };
}

export type TotpCheck = "ok" | "wrong" | "replayed" | "none";

/**
 * Checks a code against the user's app (confirmed, or the one being enrolled) and, when right, marks
 * its time step used in the same statement: of two requests with one code, only one gets "ok".
 */
export async function checkTotpCode(
  db: DbOrTx,
  userId: string,
  code: string,
  options: { enrolling?: boolean } = {},
): Promise<TotpCheck> {
  const confirmed = options.enrolling ? isNull(totpCredential.confirmedAt) : isNotNull(totpCredential.confirmedAt);
  const [row] = await db
    .select({ id: totpCredential.id, secretBox: totpCredential.secretBox, lastUsedStep: totpCredential.lastUsedStep })
    .from(totpCredential)
    .where(and(eq(totpCredential.userId, userId), confirmed));
  if (!row) {
    return "none";
  }
  const now = clock.now();
  const step = matchingStep(open(row.secretBox, owner(userId)), code, now);
  if (step === null) {
    return "wrong";
  }
  const marked = await db
    .update(totpCredential)
    .set({ lastUsedStep: step, ...(options.enrolling ? { confirmedAt: now } : {}) })
    .where(
      and(
        eq(totpCredential.id, row.id),
        confirmed,
        or(isNull(totpCredential.lastUsedStep), lt(totpCredential.lastUsedStep, step)),
      ),
    )
    .returning({ id: totpCredential.id });
  return marked.length > 0 ? "ok" : "replayed";
}

export async function removeTotp(db: DbOrTx, userId: string): Promise<boolean> {
  const removed = await db
    .delete(totpCredential)
    .where(eq(totpCredential.userId, userId))
    .returning({ id: totpCredential.id });
  return removed.length > 0;
}
