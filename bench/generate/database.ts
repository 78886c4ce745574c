import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import type { BulkTarget } from "./copy";

/** Where the bench clinic lives: a PostgreSQL database of its own, or an embedded PGlite folder. */
export type BenchLocation = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export function benchLocation(scale: string, env: NodeJS.ProcessEnv = process.env): BenchLocation {
  if (env.BENCH_DATABASE_URL) {
    return { kind: "postgres", url: env.BENCH_DATABASE_URL };
  }
  return { kind: "pglite", dataDir: env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), "kap-bench", `pglite-${scale}`) };
}

export function describeLocation(location: BenchLocation): string {
  if (location.kind === "pglite") {
    return `PGlite in ${location.dataDir}`;
  }
  const url = new URL(location.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  // The bench wipes this database: refuse anything that does not say it is one.
  if (!/bench/iu.test(name)) {
    throw new Error(
      `BENCH_DATABASE_URL names the database "${name}"; the bench wipes its database, so the name must contain "bench" (e.g. kap_bench).`,
    );
  }
  return name;
}

function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = "/postgres";
  return parsed.toString();
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/gu, '""')}"`;
}

/** Drops and creates the bench database (only it), or the PGlite folder; then applies the migrations. */
export async function freshDatabase(location: BenchLocation): Promise<void> {
  if (location.kind === "postgres") {
    const name = databaseName(location.url);
    const admin = postgres(maintenanceUrl(location.url), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  } else {
    await rm(location.dataDir, { recursive: true, force: true });
    await mkdir(path.dirname(location.dataDir), { recursive: true });
  }
  const handle = await openDatabase(
    location.kind === "postgres" ? { url: location.url } : { dataDir: location.dataDir },
  );
  try {
    await runMigrations(handle);
    // Random reads cost what sequential ones do on an SSD (or in memory); PostgreSQL's default of 4
    // assumes spinning disks and has it read a whole table to join a few hundred rows. Set on the
    // bench database only, for the app and the floor alike; production should set it too.
    const result = await handle.db.execute(sql`select current_database() as name`);
    const rows = (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as {
      name: string;
    }[];
    await handle.exec(`ALTER DATABASE ${quoteIdentifier(rows[0]?.name ?? "postgres")} SET random_page_cost = 1.1`);
  } finally {
    await handle.close();
  }
}

/** Raw access for the generator and the bench itself: bulk inserts and plain queries. */
export type BenchConnection = {
  target: BulkTarget;
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  close(): Promise<void>;
};

export async function connect(location: BenchLocation): Promise<BenchConnection> {
  if (location.kind === "postgres") {
    databaseName(location.url);
    const sql = postgres(location.url, { max: 2, onnotice: () => {} });
    return {
      target: { kind: "postgres", sql },
      query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
        (await sql.unsafe(text, params as never[])) as unknown as T[],
      exec: async (text) => {
        await sql.unsafe(text);
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const pg = await PGlite.create(location.dataDir, { extensions: { btree_gist, pg_trgm, unaccent } });
  return {
    target: { kind: "pglite", pg },
    query: async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
      (await pg.query<T>(text, params)).rows,
    exec: async (text) => {
      await pg.exec(text);
    },
    close: () => pg.close(),
  };
}

/** Whether the database exists and answers (a missing PostgreSQL database or PGlite folder is not an error). */
export async function exists(location: BenchLocation): Promise<boolean> {
  if (location.kind === "pglite") {
    const { stat } = await import("node:fs/promises");
    return stat(path.join(location.dataDir, "PG_VERSION")).then(
      () => true,
      () => false,
    );
  }
  const name = databaseName(location.url);
  const admin = postgres(maintenanceUrl(location.url), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await admin.end({ timeout: 5 });
  }
}
