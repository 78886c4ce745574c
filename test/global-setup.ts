import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";
import { adminUrl, databaseUrl, TEMPLATE_DATABASE } from "./postgres-urls";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

// Migrating once and cloning per test file keeps each file's database fresh without paying for
// the migrations every time.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DB_BACKEND === "postgres") {
    const { default: postgres } = await import("postgres");
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    const handle = await openDatabase({ url: databaseUrl(TEMPLATE_DATABASE) });
    await runMigrations(handle);
    await handle.close();
    project.provide("pgliteSnapshot", "");
    return async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "kap-test-"));
  const handle = await openDatabase({ dataDir: "memory://" });
  await runMigrations(handle);
  const { PGlite } = await import("@electric-sql/pglite");
  const client = (handle.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
  const snapshot = await client.dumpDataDir("none");
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  await handle.close();
  project.provide("pgliteSnapshot", file);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
