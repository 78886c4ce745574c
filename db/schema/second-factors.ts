import {
  bigint,
  index,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  check,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { clinic } from "./clinic";
import { staffUser } from "./staff";

/**
 * An authenticator app (TOTP). The secret is sealed with AES-256-GCM (app/auth/secret-box.server.ts);
 * unconfirmed until the first valid code. last_used_step only moves forward (trigger), so a code
 * is accepted once.
 */
export const totpCredential = pgTable(
  "totp_credential",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    secretBox: text("secret_box").notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    lastUsedStep: bigint("last_used_step", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("totp_credential_user_key").on(t.userId)],
);

/** A WebAuthn credential used as a second factor; public key and id in base64url. */
export const passkeyCredential = pgTable(
  "passkey_credential",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    credentialId: text("credential_id").notNull(),
    publicKey: text("public_key").notNull(),
    signCount: bigint("sign_count", { mode: "number" }).notNull().default(0),
    transports: text("transports")
      .array()
      .notNull()
      .default(sql`'{}'`),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("passkey_credential_credential_key").on(t.credentialId),
    index("passkey_credential_user_idx").on(t.userId),
  ],
);

/** Only the SHA-256 of each code (80 random bits) is kept; a used code stays used (trigger). */
export const recoveryCode = pgTable(
  "recovery_code",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("recovery_code_user_hash_key").on(t.userId, t.codeHash)],
);

/**
 * Between a right password and the second factor: short-lived, single-purpose, never a login
 * session. The id is the SHA-256 of the token in its own cookie.
 */
export const pendingSignIn = pgTable(
  "pending_sign_in",
  {
    id: text("id").primaryKey(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    redirectTo: text("redirect_to").notNull().default("/"),
    failedAttempts: smallint("failed_attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("pending_sign_in_user_idx").on(t.userId), index("pending_sign_in_expires_idx").on(t.expiresAt)],
);

export const WEBAUTHN_PURPOSES = ["sign-in", "step-up", "register"] as const;
export type WebAuthnPurpose = (typeof WEBAUTHN_PURPOSES)[number];

/**
 * One outstanding challenge per owner (a login session or a pending sign-in, by id) and purpose;
 * taken (deleted) when a response is checked, so it serves once.
 */
export const webauthnChallenge = pgTable(
  "webauthn_challenge",
  {
    ownerId: text("owner_id").notNull(),
    purpose: text("purpose").$type<WebAuthnPurpose>().notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    challenge: text("challenge").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.purpose] }),
    check("webauthn_challenge_purpose_check", sql`${t.purpose} in ('sign-in', 'step-up', 'register')`),
  ],
);
