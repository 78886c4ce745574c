import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { and, eq, gt, lt } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptThrottle, trustedDevice, type ThrottlePurpose } from "#db/schema";
import { clock } from "./clock";
import { decideAttempt, THROTTLE_POLICY } from "./rate-limit";

export type { ThrottlePurpose } from "#db/schema";

/**
 * One attempt at a secret. `account` is the email address as typed (lower-cased here), so an unknown
 * address is throttled exactly like a known one and the answer reveals nothing. `deviceToken` is the
 * browser's device cookie (readDeviceToken); a device trusted for this account spends only its own
 * budget, so strangers cannot use up the owner's.
 */
export type ThrottleAttempt = { account: string; purpose: ThrottlePurpose; ip: string; deviceToken?: string | null };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// A device stays trusted this long after its last completed sign-in to the account.
export const DEVICE_TRUST_MS = 180 * 24 * 3_600_000;
const DEVICE_TOKEN_BYTES = 20;
// Two writers racing for one budget retry; past this, the caller is told to wait a moment.
const MAX_CONTENDED_TRIES = 3;

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function isDeviceToken(token: string | null | undefined): token is string {
  return typeof token === "string" && /^[a-z2-7]{32}$/u.test(token);
}

/** The budget this attempt spends: the trusted device's own, or the account's shared one (""). */
async function budgetDevice(db: DbOrTx, account: string, deviceToken: string | null | undefined): Promise<string> {
  if (!isDeviceToken(deviceToken)) {
    return "";
  }
  const device = hashToken(deviceToken);
  const trustedSince = new Date(clock.now().getTime() - DEVICE_TRUST_MS);
  const [row] = await db
    .select({ device: trustedDevice.device })
    .from(trustedDevice)
    .where(
      and(
        eq(trustedDevice.device, device),
        eq(trustedDevice.account, account),
        gt(trustedDevice.trustedAt, trustedSince),
      ),
    );
  return row ? device : "";
}

/**
 * Call before checking the password or code. When allowed, the attempt is already counted as a
 * failure (so a burst of parallel guesses cannot all pass the check): a wrong answer needs no further
 * call, a right one calls recordSuccess. When refused, nothing is counted and the secret must not be
 * checked; answer 429 with Retry-After (throttleReply) and audit the refusal.
 */
export async function checkThrottle(db: DbOrTx, attempt: ThrottleAttempt): Promise<ThrottleDecision> {
  const account = attempt.account.toLowerCase();
  const device = await budgetDevice(db, account, attempt.deviceToken);
  const key = and(
    eq(attemptThrottle.purpose, attempt.purpose),
    eq(attemptThrottle.account, account),
    eq(attemptThrottle.device, device),
  );
  for (let tries = 0; tries < MAX_CONTENDED_TRIES; tries += 1) {
    const now = clock.now();
    const [state] = await db
      .select({
        failures: attemptThrottle.failures,
        lastAttemptAt: attemptThrottle.lastAttemptAt,
        blockedUntil: attemptThrottle.blockedUntil,
      })
      .from(attemptThrottle)
      .where(key);
    const decision = decideAttempt(state ?? null, now);
    if (!decision.allowed) {
      return decision;
    }
    // Compare-and-set: only one of several simultaneous attempts moves the budget from what it read.
    const written = state
      ? await db
          .update(attemptThrottle)
          .set(decision.next)
          .where(
            and(
              key,
              eq(attemptThrottle.failures, state.failures),
              eq(attemptThrottle.lastAttemptAt, state.lastAttemptAt),
            ),
          )
          .returning({ failures: attemptThrottle.failures })
      : await db
          .insert(attemptThrottle)
          .values({ purpose: attempt.purpose, account, device, ...decision.next })
          .onConflictDoNothing()
          .returning({ failures: attemptThrottle.failures });
    if (written.length > 0) {
      return { allowed: true };
    }
  }
  return { allowed: false, retryAfterSeconds: 1 };
}

/** The secret was right: the budget this attempt was counted against starts again from zero. */
export async function recordSuccess(db: DbOrTx, attempt: ThrottleAttempt): Promise<void> {
  const account = attempt.account.toLowerCase();
  const device = await budgetDevice(db, account, attempt.deviceToken);
  await db
    .delete(attemptThrottle)
    .where(
      and(
        eq(attemptThrottle.purpose, attempt.purpose),
        eq(attemptThrottle.account, account),
        eq(attemptThrottle.device, device),
      ),
    );
}

/**
 * After a completed sign-in (every factor passed): this browser becomes trusted for the account.
 * Returns the device token for the cookie (the browser's own when it had a well-formed one).
 * Also sweeps budgets and trust that have lapsed, so the tables stay small without a job.
 */
export async function trustDevice(
  db: DbOrTx,
  input: { account: string; deviceToken?: string | null },
): Promise<string> {
  const account = input.account.toLowerCase();
  const token = isDeviceToken(input.deviceToken) ? input.deviceToken : newDeviceToken();
  const now = clock.now();
  await db
    .insert(trustedDevice)
    .values({ device: hashToken(token), account, trustedAt: now })
    .onConflictDoUpdate({ target: [trustedDevice.device, trustedDevice.account], set: { trustedAt: now } });
  await db
    .delete(attemptThrottle)
    .where(lt(attemptThrottle.lastAttemptAt, new Date(now.getTime() - THROTTLE_POLICY.forgetAfterMs)));
  await db.delete(trustedDevice).where(lt(trustedDevice.trustedAt, new Date(now.getTime() - DEVICE_TRUST_MS)));
  return token;
}

function newDeviceToken(): string {
  const bytes = new Uint8Array(DEVICE_TOKEN_BYTES);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The sentence shown with a 429, in whole minutes once the wait is long enough to plan around. */
export function throttleMessage(retryAfterSeconds: number): string {
  const wait =
    retryAfterSeconds < 90
      ? `${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}`
      : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return `Too many wrong attempts for this account. Wait ${wait}, then try again.`;
}

/** Status and header for a throttled answer: 429 with Retry-After in seconds. */
export function throttleResponseInit(retryAfterSeconds: number): { status: 429; headers: { "Retry-After": string } } {
  return { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } };
}
