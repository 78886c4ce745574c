import { readFileSync } from "node:fs";
import path from "node:path";
import { count, sql } from "drizzle-orm";
import { pgSchema, serial } from "drizzle-orm/pg-core";
import type { DatabaseHandle } from "./client";

export function migrationsFolder(): string {
  return path.resolve(process.env.MIGRATIONS_DIR ?? "migrations");
}

// drizzle's own bookkeeping table; declared here (not in schema/) so drizzle-kit never tries to create it.
const appliedMigrations = pgSchema("drizzle").table("__drizzle_migrations", { id: serial("id").primaryKey() });

export async function runMigrations(handle: DatabaseHandle): Promise<void> {
  // Nothing to apply: skip the migrator, whose CREATE SCHEMA … IF NOT EXISTS needs rights the app
  // role lacks in production (ADR 7: the app connects as a role that owns nothing).
  if ((await checkHealth(handle)).ok) {
    return;
  }
  const folder = migrationsFolder();
  if (handle.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants the driver-specific type
    await migrate(handle.db as any, { migrationsFolder: folder });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants the driver-specific type
    await migrate(handle.db as any, { migrationsFolder: folder });
  }
}

function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export type Health = { ok: boolean; database: "up" | "down"; migrations: { applied: number; expected: number } };

export async function checkHealth(handle: DatabaseHandle): Promise<Health> {
  const expected = expectedMigrationCount();
  try {
    await handle.db.execute(sql`select 1`);
  } catch {
    return { ok: false, database: "down", migrations: { applied: 0, expected } };
  }
  try {
    const [row] = await handle.db.select({ applied: count() }).from(appliedMigrations);
    const applied = row?.applied ?? 0;
    return { ok: applied === expected, database: "up", migrations: { applied, expected } };
  } catch {
    // No bookkeeping table yet: the database answers but has never been migrated.
    return { ok: false, database: "up", migrations: { applied: 0, expected } };
  }
}
