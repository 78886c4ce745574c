import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attemptThrottle, auditEntry, authSession, staffUser } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinic, createStaff, respond, routeArgs, TEST_PASSWORD } from "#test/fixtures";
import { action as changePassword } from "#app/routes/account-password";
import { action as loginAction } from "#app/routes/login";
import { clock } from "./clock";
import { deviceCookieName } from "./device-cookie.server";
import { verifyPassword } from "./password.server";
import { signIn } from "./sign-in.server";
import { checkThrottle, recordSuccess, trustDevice } from "./throttle.server";

const testDb = setupTestDatabase();
const realNow = clock.now;
let now = Date.UTC(2026, 2, 2, 16, 0);

function advance(seconds: number): void {
  now += seconds * 1000;
}

beforeEach(() => {
  clock.now = () => new Date(now);
});
afterEach(() => {
  clock.now = realNow;
});

async function clinician() {
  const clinic = await createClinic(testDb.db);
  return createStaff(testDb.db, clinic.id, ["prescriber"]);
}

async function sessionsOf(userId: string): Promise<number> {
  const [row] = await testDb.db.select({ n: count() }).from(authSession).where(eq(authSession.userId, userId));
  return row?.n ?? 0;
}

const STRANGER = "198.51.100.66";

describe("sign-in throttling", () => {
  // Fifty real password checks (argon2id) take seconds on a busy machine: a longer allowance, not a timing assertion.
  it("lets the owner's trusted device in after a stranger's 50 failures", { timeout: 120_000 }, async () => {
    const owner = await clinician();
    const first = await signIn(testDb.db, { email: owner.email, password: TEST_PASSWORD, ip: "192.0.2.10" });
    expect(first.ok).toBe(true);
    const ownerDevice = first.ok ? first.deviceToken : "";

    let failures = 0;
    let refusals = 0;
    while (failures < 50) {
      const result = await signIn(testDb.db, { email: owner.email, password: `guess-${failures}`, ip: STRANGER });
      if (result.ok) {
        throw new Error("a wrong password signed in");
      }
      if (result.reason === "limited") {
        refusals += 1;
        advance(result.retryAfterSeconds);
      } else {
        failures += 1;
      }
    }
    expect(refusals).toBeGreaterThan(40);
    const stranger = await signIn(testDb.db, { email: owner.email, password: TEST_PASSWORD, ip: STRANGER });
    expect(stranger).toEqual({ ok: false, reason: "limited", retryAfterSeconds: 900 });

    const again = await signIn(testDb.db, {
      email: owner.email,
      password: TEST_PASSWORD,
      ip: "192.0.2.10",
      deviceToken: ownerDevice,
    });
    expect(again.ok).toBe(true);
  });

  it("slows an untrusted device exponentially, never locks it out, and answers 429 with Retry-After and a sentence", async () => {
    const owner = await clinician();
    const attempt = (password: string) =>
      respond(() => loginAction(routeArgs("/login", { form: { email: owner.email, password } }) as never));
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(`wrong-${i}`)).status).toBe(400);
    }
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const refused = await attempt(`wrong-again-${i}`);
      expect(refused.status).toBe(429);
      expect(JSON.stringify(refused.body)).toMatch(
        /Too many wrong attempts for this account\. Wait \d+ seconds?, then try again\./u,
      );
      const wait = Number(refused.headers.get("Retry-After"));
      waits.push(wait);
      advance(wait);
      expect((await attempt(`wrong-after-wait-${i}`)).status).toBe(400);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    const limited = await attempt(TEST_PASSWORD);
    expect(limited.status).toBe(429);
    advance(Number(limited.headers.get("Retry-After")));
    const signedIn = await attempt(TEST_PASSWORD);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.getSetCookie().some((cookie) => cookie.startsWith(`${deviceCookieName()}=`))).toBe(true);
  });

  it("checks no password, opens no session and audits a throttled attempt, even with the right password", async () => {
    const owner = await clinician();
    for (let i = 0; i < 5; i += 1) {
      await signIn(testDb.db, { email: owner.email, password: `wrong-${i}`, ip: STRANGER });
    }
    const sessionsBefore = await sessionsOf(owner.id);
    const result = await signIn(testDb.db, { email: owner.email, password: TEST_PASSWORD, ip: STRANGER });
    expect(result).toEqual({ ok: false, reason: "limited", retryAfterSeconds: 1 });
    expect(await sessionsOf(owner.id)).toBe(sessionsBefore);
    const denied = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(eq(auditEntry.actorEmail, owner.email), eq(auditEntry.action, "sign-in"), eq(auditEntry.outcome, "denied")),
      );
    expect(denied.map((entry) => [entry.actorUserId, entry.clinicId, entry.ip, entry.detail])).toEqual([
      [owner.id, owner.clinicId, STRANGER, { reason: "rate limited", retryAfterSeconds: 1 }],
    ]);
  });

  it("throttles an unknown address exactly like a known one", async () => {
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      answers.push(
        await signIn(testDb.db, { email: "nobody-here@test.example", password: `guess-${i}`, ip: STRANGER }),
      );
    }
    expect(answers.at(-1)).toEqual({ ok: false, reason: "limited", retryAfterSeconds: 1 });
  });

  it("limits a trusted device by its own failures only, and trusts it for its own account only", async () => {
    const owner = await clinician();
    const colleague = await clinician();
    const device = await trustDevice(testDb.db, { account: owner.email });
    for (let i = 0; i < 5; i += 1) {
      await signIn(testDb.db, { email: owner.email, password: `typo-${i}`, ip: "192.0.2.10", deviceToken: device });
    }
    const own = await signIn(testDb.db, {
      email: owner.email,
      password: TEST_PASSWORD,
      ip: "192.0.2.10",
      deviceToken: device,
    });
    expect(own).toEqual({ ok: false, reason: "limited", retryAfterSeconds: 1 });
    // Its typos spent nothing of the shared budget: another browser still has its five free tries.
    expect((await signIn(testDb.db, { email: owner.email, password: TEST_PASSWORD, ip: "192.0.2.11" })).ok).toBe(true);
    // The same browser, for a colleague's account, is an untrusted device sharing that account's budget.
    for (let i = 0; i < 5; i += 1) {
      await signIn(testDb.db, { email: colleague.email, password: `typo-${i}`, ip: STRANGER });
    }
    expect(
      (
        await signIn(testDb.db, {
          email: colleague.email,
          password: TEST_PASSWORD,
          ip: "192.0.2.10",
          deviceToken: device,
        })
      ).ok,
    ).toBe(false);
  });

  it("treats a forged or malformed device token as untrusted", async () => {
    const owner = await clinician();
    for (let i = 0; i < 5; i += 1) {
      await signIn(testDb.db, { email: owner.email, password: `guess-${i}`, ip: STRANGER });
    }
    for (const deviceToken of ["a".repeat(32), "not a token", ""]) {
      expect(
        await signIn(testDb.db, { email: owner.email, password: TEST_PASSWORD, ip: STRANGER, deviceToken }),
      ).toMatchObject({ reason: "limited" });
    }
  });

  it("lets only a few of many simultaneous guesses through, and counts each one it lets through", async () => {
    const attempt = { account: `burst-${now}@test.example`, purpose: "second-factor" as const, ip: STRANGER };
    const decisions = await Promise.all(Array.from({ length: 20 }, () => checkThrottle(testDb.db, attempt)));
    const allowed = decisions.filter((decision) => decision.allowed).length;
    expect(allowed).toBeGreaterThanOrEqual(1);
    expect(allowed).toBeLessThanOrEqual(5);
    const [row] = await testDb.db.select().from(attemptThrottle).where(eq(attemptThrottle.account, attempt.account));
    expect(row?.failures).toBe(allowed);
  });

  it("keeps each purpose's budget apart, and a success clears only its own", async () => {
    const account = `apart-${now}@test.example`;
    for (let i = 0; i < 6; i += 1) {
      await checkThrottle(testDb.db, { account, purpose: "step-up", ip: STRANGER });
    }
    expect(await checkThrottle(testDb.db, { account, purpose: "step-up", ip: STRANGER })).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    expect(await checkThrottle(testDb.db, { account, purpose: "second-factor", ip: STRANGER })).toEqual({
      allowed: true,
    });
    await recordSuccess(testDb.db, { account, purpose: "second-factor", ip: STRANGER });
    expect((await checkThrottle(testDb.db, { account, purpose: "step-up", ip: STRANGER })).allowed).toBe(false);
    await recordSuccess(testDb.db, { account: account.toUpperCase(), purpose: "step-up", ip: STRANGER });
    expect(await checkThrottle(testDb.db, { account, purpose: "step-up", ip: STRANGER })).toEqual({ allowed: true });
  });

  it("is refused by the database for an unknown purpose or a negative count", async () => {
    const values = { account: "x@test.example", device: "", lastAttemptAt: new Date(now), blockedUntil: new Date(now) };
    await expect(
      testDb.db.insert(attemptThrottle).values({ ...values, purpose: "guess" as never, failures: 1 }),
    ).rejects.toThrow();
    await expect(
      testDb.db.insert(attemptThrottle).values({ ...values, purpose: "sign-in", failures: -1 }),
    ).rejects.toThrow();
  });
});

