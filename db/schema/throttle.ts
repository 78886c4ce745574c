import { check, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const THROTTLE_PURPOSES = ["sign-in", "second-factor", "step-up", "password-change"] as const;
export type ThrottlePurpose = (typeof THROTTLE_PURPOSES)[number];

/**
 * One failure budget (ADR 0008). `device` is the SHA-256 of a trusted device's token, or "" for the
 * budget that every untrusted device shares for the account. Keyed by the account's email address as
 * typed, so an unknown address is throttled exactly like a known one.
 */
export const attemptThrottle = pgTable(
  "attempt_throttle",
  {
    purpose: text("purpose").$type<ThrottlePurpose>().notNull(),
    account: text("account").notNull(),
    device: text("device").notNull().default(""),
    failures: integer("failures").notNull(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }).notNull(),
    blockedUntil: timestamp("blocked_until", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "attempt_throttle_pkey", columns: [t.purpose, t.account, t.device] }),
    check("attempt_throttle_purpose", sql`${t.purpose} IN ('sign-in', 'second-factor', 'step-up', 'password-change')`),
    check("attempt_throttle_failures", sql`${t.failures} >= 0`),
    index("attempt_throttle_last_attempt_idx").on(t.lastAttemptAt),
  ],
);

/** A browser (by the SHA-256 of its device cookie) that has completed a sign-in to the account. */
export const trustedDevice = pgTable(
  "trusted_device",
  {
    device: text("device").notNull(),
    account: text("account").notNull(),
    trustedAt: timestamp("trusted_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "trusted_device_pkey", columns: [t.device, t.account] }),
    index("trusted_device_trusted_at_idx").on(t.trustedAt),
  ],
);
