import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEntry, authSession, staffUser } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinic, createStaff, respond, routeArgs, TEST_PASSWORD } from "#test/fixtures";
import { action as loginAction } from "#app/routes/login";
import { clock } from "./clock";
import { deviceCookieName } from "./device-cookie.server";
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
    const result = await signIn(testDb.db, {
      email: staff.email.toUpperCase(),
      password: TEST_PASSWORD,
      ip: "198.51.100.4",
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect((await validateSessionToken(testDb.db, result.token))?.user.id).toBe(staff.id);
    }
    const entries = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, staff.id), eq(auditEntry.action, "sign-in")));
    expect(entries.map((entry) => [entry.outcome, entry.ip])).toEqual([["success", "198.51.100.4"]]);
  });

  it("answers wrong password, unknown address and deactivated account alike", async () => {
    const staff = await user();
    const gone = await user({ active: false });
    const wrong = await signIn(testDb.db, { email: staff.email, password: "not the password", ip: "x" });
    const unknown = await signIn(testDb.db, { email: "nobody@test.example", password: TEST_PASSWORD, ip: "x" });
    const deactivated = await signIn(testDb.db, { email: gone.email, password: TEST_PASSWORD, ip: "x" });
    expect([wrong, unknown, deactivated]).toEqual([
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
      { ok: false, reason: "invalid" },
    ]);
    const failures = await testDb.db.select().from(auditEntry).where(eq(auditEntry.outcome, "failure"));
    expect(failures.map((entry) => entry.actorEmail)).toEqual(
      expect.arrayContaining([staff.email, "nobody@test.example", gone.email]),
    );
  });

  it("answers a successful form sign-in with a redirect and an HttpOnly, SameSite=Lax cookie", async () => {
    const staff = await user();
    const response = await respond(() =>
      loginAction(
        routeArgs("/login", {
          form: { email: staff.email, password: TEST_PASSWORD, redirectTo: "/patients" },
        }) as never,
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/patients");
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/u);
    expect(cookie).toMatch(/SameSite=Lax/u);
  });

  it("gives the browser a long-lived, HttpOnly device cookie and keeps it on the next sign-in", async () => {
    const staff = await user();
    const first = await respond(() =>
      loginAction(routeArgs("/login", { form: { email: staff.email, password: TEST_PASSWORD } }) as never),
    );
    const device = first.headers.getSetCookie().find((cookie) => cookie.startsWith(`${deviceCookieName()}=`)) ?? "";
    expect(device).toMatch(/HttpOnly/u);
    expect(device).toMatch(/SameSite=Lax/u);
    expect(device).toMatch(/Max-Age=15552000/u);
    const token = /=([a-z2-7]{32});/u.exec(device)?.[1];
    const second = await respond(() =>
      loginAction(
        routeArgs("/login", {
          cookie: `${deviceCookieName()}=${token}`,
          form: { email: staff.email, password: TEST_PASSWORD },
        }) as never,
      ),
    );
    expect(second.headers.getSetCookie()).toContain(device.replace(/=[a-z2-7]{32};/u, `=${token};`));
  });

  it("records the browser and address on the login session, the browser cut to 256 characters", async () => {
    const staff = await user();
    const userAgent = `Mozilla/5.0 ${"x".repeat(400)}`;
    const result = await signIn(testDb.db, {
      email: staff.email,
      password: TEST_PASSWORD,
      ip: "198.51.100.4",
      userAgent,
    });
    expect(result.ok).toBe(true);
    const [row] = await testDb.db.select().from(authSession).where(eq(authSession.userId, staff.id));
    expect(row?.userAgent).toBe(userAgent.slice(0, 256));
    expect(row?.ip).toBe("198.51.100.4");
  });

  it("sends a user whose password was reset to change it first", async () => {
    const staff = await user({ mustChangePassword: true });
    const response = await respond(() =>
      loginAction(
        routeArgs("/login", {
          form: { email: staff.email, password: TEST_PASSWORD, redirectTo: "/patients" },
        }) as never,
      ),
    );
    expect(response.headers.get("Location")).toBe("/account/password");
  });

  it("answers bad input with field errors and opens no session", async () => {
    const before = await testDb.db.select().from(auditEntry);
    const response = await respond(() =>
      loginAction(routeArgs("/login", { form: { email: "not an address", password: "" } }) as never),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(/valid email/u);
    expect(await testDb.db.select().from(auditEntry)).toHaveLength(before.length);
  });

  it("keeps the password hash out of reach of a wrong-password timing probe", async () => {
    const staff = await user();
    const [row] = await testDb.db
      .select({ hash: staffUser.passwordHash })
      .from(staffUser)
      .where(eq(staffUser.id, staff.id));
    expect(row?.hash).toMatch(/^\$argon2id\$/u);
  });
});
