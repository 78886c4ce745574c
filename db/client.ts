import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: modules that write take this so callers can compose them. */
export type DbOrTx = Db | Tx;

export type DatabaseKind = "pglite" | "postgres";
export type DatabaseHandle = {
  db: Db;
  kind: DatabaseKind;
  /** Runs raw SQL with no parameters (migrations of tests, health checks). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
};

/** url: a PostgreSQL server; otherwise an embedded PGlite in dataDir, in memory, or loaded from a snapshot. */
export type DatabaseOptions = { url?: string; dataDir?: string; snapshot?: Blob };

export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL };
  }
  return { dataDir: path.resolve(env.DATA_DIR ?? "data") };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { preparingClient } = await import("./prepared-statements");
    const client = postgres(options.url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
    return {
      db: drizzle(preparingClient(client), { schema }) as unknown as Db,
      kind: "postgres",
      exec: async (sqlText) => {
        await client.unsafe(sqlText);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create(options.dataDir ?? "memory://", {
    extensions: { btree_gist, pg_trgm, unaccent },
    loadDataDir: options.snapshot,
  });
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    kind: "pglite",
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    close: () => client.close(),
  };
}

// One instance per process: kept on globalThis so the dev server's module reloads and the
// separately bundled Express entry share it instead of opening the embedded data folder twice.
const holder = globalThis as unknown as { __kapDatabase?: DatabaseHandle };

export function useDatabase(handle: DatabaseHandle): void {
  holder.__kapDatabase = handle;
}

export function currentDatabase(): DatabaseHandle {
  const handle = holder.__kapDatabase;
  if (!handle) {
    throw new Error("The database is not open yet: call useDatabase(await openDatabase(...)) at start-up.");
  }
  return handle;
}

export function getDb(): Db {
  return currentDatabase().db;
}