describe("password-change throttling", () => {
  it("limits guesses at the current password, checks none while throttled, and audits the refusal", async () => {
    const user = await clinician();
    const cookie = await cookieFor(testDb.db, user.id);
    const post = (currentPassword: string) =>
      respond(() =>
        changePassword(
          routeArgs("/account/password", {
            cookie,
            form: { currentPassword, newPassword: "maple-orbit-quartz-71", confirmPassword: "maple-orbit-quartz-71" },
          }) as never,
        ),
      );
    for (let i = 0; i < 5; i += 1) {
      expect((await post(`guess-${i}`)).status).toBe(400);
    }
    const refused = await post(TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("1");
    expect(JSON.stringify(refused.body)).toMatch(/Too many wrong attempts for this account/u);
    const [row] = await testDb.db.select().from(staffUser).where(eq(staffUser.id, user.id));
    expect(await verifyPassword(row!.passwordHash, TEST_PASSWORD)).toBe(true);
    const denied = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(
          eq(auditEntry.actorUserId, user.id),
          eq(auditEntry.action, "change-password"),
          eq(auditEntry.outcome, "denied"),
        ),
      );
    expect(denied).toHaveLength(1);

    advance(1);
    expect((await post(TEST_PASSWORD)).status).toBe(302);
  });
});
