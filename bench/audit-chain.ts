/**
 * What the audit chain costs: N single audit() inserts (each its own statement, as a page view
 * writes them) on a database migrated to just before the chain (0012) and to the chain (0013), on
 * PGlite in memory and on PostgreSQL; then the same on PostgreSQL from 10 connections at once, all
 * for one clinic (they queue on its chain head) and spread over 10 clinics; then audit:verify's walk.
 *
 *   npx tsx bench/audit-chain.ts [--entries 10000] [--backend pglite|postgres|both]
 *
 * PostgreSQL: BENCH_DATABASE_URL names a server and a database whose name holds "bench"; this
 * creates and drops <that name>_audit next to it, never touching the named database itself.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { verifyAuditChains } from "#app/audit/chain-verify.server";
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from "#db/client";
import { runMigrations } from "#db/migrate";

const { values } = parseArgs({
  options: { entries: { type: "string", default: "10000" }, backend: { type: "string", default: "both" } },
});
const ENTRIES = Number(values.entries);
const CONNECTIONS = 10;
const CLINICS = Array.from(
  { length: CONNECTIONS },
  (_, index) => `00000000-0000-4000-8000-${String(index + 1).padStart(12, "0")}`,
);

function migrationsUpTo(tag: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), "kap-bench-migrations-"));
  cpSync(path.resolve("migrations"), folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag) + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

/** The columns audit() writes, as plain SQL: the schema before the chain has no chain columns for drizzle to name. */
async function insertOne(handle: DatabaseHandle, clinicId: string, index: number): Promise<void> {
  await handle.db.execute(
    sql`INSERT INTO audit_entry (clinic_id, actor_user_id, actor_email, action, entity_type, entity_id, patient_id, ip, outcome, detail)
        VALUES (${clinicId}, NULL, '', 'read:patient', 'patient', ${`p-${index}`}, NULL, '192.0.2.1', 'success', ${JSON.stringify({ index })}::jsonb)`,
  );
}

async function insertSerially(handle: DatabaseHandle, count: number, clinicId: string): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < count; index += 1) {
    await insertOne(handle, clinicId, index);
  }
  return performance.now() - start;
}

async function insertConcurrently(
  handle: DatabaseHandle,
  count: number,
  clinicOf: (worker: number) => string,
): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      for (let index = worker; index < count; index += CONNECTIONS) {
        await insertOne(handle, clinicOf(worker), index);
      }
    }),
  );
  return performance.now() - start;
}

function perEntry(ms: number, count: number): string {
  return `${(ms / 1000).toFixed(2)} s (${((ms * 1000) / count).toFixed(0)} µs per entry, ${Math.round((count * 1000) / ms)} entries/s)`;
}

async function measure(
  label: string,
  options: () => Promise<{ options: DatabaseOptions; drop: () => Promise<void> }>,
  concurrent: boolean,
): Promise<void> {
  for (const tag of ["0012_sign_off_pending", "0013_audit_chain"]) {
    const target = await options();
    const folder = migrationsUpTo(tag);
    process.env.MIGRATIONS_DIR = folder;
    const handle = await openDatabase(target.options);
    try {
      await runMigrations(handle);
      await insertSerially(handle, Math.min(500, ENTRIES), CLINICS[0]!); // warm-up
      const serial = await insertSerially(handle, ENTRIES, CLINICS[0]!);
      console.log(
        `${label}, ${tag === "0013_audit_chain" ? "with the chain   " : "before the chain "}: ${ENTRIES} single inserts, one connection: ${perEntry(serial, ENTRIES)}`,
      );
      if (concurrent) {
        const oneClinic = await insertConcurrently(handle, ENTRIES, () => CLINICS[0]!);
        console.log(
          `${label}, ${tag === "0013_audit_chain" ? "with the chain   " : "before the chain "}: ${ENTRIES} inserts, ${CONNECTIONS} connections, one clinic: ${perEntry(oneClinic, ENTRIES)}`,
        );
        const spread = await insertConcurrently(handle, ENTRIES, (worker) => CLINICS[worker]!);
        console.log(
          `${label}, ${tag === "0013_audit_chain" ? "with the chain   " : "before the chain "}: ${ENTRIES} inserts, ${CONNECTIONS} connections, ${CONNECTIONS} clinics: ${perEntry(spread, ENTRIES)}`,
        );
      }
      if (tag === "0013_audit_chain") {
        const start = performance.now();
        const report = await verifyAuditChains(handle.db);
        const entries = report.chains.reduce((sum, chain) => sum + chain.entries, 0);
        console.log(
          `${label}, audit:verify walk: ${entries} entries in ${report.chains.length} chains, whole=${report.whole}: ${perEntry(performance.now() - start, entries)}`,
        );
      }
    } finally {
      await handle.close();
      await target.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

async function postgresTarget(): Promise<{ options: DatabaseOptions; drop: () => Promise<void> }> {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/kap_bench");
  const base = decodeURIComponent(url.pathname.slice(1));
  if (!/bench/iu.test(base)) {
    throw new Error(`BENCH_DATABASE_URL names "${base}": the name must contain "bench"`);
  }
  const name = `${base}_audit`.replace(/[^a-z0-9_]/giu, "_");
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    options: { url: target.toString() },
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

if (values.backend !== "postgres") {
  await measure("PGlite    ", async () => ({ options: { dataDir: "memory://" }, drop: async () => {} }), false);
}
if (values.backend !== "pglite") {
  await measure("PostgreSQL", postgresTarget, true);
}
