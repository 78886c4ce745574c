import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, useDatabase, type DatabaseHandle, type Db } from "#db/client";
import { adminUrl, databaseUrl } from "./postgres-urls";

export type TestDatabase = {
  readonly db: Db;
  readonly handle: DatabaseHandle;
  readonly backend: "pglite" | "postgres";
};

/**
 * Gives the test file its own freshly migrated database (PGlite, or PostgreSQL when the project
 * says so) and makes it the process database that loaders and actions use.
 */
export function setupTestDatabase(): TestDatabase {
  let handle: DatabaseHandle | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  const backend = process.env.TEST_DB_BACKEND === "postgres" ? "postgres" : "pglite";

  beforeAll(async () => {
    if (backend === "postgres") {
      const name = `kap_test_${randomBytes(6).toString("hex")}`;
      const { default: postgres } = await import("postgres");
      const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
      handle = await openDatabase({ url: databaseUrl(name) });
      cleanup = async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      };
    } else {
      handle = await openDatabase({ snapshot: new Blob([readFileSync(inject("pgliteSnapshot"))]) });
    }
    useDatabase(handle);
  });

  afterAll(async () => {
    await handle?.close();
    await cleanup?.();
  });

  return {
    get db() {
      if (!handle) {
        throw new Error("the test database is not open yet (use it inside tests or hooks)");
      }
      return handle.db;
    },
    get handle() {
      if (!handle) {
        throw new Error("the test database is not open yet (use it inside tests or hooks)");
      }
      return handle;
    },
    backend,
  };
}

/** The database's own message for a refused statement (drizzle wraps it in "Failed query: …"). */
export async function databaseRefusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  throw new Error("the database accepted a statement it should have refused");
}
