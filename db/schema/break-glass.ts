import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinic } from "./clinic";
import { patient } from "./patients";
import { staffUser } from "./staff";

export const BREAK_GLASS_REASON_KINDS = ["emergency", "patient-present", "covering", "other"] as const;
export type BreakGlassReasonKind = (typeof BREAK_GLASS_REASON_KINDS)[number];

/**
 * Emergency access of one clinician to one patient outside their care teams, for a limited time.
 * Append-only (migrations/0016): the one change allowed is ending it early, ended_at set once. The
 * database refuses a second live grant for the same clinician and patient, a reason shorter than 20
 * characters, and a window longer than 240 minutes.
 */
export const breakGlassGrant = pgTable(
  "break_glass_grant",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    reasonKind: text("reason_kind").$type<BreakGlassReasonKind>().notNull(),
    reason: text("reason").notNull(),
    // Set from the application's clock, which tests control: expiry is decided against it.
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("break_glass_grant_user_idx").on(t.userId, t.expiresAt),
    index("break_glass_grant_clinic_idx").on(t.clinicId, t.startsAt),
    index("break_glass_grant_patient_idx").on(t.patientId, t.startsAt),
  ],
);

/** An admin's review of a grant, with a note; one per grant, append-only. */
export const breakGlassReview = pgTable("break_glass_review", {
  grantId: uuid("grant_id")
    .primaryKey()
    .references(() => breakGlassGrant.id),
  clinicId: uuid("clinic_id")
    .notNull()
    .references(() => clinic.id),
  reviewedBy: uuid("reviewed_by")
    .notNull()
    .references(() => staffUser.id),
  reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull(),
  note: text("note").notNull(),
});
