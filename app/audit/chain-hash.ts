import { createHash } from "node:crypto";

/**
 * One audit entry as the chain sees it, every field as the database's text (so nothing is lost to a
 * JavaScript number or Date): bigints in decimal, uuids in their canonical lower-case form, the
 * timestamp as microseconds since the Unix epoch (null when infinite), detail as its jsonb text.
 */
export type ChainEntry = {
  id: string;
  clinicId: string | null;
  seq: string | null;
  atMicros: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  action: string | null;
  entityType: string | null;
  entityId: string | null;
  patientId: string | null;
  ip: string | null;
  outcome: string | null;
  detail: string | null;
  /** Hex; null when the column was emptied. */
  prevHash: string | null;
  hash: string | null;
};

export const CANONICAL_VERSION = "kap-audit-v1";
/** The previous hash of a chain's first entry. */
export const GENESIS_HASH = "0".repeat(64);

const NULL_FIELD = Buffer.from([0xff, 0xff, 0xff, 0xff]);

function field(bytes: Buffer | null): Buffer[] {
  if (bytes === null) {
    return [NULL_FIELD];
  }
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

function textField(value: string | null): Buffer[] {
  return field(value === null ? null : Buffer.from(value, "utf8"));
}

/**
 * The timestamp as PostgreSQL's to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') writes
 * it, computed here from the instant so the SQL and this code agree only if both are right.
 */
export function canonicalTimestamp(atMicros: string | null): string | null {
  if (atMicros === null) {
    return null;
  }
  const micros = BigInt(atMicros);
  let millis = micros / 1000n;
  let rest = micros % 1000n;
  if (rest < 0n) {
    rest += 1000n;
    millis -= 1n;
  }
  return `${new Date(Number(millis)).toISOString().slice(0, 23)}${rest.toString().padStart(3, "0")}Z`;
}

/**
 * The canonical bytes of an entry (ADR 0007): each field as a 4-byte big-endian length and its UTF-8
 * bytes (ffffffff for NULL), in this order, then the previous hash as a field of 32 bytes. The SQL
 * twin is audit_entry_canonical() in migrations/0013_audit_chain.sql.
 */
export function canonicalBytes(entry: ChainEntry): Buffer {
  return Buffer.concat([
    ...textField(CANONICAL_VERSION),
    ...textField(entry.clinicId),
    ...textField(entry.seq),
    ...textField(entry.id),
    ...textField(canonicalTimestamp(entry.atMicros)),
    ...textField(entry.actorUserId),
    ...textField(entry.actorEmail),
    ...textField(entry.action),
    ...textField(entry.entityType),
    ...textField(entry.entityId),
    ...textField(entry.patientId),
    ...textField(entry.ip),
    ...textField(entry.outcome),
    ...textField(entry.detail),
    ...field(entry.prevHash === null ? null : Buffer.from(entry.prevHash, "hex")),
  ]);
}

/** The hash the entry should carry, hex. */
export function entryHash(entry: ChainEntry): string {
  return createHash("sha256").update(canonicalBytes(entry)).digest("hex");
}
