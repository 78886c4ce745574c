import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditEntry, authSession } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinic, createStaff, respond, routeArgs } from "#test/fixtures";
import { action as sessionsAction, loader as sessionsPage } from "#app/routes/account-sessions";
import { clock } from "./clock";
import { sessionCookieName } from "./cookie.server";
import { createSession, validateSessionToken } from "./session.server";

const testDb = setupTestDatabase();
const realNow = clock.now;
const START = Date.UTC(2026, 2, 2, 16, 0);
const MINUTE = 60_000;
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1";

function at(ms: number): void {
  clock.now = () => new Date(START + ms);
}

afterEach(() => {
  clock.now = realNow;
});

type Page = {
  devices: {
    publicId: string;
    device: string;
    ip: string;
    signedInAt: string;
    lastActiveAt: string;
    current: boolean;
  }[];
  notice: string | null;
};

/** A user signed in on a Windows PC (the request's own session), an iPhone, and once long ago. */
async function userWithDevices() {
  const clinic = await createClinic(testDb.db, { timeZone: "America/Los_Angeles" });
  const user = await createStaff(testDb.db, clinic.id, ["therapist"]);
  at(0);
  const stale = await createSession(testDb.db, user.id, { userAgent: IPHONE, ip: "192.0.2.99" });
  at(20 * MINUTE);
  const pc = await createSession(testDb.db, user.id, { userAgent: FIREFOX, ip: "192.0.2.10" });
  at(25 * MINUTE);
  const phone = await createSession(testDb.db, user.id, { userAgent: IPHONE, ip: "198.51.100.20" });
  at(30 * MINUTE);
  const cookie = `${sessionCookieName()}=${pc.token}`;
  return { user, pc, phone, stale, cookie };
}

async function page(cookie: string): Promise<Page> {
  const response = await respond(() => sessionsPage(routeArgs("/account/sessions", { cookie }) as never));
  expect(response.status).toBe(200);
  return response.body as Page;
}

describe("signed-in devices", () => {
  it("lists the login sessions still in use, this device first, with browser, address and times in the clinic's zone", async () => {
    const { cookie } = await userWithDevices();
    const { devices } = await page(cookie);
    expect(devices.map(({ device, ip, signedInAt, current }) => ({ device, ip, signedInAt, current }))).toEqual([
      { device: "Firefox on Windows", ip: "192.0.2.10", signedInAt: "Mon 2 Mar 2026, 08:20", current: true },
      { device: "Safari on iPhone", ip: "198.51.100.20", signedInAt: "Mon 2 Mar 2026, 08:25", current: false },
    ]);
    expect(JSON.stringify(devices)).not.toMatch(/[0-9a-f]{64}/u);
  });

  it("signs out one other device, audited, and leaves this one signed in", async () => {
    const { user, cookie, pc, phone } = await userWithDevices();
    const phoneId = (await page(cookie)).devices.find((device) => !device.current)!.publicId;
    const response = await respond(() =>
      sessionsAction(
        routeArgs("/account/sessions", { cookie, form: { intent: "sign-out-device", session: phoneId } }) as never,
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account/sessions?signedOut=1");
    expect(await validateSessionToken(testDb.db, phone.token)).toBeNull();
    expect(await validateSessionToken(testDb.db, pc.token)).not.toBeNull();
    const entries = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, user.id), eq(auditEntry.action, "sign-out:other-device")));
    expect(entries.map((entry) => [entry.entityId, entry.outcome, entry.detail])).toEqual([
      [phoneId, "success", { device: "Safari on iPhone", ip: "198.51.100.20" }],
    ]);
  });

  it("signs out every other device at once, audited with the count", async () => {
    const { user, cookie, pc, phone, stale } = await userWithDevices();
    const response = await respond(() =>
      sessionsAction(routeArgs("/account/sessions", { cookie, form: { intent: "sign-out-others" } }) as never),
    );
    expect(response.headers.get("Location")).toBe("/account/sessions?signedOut=2");
    expect(await validateSessionToken(testDb.db, phone.token)).toBeNull();
    expect(await validateSessionToken(testDb.db, stale.token)).toBeNull();
    expect(await validateSessionToken(testDb.db, pc.token)).not.toBeNull();
    const after = await page(cookie);
    expect(after.devices.map((device) => device.current)).toEqual([true]);
    const [entry] = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, user.id), eq(auditEntry.action, "sign-out:other-devices")));
    expect(entry?.detail).toEqual({ count: 2 });
  });

  it("cannot sign out another user's session, and says only that the device is not signed in", async () => {
    const { cookie } = await userWithDevices();
    const other = await userWithDevices();
    const theirs = (await page(other.cookie)).devices.find((device) => !device.current)!.publicId;
    const before = await testDb.db.select().from(authSession);
    const response = await respond(() =>
      sessionsAction(
        routeArgs("/account/sessions", { cookie, form: { intent: "sign-out-device", session: theirs } }) as never,
      ),
    );
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "That device is no longer signed in." });
    expect(await testDb.db.select().from(authSession)).toHaveLength(before.length);
    expect(await validateSessionToken(testDb.db, other.phone.token)).not.toBeNull();
  });

  it("refuses to sign out this device from the list, and bad input, with a sentence and nothing ended", async () => {
    const { cookie } = await userWithDevices();
    const mine = (await page(cookie)).devices.find((device) => device.current)!.publicId;
    const before = await testDb.db.select().from(authSession);
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ intent: "sign-out-device", session: mine }, 400, /device you are using/u],
      [{ intent: "sign-out-device", session: "not-a-uuid\u0000" }, 400, /no longer signed in/u],
      [{ intent: "sign-out-device" }, 400, /no longer signed in/u],
      [{ intent: "drop-tables" }, 400, /Choose a device/u],
    ];
    for (const [form, status, message] of cases) {
      const response = await respond(() => sessionsAction(routeArgs("/account/sessions", { cookie, form }) as never));
      expect(response.status).toBe(status);
      expect((response.body as { error: string }).error).toMatch(message);
    }
    expect(await testDb.db.select().from(authSession)).toHaveLength(before.length);
  });
});
