import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { inject } from "vitest";
import { openDatabase, type DatabaseOptions, type Db, type DbOrTx, type Tx } from "#db/client";
import { adminUrl, databaseUrl } from "#test/postgres-urls";
import { audit } from "./audit.server";
import type { ChainReport } from "./chain-check";
import { verifyAuditChains } from "./chain-verify.server";

// Shared by the audit chain tests; nothing in the app imports it. Every helper here acts as the
// superuser the tests connect as: it is the attacker the chain must expose.

export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function writeEntries(
  db: Db,
  clinicId: string | null,
  count: number,
  action = "read:patient",
): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await audit(
      db,
      { id: null, clinicId, ip: "192.0.2.10" },
      { action, entityType: "patient", entityId: `p-${index}`, detail: { index } },
    );
  }
}

export type StoredLink = { id: string; seq: string; prevHash: string; hash: string };

/** The chain of a clinic as stored, in order. */
export async function storedChain(db: DbOrTx, clinicId: string | null): Promise<StoredLink[]> {
  const where = clinicId === null ? sql`clinic_id IS NULL` : sql`clinic_id = ${clinicId}::uuid`;
  return rowsOf<StoredLink>(
    await db.execute(sql`SELECT id::text AS id, clinic_seq::text AS seq, encode(prev_hash, 'hex') AS "prevHash", encode(hash, 'hex') AS hash
                          FROM audit_entry WHERE ${where} ORDER BY clinic_seq, id`),
  );
}

export async function chainReport(
  db: Db,
  clinicId: string | null,
  anchors: { seq: string; hash: string }[] = [],
): Promise<ChainReport | undefined> {
  const report = await verifyAuditChains(
    db,
    anchors.map((anchor) => ({ ...anchor, chain: clinicId })),
  );
  return report.chains.find((chain) => chain.chain === clinicId);
}

/** Runs the statements with every trigger silenced, the way a superuser would (session_replication_role = replica). */
export async function asReplica(db: Db, run: (tx: Tx) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await run(tx);
  });
}

/** Runs the statements with the append-only and chain triggers disabled, the way the table's owner could. */
export async function withTriggersDisabled(db: Db, run: (tx: Tx) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only`);
    await tx.execute(sql`ALTER TABLE audit_entry DISABLE TRIGGER zz_audit_entry_chain`);
    await run(tx);
    await tx.execute(sql`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only`);
    await tx.execute(sql`ALTER TABLE audit_entry ENABLE TRIGGER zz_audit_entry_chain`);
  });
}

/**
 * Re-hashes a chain from fromSeq on, with the database's own canonical form, and moves the chain head
 * along: what a superuser who read the migration does to cover a change. The result is a whole chain.
 */
export async function rehashFrom(db: Db, clinicId: string | null, fromSeq: number): Promise<void> {
  const chainKey = clinicId ?? "00000000-0000-0000-0000-000000000000";
  await asReplica(db, async (tx) => {
    const links = await storedChain(tx, clinicId);
    let prev = links.find((link) => Number(link.seq) === fromSeq - 1)?.hash ?? "0".repeat(64);
    for (const link of links.filter((candidate) => Number(candidate.seq) >= fromSeq)) {
      await tx.execute(sql`UPDATE audit_entry SET prev_hash = decode(${prev}, 'hex') WHERE id = ${link.id}::bigint`);
      const [rehashed] = rowsOf<{ hash: string }>(
        await tx.execute(
          sql`UPDATE audit_entry e SET hash = sha256(audit_entry_canonical(e)) WHERE id = ${link.id}::bigint RETURNING encode(e.hash, 'hex') AS hash`,
        ),
      );
      prev = rehashed!.hash;
    }
    await tx.execute(
      sql`UPDATE audit_chain_head SET hash = decode(${prev}, 'hex') WHERE chain_key = ${chainKey}::uuid`,
    );
  });
}

export type ScratchDatabase = { options: DatabaseOptions; env: Record<string, string>; drop(): Promise<void> };

/**
 * A database of the test's own that another process can open (the audit:verify command): a
 * PostgreSQL database, or a PGlite folder on disk. "migrated" clones the run's migrated template;
 * "empty" has no tables yet.
 */
export async function scratchDatabase(
  backend: "pglite" | "postgres",
  start: "migrated" | "empty",
): Promise<ScratchDatabase> {
  if (backend === "postgres") {
    const { default: postgres } = await import("postgres");
    const name = `kap_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(
      start === "migrated"
        ? `CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`
        : `CREATE DATABASE ${name}`,
    );
    const url = databaseUrl(name);
    return {
      options: { url },
      env: { DATABASE_URL: url },
      drop: async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kap-audit-"));
  if (start === "migrated") {
    const handle = await openDatabase({ dataDir, snapshot: new Blob([readFileSync(inject("pgliteSnapshot"))]) });
    await handle.close();
  }
  return {
    options: { dataDir },
    env: { DATA_DIR: dataDir },
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
