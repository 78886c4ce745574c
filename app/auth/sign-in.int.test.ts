import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEntry, staffUser } from "../../db/schema";
import { setupTestDatabase } from "../../test/db";
import { createClinic, createStaff, respond, routeArgs, TEST_PASSWORD } from "../../test/fixtures";
import { action as loginAction } from "../routes/login";
import { clock } from "./clock";
import { accountSignInLimiter } from "./rate-limit";
import { signIn } from "./sign-in.server";
import { validateSessionToken } from "./session.server";

const testDb = setupTestDatabase();
const realNow = clock.now;

beforeEach(() => {
  clock.now = realNow;
});
afterEach(() => {
  clock.now = realNow;
});

async function user(values: Parameters<typeof createStaff>[3] = {}) {
  const clinic = await createClinic(testDb.db);
  return createStaff(testDb.db, clinic.id, ["therapist"], values);
}

describe("sign-in", () => {
  it("signs in with the right password, case-insensitively on the address, and audits it", async () => {
    const staff = await user();
    const result = await signIn(testDb.db, { email: staff.email.toUpperCase(), password: TEST_PASSWORD, ip: "198.51.100.4" });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect((await validateSessionToken(testDb.db, result.token))?.user.id).toBe(staff.id);
    }
    const entries = await testDb.db.select().from(auditEntry).where(and(eq(auditEntry.actorUserId, staff.id), eq(auditEntry.action, "sign-in")));
    expect(entries.map((entry) => [entry.outcome, entry.ip])).toEqual([["success", "198.51.100.4"]]);
  });

  it("answers wrong password, unknown address and deactivated account alike", async () => {
    const staff = await user();
    const gone = await user({ active: false });
    const wrong = await signIn(testDb.db, { email: staff.email, password: "not the password", ip: "x" });
    const unknown = await signIn(testDb.db, { email: "nobody@test.example", password: TEST_PASSWORD, ip: "x" });
    const deactivated = await signIn(testDb.db, { email: gone.email, password: TEST_PASSWORD, ip: "x" });
    expect([wrong, unknown, deactivated]).toEqual([{ ok: false, reason: "invalid" }, { ok: false, reason: "invalid" }, { ok: false, reason: "invalid" }]);
    const failures = await testDb.db.select().from(auditEntry).where(eq(auditEntry.outcome, "failure"));
    expect(failures.map((entry) => entry.actorEmail)).toEqual(expect.arrayContaining([staff.email, "nobody@test.example", gone.email]));
  });

  it("refuses the 11th attempt on one account within a minute with 429 and Retry-After", async () => {
    const staff = await user();
    const start = Date.now();
    clock.now = () => new Date(start);
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await respond(() => loginAction(routeArgs("/login", { form: { email: staff.email, password: `wrong-${attempt}` } }) as never));
      expect(response.status).toBe(400);
    }
    const limited = await respond(() => loginAction(routeArgs("/login", { form: { email: staff.email, password: TEST_PASSWORD } }) as never));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    clock.now = () => new Date(start + 61_000);
    const later = await respond(() => loginAction(routeArgs("/login", { form: { email: staff.email, password: TEST_PASSWORD } }) as never));
    expect(later.status).toBe(302);
    accountSignInLimiter.reset(staff.email);
  });

  it("answers a successful form sign-in with a redirect and an HttpOnly, SameSite=Lax cookie", async () => {
    const staff = await user();
    const response = await respond(() => loginAction(routeArgs("/login", { form: { email: staff.email, password: TEST_PASSWORD, redirectTo: "/patients" } }) as never));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/patients");
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Lax/u);
  });

  it("sends a user whose password was reset to change it first", async () => {
    const staff = await user({ mustChangePassword: true });
    const response = await respond(() => loginAction(routeArgs("/login", { form: { email: staff.email, password: TEST_PASSWORD, redirectTo: "/patients" } }) as never));
    expect(response.headers.get("Location")).toBe("/account/password");
  });

  it("answers bad input with field errors and opens no session", async () => {
    const before = await testDb.db.select().from(auditEntry);
    const response = await respond(() => loginAction(routeArgs("/login", { form: { email: "not an address", password: "" } }) as never));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/valid email/u);
    expect(await testDb.db.select().from(auditEntry)).toHaveLength(before.length);
  });

  it("keeps the password hash out of reach of a wrong-password timing probe", async () => {
    const staff = await user();
    const [row] = await testDb.db.select({ hash: staffUser.passwordHash }).from(staffUser).where(eq(staffUser.id, staff.id));
    expect(row?.hash).toMatch(/^\$argon2id\$/u);
  });
});
