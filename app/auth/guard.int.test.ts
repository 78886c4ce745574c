import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditEntry, authSession, staffUser } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinic, createStaff, respond, routeArgs, TEST_PASSWORD } from "#test/fixtures";
import { action as changePassword, loader as passwordPage } from "#app/routes/account-password";
import { loader as home } from "#app/routes/home";
import { clock } from "./clock";
import { verifyPassword } from "./password.server";
import { requireUser } from "./guard.server";
import { createSession, validateSessionToken } from "./session.server";

const testDb = setupTestDatabase();
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

async function staff(values: Parameters<typeof createStaff>[3] = {}) {
  const clinic = await createClinic(testDb.db);
  return createStaff(testDb.db, clinic.id, ["nurse"], values);
}

describe("the guard", () => {
  it("refuses a session idle past its timeout and sends the user to sign in", async () => {
    const user = await staff();
    const start = Date.now();
    clock.now = () => new Date(start);
    const cookie = await cookieFor(testDb.db, user.id);
    clock.now = () => new Date(start + 16 * 60_000);
    const response = await respond(() => home(routeArgs("/", { cookie }) as never));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login");
  });

  it("holds a user whose password was reset on the change-password page", async () => {
    const user = await staff({ mustChangePassword: true });
    const cookie = await cookieFor(testDb.db, user.id);
    const response = await respond(() => home(routeArgs("/", { cookie }) as never));
    expect(response.headers.get("Location")).toBe("/account/password");
    const page = await respond(() => passwordPage(routeArgs("/account/password", { cookie }) as never));
    expect(page.status).toBe(200);
  });

  it("looks the session up once for a page's loaders, but again for an action and after it", async () => {
    const user = await staff();
    const cookie = await cookieFor(testDb.db, user.id);
    const page = routeArgs("/", { cookie });
    const sibling = { ...routeArgs("/", { cookie }), context: page.context };
    expect((await requireUser(page as never)).id).toBe(user.id);
    await testDb.db.delete(authSession).where(eq(authSession.userId, user.id));
    // The layout's loader of the same page view shares the first lookup (a new Request, one context)...
    expect((await requireUser(sibling as never)).id).toBe(user.id);
    // ...but a form post in that context looks again, and finds the session gone.
    const post = { ...routeArgs("/", { cookie, method: "POST" }), context: page.context };
    const refused = await respond(() => requireUser(post as never));
    expect(refused.status).toBe(302);
    expect(refused.headers.get("Location")).toBe("/login");
    // A new page view (a new context) looks again too.
    const next = await respond(() => requireUser(routeArgs("/", { cookie }) as never));
    expect(next.headers.get("Location")).toBe("/login");
  });

  it("records a denied request in the audit trail", async () => {
    const user = await staff();
    const cookie = await cookieFor(testDb.db, user.id);
    const { loader: auditLog } = await import("#app/routes/admin/audit");
    const response = await respond(() => auditLog(routeArgs("/admin/audit", { cookie }) as never));
    expect(response.status).toBe(403);
    const entries = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, user.id), eq(auditEntry.outcome, "denied")));
    expect(entries.map((entry) => [entry.action, entry.entityId])).toEqual([["read:audit", "/admin/audit"]]);
  });
});

describe("changing one's password", () => {
  const form = (values: Record<string, string>) => ({ form: values });

  it("refuses a wrong current password, a common or mismatched new one, and changes nothing", async () => {
    const user = await staff();
    const cookie = await cookieFor(testDb.db, user.id);
    const cases = [
      {
        currentPassword: "not it at all",
        newPassword: "maple-orbit-quartz-71",
        confirmPassword: "maple-orbit-quartz-71",
      },
      { currentPassword: TEST_PASSWORD, newPassword: "password12345678", confirmPassword: "password12345678" },
      {
        currentPassword: TEST_PASSWORD,
        newPassword: "maple-orbit-quartz-71",
        confirmPassword: "maple-orbit-quartz-72",
      },
      { currentPassword: TEST_PASSWORD, newPassword: "short", confirmPassword: "short" },
    ];
    for (const values of cases) {
      const response = await respond(() =>
        changePassword(routeArgs("/account/password", { cookie, ...form(values) }) as never),
      );
      expect(response.status).toBe(400);
    }
    const [row] = await testDb.db.select().from(staffUser).where(eq(staffUser.id, user.id));
    expect(await verifyPassword(row!.passwordHash, TEST_PASSWORD)).toBe(true);
  });

  it("changes it, clears a forced change, ends other sessions and renews this one", async () => {
    const user = await staff({ mustChangePassword: true });
    const cookie = await cookieFor(testDb.db, user.id);
    const elsewhere = await createSession(testDb.db, user.id);
    const response = await respond(() =>
      changePassword(
        routeArgs("/account/password", {
          cookie,
          form: {
            currentPassword: TEST_PASSWORD,
            newPassword: "maple-orbit-quartz-71",
            confirmPassword: "maple-orbit-quartz-71",
          },
        }) as never,
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/kap_session=[a-z2-7]{32}/u);
    expect(await validateSessionToken(testDb.db, elsewhere.token)).toBeNull();
    expect(await validateSessionToken(testDb.db, cookie.split("=")[1]!)).toBeNull();
    const [row] = await testDb.db.select().from(staffUser).where(eq(staffUser.id, user.id));
    expect(row?.mustChangePassword).toBe(false);
    expect(await verifyPassword(row!.passwordHash, "maple-orbit-quartz-71")).toBe(true);
  });
});
