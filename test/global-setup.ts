import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { randomBytes } from "node:crypto";
import { adminUrl, databaseUrl } from "./postgres-urls";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

// Migrating once and cloning per test file keeps each file's database fresh without paying for
// the migrations every time.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (project.config.env?.TEST_DB_BACKEND === "postgres") {
    const { default: postgres } = await import("postgres");
    // Named per run, so two test runs against one server never drop each other's template.
    const template = `kap_test_template_${randomBytes(4).toString("hex")}`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${template}`);
    const handle = await openDatabase({ url: databaseUrl(template) });
    await runMigrations(handle);
    await handle.close();
    project.provide("pgliteSnapshot", "");
    project.provide("postgresTemplate", template);
    return async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "kap-test-"));
  const handle = await openDatabase({ dataDir: "memory://" });
  await runMigrations(handle);
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const snapshot = await client.dumpDataDir("none");
  const file = path.join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  await handle.close();
  project.provide("pgliteSnapshot", file);
  project.provide("postgresTemplate", "");
  return async () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
