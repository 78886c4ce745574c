import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { chainReport, scratchDatabase, storedChain, writeEntries, rowsOf } from "./chain-testing";

// The migration chains the entries a running clinic already has: migrate to the one before it,
// write entries the old way, then migrate on.
const backend = process.env.TEST_DB_BACKEND === "postgres" ? "postgres" : "pglite";
const folders: string[] = [];
const previousMigrationsDir = process.env.MIGRATIONS_DIR;

function migrationsUpTo(tag: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), "kap-migrations-"));
  folders.push(folder);
  cpSync(path.resolve("migrations"), folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag) + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

afterAll(() => {
  process.env.MIGRATIONS_DIR = previousMigrationsDir;
  for (const folder of folders) {
    rmSync(folder, { recursive: true, force: true });
  }
});

describe("migration 0013", () => {
  it("chains the existing entries oldest first per clinic, and new entries carry on from there", async () => {
    const scratch =
      backend === "postgres"
        ? await scratchDatabase("postgres", "empty")
        : { options: { dataDir: "memory://" }, drop: async () => {} };
    const handle = await openDatabase(scratch.options);
    try {
      process.env.MIGRATIONS_DIR = migrationsUpTo("0012_sign_off_pending");
      await runMigrations(handle);
      const clinics = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
      // Ids do not follow time here: the chain follows time (then id), as the trail was read before.
      await handle.db.execute(sql`
        INSERT INTO audit_entry (clinic_id, at, action, entity_type, outcome, detail)
        SELECT (ARRAY[${clinics[0]}, ${clinics[1]}, NULL])[1 + g % 3]::uuid,
               timestamptz '2026-01-01 00:00:00+00' + make_interval(secs => 100 - g) + interval '0.000001 second' * g,
               'read:patient', 'patient', 'success', jsonb_build_object('g', g, 'name', 'Zoë')
        FROM generate_series(1, 60) g`);
      process.env.MIGRATIONS_DIR = migrationsUpTo("0013_audit_chain");
      await runMigrations(handle);

      for (const chain of [...clinics, null]) {
        expect(await chainReport(handle.db, chain)).toMatchObject({ entries: 20, firstBreak: null });
      }
      const [order] = rowsOf<{ in_time_order: boolean }>(
        await handle.db.execute(sql`SELECT bool_and(prev_at <= at) AS in_time_order
                                    FROM (SELECT at, lag(at) OVER (PARTITION BY clinic_id ORDER BY clinic_seq) AS prev_at FROM audit_entry) s
                                    WHERE prev_at IS NOT NULL`),
      );
      expect(order?.in_time_order).toBe(true);
      await writeEntries(handle.db, clinics[0]!, 1);
      const links = await storedChain(handle.db, clinics[0]!);
      expect(links.map((link) => link.seq)).toEqual(Array.from({ length: 21 }, (_, index) => String(index + 1)));
      expect((await chainReport(handle.db, clinics[0]!))?.firstBreak).toBeNull();
    } finally {
      await handle.close();
      await scratch.drop();
    }
  }, 120_000);
});
