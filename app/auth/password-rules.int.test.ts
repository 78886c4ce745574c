import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, staffUser } from "#db/schema";
import { seedDemoClinic, DEMO_PASSWORD } from "#db/seed/demo";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinic, createStaff, respond, routeArgs, TEST_PASSWORD } from "#test/fixtures";
import { action as changePassword } from "#app/routes/account-password";
import * as editRoute from "#app/routes/admin/staff-edit";
import * as newRoute from "#app/routes/admin/staff-new";
import { verifyPassword } from "./password.server";
import { signIn } from "./sign-in.server";

// Every place a person sets a password refuses the clinic's name, their email and the demo password.
const testDb = setupTestDatabase();
let clinicId: string;
let adminCookie: string;

beforeAll(async () => {
  const clinic = await createClinic(testDb.db, { name: "Clínica Harbour Light" });
  clinicId = clinic.id;
  const admin = await createStaff(testDb.db, clinicId, ["admin"]);
  adminCookie = await cookieFor(testDb.db, admin.id);
});

// Each refused password, made for the account's email address.
const REFUSED: [string, (email: string) => string, RegExp][] = [
  ["the clinic's name", () => "clinica harbourlight 26", /clinic's name/u],
  ["the email's local part", (email) => `${email.split("@")[0]!.toUpperCase()}-2026!`, /name or email/u],
  ["the demo password", () => "KAP-demo-2026", /demo password/u],
];

function uniqueEmail(domain: string): string {
  return `morgan.quill.${Math.random().toString(36).slice(2, 8)}@${domain}`;
}

function messagesOf(body: unknown): string {
  return JSON.stringify(body);
}

async function usersNamed(email: string): Promise<number> {
  const [row] = await testDb.db
    .select({ n: count() })
    .from(staffUser)
    .where(eq(sql`lower(${staffUser.email})`, email));
  return row?.n ?? 0;
}

describe("password rules where a password is set", () => {
  it.each(REFUSED)(
    "changing one's own password refuses %s, and changes nothing",
    async (_kind, passwordFor, message) => {
      const user = await createStaff(testDb.db, clinicId, ["nurse"], {
        email: uniqueEmail("test.example"),
        name: "Ana Ruiz",
      });
      const newPassword = passwordFor(user.email);
      const cookie = await cookieFor(testDb.db, user.id);
      const response = await respond(() =>
        changePassword(
          routeArgs("/account/password", {
            cookie,
            form: { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword },
          }) as never,
        ),
      );
      expect(response.status).toBe(400);
      expect(messagesOf(response.body)).toMatch(message);
      const [row] = await testDb.db.select().from(staffUser).where(eq(staffUser.id, user.id));
      expect(await verifyPassword(row!.passwordHash, TEST_PASSWORD)).toBe(true);
    },
  );

  it.each(REFUSED)(
    "an admin creating an account refuses %s, and creates nothing",
    async (_kind, passwordFor, message) => {
      const email = uniqueEmail("harbour.example");
      const response = await respond(() =>
        newRoute.action(
          routeArgs("/admin/staff/new", {
            cookie: adminCookie,
            form: { name: "Ana Ruiz", email, roles: ["nurse"], credentials: "RN", password: passwordFor(email) },
          }) as never,
        ),
      );
      expect(response.status).toBe(400);
      expect(messagesOf(response.body)).toMatch(message);
      expect(await usersNamed(email)).toBe(0);
    },
  );

  it.each(REFUSED)(
    "an admin resetting a password refuses %s, and changes nothing",
    async (_kind, passwordFor, message) => {
      const member = await createStaff(testDb.db, clinicId, ["therapist"], {
        email: uniqueEmail("reset.example"),
        name: "Ana Ruiz",
      });
      const response = await respond(() =>
        editRoute.action(
          routeArgs(`/admin/staff/${member.id}`, {
            cookie: adminCookie,
            form: { intent: "reset-password", password: passwordFor(member.email) },
            params: { userId: member.id },
          }) as never,
        ),
      );
      expect(response.status).toBe(400);
      expect(messagesOf(response.body)).toMatch(message);
      const entries = await testDb.db
        .select()
        .from(auditEntry)
        .where(and(eq(auditEntry.entityId, member.id), eq(auditEntry.action, "reset-password:staff")));
      expect(entries).toHaveLength(0);
    },
  );

  it("still lets the demo seed set the published demo password directly, and sign in with it", async () => {
    const { staff } = await seedDemoClinic(testDb.db);
    const [admin] = await testDb.db
      .select({ email: staffUser.email })
      .from(staffUser)
      .where(eq(staffUser.id, Object.values(staff)[0]!));
    const result = await signIn(testDb.db, { email: admin!.email, password: DEMO_PASSWORD, ip: "127.0.0.1" });
    expect(result.ok).toBe(true);
  });
});
