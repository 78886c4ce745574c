import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { authSession } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinic, createStaff } from "#test/fixtures";
import { clock } from "./clock";
import {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  sessionIdFromToken,
  validateSessionToken,
} from "./session.server";

const testDb = setupTestDatabase();
const realNow = clock.now;
const START = Date.UTC(2026, 2, 2, 16, 0);
const MINUTE = 60_000;

function at(ms: number): void {
  clock.now = () => new Date(START + ms);
}

afterEach(() => {
  clock.now = realNow;
});

async function newUserSession() {
  const clinic = await createClinic(testDb.db);
  const user = await createStaff(testDb.db, clinic.id, ["nurse"]);
  at(0);
  const session = await createSession(testDb.db, user.id);
  return { user, ...session };
}

describe("sessions", () => {
  it("stores only the SHA-256 of a token of at least 20 random bytes", async () => {
    const { token } = await newUserSession();
    expect(token).toMatch(/^[a-z2-7]{32}$/u);
    const rows = await testDb.db
      .select()
      .from(authSession)
      .where(eq(authSession.id, sessionIdFromToken(token)));
    expect(rows).toHaveLength(1);
    const tokenRows = await testDb.db.select().from(authSession).where(eq(authSession.id, token));
    expect(tokenRows).toHaveLength(0);
  });

  it("gives a new token at every sign-in", async () => {
    const { user, token } = await newUserSession();
    const second = await createSession(testDb.db, user.id);
    expect(second.token).not.toBe(token);
  });

  it("ends a session idle for the idle timeout (15 minutes by default)", async () => {
    const { token } = await newUserSession();
    at(14 * MINUTE);
    expect(await validateSessionToken(testDb.db, token)).not.toBeNull();
    at(28 * MINUTE);
    expect(await validateSessionToken(testDb.db, token)).not.toBeNull();
    at(43 * MINUTE + 1);
    expect(await validateSessionToken(testDb.db, token)).toBeNull();
    at(44 * MINUTE);
    expect(await validateSessionToken(testDb.db, token)).toBeNull();
  });

  it("ends an active session at its absolute lifetime (12 hours by default)", async () => {
    const { token } = await newUserSession();
    for (let minutes = 10; minutes < 12 * 60; minutes += 10) {
      at(minutes * MINUTE);
      expect(await validateSessionToken(testDb.db, token)).not.toBeNull();
    }
    at(12 * 60 * MINUTE);
    expect(await validateSessionToken(testDb.db, token)).toBeNull();
  });

  it("reads the timeouts from the environment", async () => {
    process.env.SESSION_IDLE_MINUTES = "5";
    try {
      const { token } = await newUserSession();
      at(5 * MINUTE);
      expect(await validateSessionToken(testDb.db, token)).toBeNull();
    } finally {
      delete process.env.SESSION_IDLE_MINUTES;
    }
  });

  it("deletes the session on the server at sign-out", async () => {
    const { token } = await newUserSession();
    await invalidateSession(testDb.db, sessionIdFromToken(token));
    expect(await validateSessionToken(testDb.db, token)).toBeNull();
  });

  it("ends every session of a user at once", async () => {
    const { user, token } = await newUserSession();
    const other = await createSession(testDb.db, user.id);
    await invalidateUserSessions(testDb.db, user.id);
    expect(await validateSessionToken(testDb.db, token)).toBeNull();
    expect(await validateSessionToken(testDb.db, other.token)).toBeNull();
  });

  it("refuses an unknown token", async () => {
    expect(await validateSessionToken(testDb.db, "a".repeat(32))).toBeNull();
  });
});
