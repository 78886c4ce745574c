import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { authSession } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinic, createStaff } from "#test/fixtures";
import { clock } from "./clock";
import { createSession, sessionIdFromToken, validateSessionToken } from "./session.server";

const testDb = setupTestDatabase();
const realNow = clock.now;
const START = Date.UTC(2026, 2, 2, 16, 0);
const SECOND = 1000;
const IDLE = 15 * 60 * SECOND;

function at(ms: number): void {
  clock.now = () => new Date(START + ms);
}

afterEach(() => {
  clock.now = realNow;
});

/** A login session opened at START and used at each of the given moments (ms after START). */
async function usedAt(moments: number[]): Promise<string> {
  const clinic = await createClinic(testDb.db);
  const user = await createStaff(testDb.db, clinic.id, ["nurse"]);
  at(0);
  const { token } = await createSession(testDb.db, user.id);
  for (const moment of moments) {
    at(moment);
    expect(await validateSessionToken(testDb.db, token)).not.toBeNull();
  }
  return token;
}

async function storedLastActivity(token: string): Promise<number | undefined> {
  const [row] = await testDb.db
    .select({ at: authSession.lastActiveAt })
    .from(authSession)
    .where(eq(authSession.id, sessionIdFromToken(token)));
  return row ? row.at.getTime() - START : undefined;
}

describe("the idle timeout counts from the last request, to the second", () => {
  // The last request: at sign-in, just after an activity write (not written again), 30 s and 59.5 s
  // after sign-in (each the first request after a quiet spell), and after a burst.
  const histories: [string, number[]][] = [
    ["no request after sign-in", []],
    ["a request 0.9 s after sign-in", [900]],
    ["a request 30 s after sign-in", [30 * SECOND]],
    ["a request 59.5 s after sign-in", [59_500]],
    ["a burst of requests 10 s apart, the last 50.5 s after sign-in", [10_000, 20_000, 30_500, 40_500, 50_500]],
  ];

  it.each(histories)("%s: valid 1 s before the idle timeout", async (_history, moments) => {
    const token = await usedAt(moments);
    at((moments.at(-1) ?? 0) + IDLE - SECOND);
    expect(await validateSessionToken(testDb.db, token)).not.toBeNull();
  });

  it.each(histories)("%s: ended 1 s after the idle timeout", async (_history, moments) => {
    const token = await usedAt(moments);
    at((moments.at(-1) ?? 0) + IDLE + SECOND);
    expect(await validateSessionToken(testDb.db, token)).toBeNull();
    expect(await storedLastActivity(token)).toBeUndefined();
  });

  it("writes the activity time at most once a second, and never moves it back", async () => {
    const token = await usedAt([400]);
    expect(await storedLastActivity(token)).toBe(0);
    at(1_000);
    await validateSessionToken(testDb.db, token);
    expect(await storedLastActivity(token)).toBe(1_000);
    at(999);
    await validateSessionToken(testDb.db, token);
    expect(await storedLastActivity(token)).toBe(1_000);
  });
});
