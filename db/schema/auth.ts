import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { staffUser } from "./staff";

/** A signed-in session. The id is the SHA-256 of the cookie token, so a leaked table grants nothing. */
export const authSession = pgTable(
  "auth_session",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Names the session on the signed-in devices page; the id (a token hash) never leaves the server. */
    publicId: uuid("public_id").notNull().defaultRandom(),
    /** Where the session was opened, kept for its owner to recognise it (truncated to 256 characters). */
    userAgent: text("user_agent").notNull().default(""),
    ip: text("ip").notNull().default(""),
    /** The last time its user proved who they are (sign-in, second factor, step-up): signatures ask again after 5 minutes. */
    verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("auth_session_user_idx").on(t.userId), uniqueIndex("auth_session_public_id_key").on(t.publicId)],
);
