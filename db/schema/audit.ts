import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const AUDIT_OUTCOMES = ["success", "denied", "not_found", "failure"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Append-only: a trigger (migrations/*_append_only.sql) refuses UPDATE, DELETE and TRUNCATE.
 * No foreign keys, so an entry can name a record that does not exist (a probe for another clinic's id).
 */
export const auditEntry = pgTable(
  "audit_entry",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    clinicId: uuid("clinic_id"),
    actorUserId: uuid("actor_user_id"),
    /** For sign-in attempts by unknown or failed accounts: the address that was tried. */
    actorEmail: text("actor_email").notNull().default(""),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull().default(""),
    patientId: uuid("patient_id"),
    ip: text("ip").notNull().default(""),
    outcome: text("outcome").$type<AuditOutcome>().notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_clinic_at_idx").on(t.clinicId, t.at),
    index("audit_actor_at_idx").on(t.actorUserId, t.at),
    index("audit_patient_at_idx").on(t.patientId, t.at),
  ],
);
