import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "#test/db";
import { openDatabase } from "./client";
import { checkHealth } from "./migrate";

const testDb = setupTestDatabase();

describe("health check", () => {
  it("is ok when the database answers and every migration is applied", async () => {
    const health = await checkHealth(testDb.handle);
    expect(health.ok).toBe(true);
    expect(health.migrations.applied).toBe(health.migrations.expected);
    expect(health.migrations.expected).toBeGreaterThanOrEqual(2);
  });

  it("is not ok on a database whose migrations have not run", async () => {
    const empty = await openDatabase({ dataDir: "memory://" });
    try {
      const health = await checkHealth(empty);
      expect(health).toMatchObject({ ok: false, database: "up", migrations: { applied: 0 } });
    } finally {
      await empty.close();
    }
  });

  it("reports the database down when it does not answer", async () => {
    const closed = await openDatabase({ dataDir: "memory://" });
    await closed.close();
    const health = await checkHealth(closed);
    expect(health).toMatchObject({ ok: false, database: "down" });
  });
});
