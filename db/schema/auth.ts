import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffUser } from "./staff";

/** A signed-in session. The id is the SHA-256 of the cookie token, so a leaked table grants nothing. */
export const authSession = pgTable(
  "auth_session",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => staffUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("auth_session_user_idx").on(t.userId)],
);
