import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  customType,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

export const AUDIT_OUTCOMES = ["success", "denied", "not_found", "failure"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/** The database assigns it (the chain trigger, migrations/0013_audit_chain.sql): drizzle sends DEFAULT. */
const assignedByChainTrigger = (): ReturnType<typeof sql> => sql`default`;

/**
 * Append-only: a trigger (migrations/*_append_only.sql) refuses UPDATE, DELETE and TRUNCATE.
 * No foreign keys, so an entry can name a record that does not exist (a probe for another clinic's id).
 * Tamper-evident (ADR 0007): each entry's hash covers its fields, its place in its clinic's chain and
 * the previous entry's hash. The columns have no database default, so an insert that bypasses the
 * chain trigger is refused.
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
    /** 1, 2, 3… within the clinic's chain (entries with no clinic have a chain of their own). */
    clinicSeq: bigint("clinic_seq", { mode: "number" }).notNull().$defaultFn(assignedByChainTrigger),
    prevHash: bytea("prev_hash").notNull().$defaultFn(assignedByChainTrigger),
    hash: bytea("hash").notNull().$defaultFn(assignedByChainTrigger),
  },
  (t) => [
    index("audit_clinic_at_idx").on(t.clinicId, t.at),
    index("audit_actor_at_idx").on(t.actorUserId, t.at),
    index("audit_patient_at_idx").on(t.patientId, t.at),
    unique("audit_entry_chain_seq_unique").on(t.clinicId, t.clinicSeq).nullsNotDistinct(),
  ],
);

/** Each chain's last sequence number and hash, written only by the chain trigger; the app role has no rights on it. */
export const auditChainHead = pgTable("audit_chain_head", {
  /** The clinic id, or the nil uuid for the chain of entries with no clinic. */
  chainKey: uuid("chain_key").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: bytea("hash").notNull(),
});
