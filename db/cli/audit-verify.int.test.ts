import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asReplica,
  rehashFrom,
  scratchDatabase,
  storedChain,
  writeEntries,
  type ScratchDatabase,
} from "#app/audit/chain-testing";
import { createClinic } from "#test/fixtures";
import { openDatabase, type DatabaseHandle } from "#db/client";

// The command itself, as an operator runs it, on a database of its own: DATABASE_URL on PostgreSQL,
// DATA_DIR on PGlite (which one process opens at a time, so the test closes it before each run).
const backend = process.env.TEST_DB_BACKEND === "postgres" ? "postgres" : "pglite";
const run = promisify(execFile);
let scratch: ScratchDatabase;
let files: string;
let clinicId: string;

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(scratch.options);
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

async function verify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: "", DATA_DIR: "", ...scratch.env };
  try {
    const { stdout, stderr } = await run(path.resolve("node_modules/.bin/tsx"), ["db/cli/audit-verify.ts", ...args], {
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  scratch = await scratchDatabase(backend, "migrated");
  files = mkdtempSync(path.join(os.tmpdir(), "kap-anchors-"));
  clinicId = await withDatabase(async ({ db }) => {
    const clinic = await createClinic(db);
    await writeEntries(db, clinic.id, 5);
    await writeEntries(db, null, 2, "sign-in");
    return clinic.id;
  });
}, 120_000);

afterAll(async () => {
  rmSync(files, { recursive: true, force: true });
  await scratch.drop();
});

describe("npm run audit:verify", () => {
  it("exits 0 on a whole trail, prints each chain's head, and proves a full re-hash with those heads (exit 1)", async () => {
    const whole = await verify();
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain(`OK      clinic ${clinicId}: 5 entries, whole`);
    expect(whole.stdout).toMatch(new RegExp(`^head ${clinicId} 5 [0-9a-f]{64}$`, "mu"));
    expect(whole.stdout).toMatch(/^head none 2 [0-9a-f]{64}$/mu);
    const anchors = path.join(files, "heads.txt");
    writeFileSync(anchors, whole.stdout);

    await withDatabase(async ({ db }) => {
      await asReplica(db, async (tx) => {
        await tx.execute(
          sql`UPDATE audit_entry SET outcome = 'denied' WHERE clinic_id = ${clinicId}::uuid AND clinic_seq = 2`,
        );
      });
      await rehashFrom(db, clinicId, 1);
    });
    // Whole in itself (app/audit/chain.int.test.ts shows it): only the recorded heads catch it.
    const anchored = await verify("--anchor", anchors);
    expect(anchored.code).toBe(1);
    expect(anchored.stdout).toMatch(
      new RegExp(`BROKEN  clinic ${clinicId}: first broken link at seq 5, entry id \\d+: anchor mismatch`, "u"),
    );
    expect(anchored.stdout).toContain("OK      entries with no clinic: 2 entries, whole");
    expect(anchored.stdout).not.toContain(`head ${clinicId}`);
  }, 120_000);

  it("exits 1 naming the first broken link of a changed entry", async () => {
    const id = await withDatabase(async ({ db }) => {
      const third = (await storedChain(db, clinicId)).find((link) => link.seq === "3")!.id;
      await asReplica(db, async (tx) => {
        await tx.execute(sql`UPDATE audit_entry SET action = 'read:nothing' WHERE id = ${third}::bigint`);
      });
      return third;
    });
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      `BROKEN  clinic ${clinicId}: first broken link at seq 3, entry id ${id}: hash mismatch`,
    );
    expect(broken.stdout).toMatch(/The audit trail is BROKEN in 1 chain/u);
  }, 120_000);

  it("exits 2 when it cannot check: an unreadable or empty anchor file", async () => {
    const missing = await verify("--anchor", path.join(files, "no-such-file.txt"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-file\.txt/u);
    const empty = path.join(files, "empty.txt");
    writeFileSync(empty, "nothing recorded here\n");
    const nothing = await verify("--anchor", empty);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/no "head/u);
  }, 60_000);
});
