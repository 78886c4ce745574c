import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, staffUser } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createStaff, respond, TEST_PASSWORD, routeArgs } from "#test/fixtures";
import { sessionCookieName } from "#app/auth/cookie.server";
import { verifyPassword } from "#app/auth/password.server";
import { validateSessionToken } from "#app/auth/session.server";
import { signIn } from "#app/auth/sign-in.server";
import type { IntentReply } from "#app/clinic/form-reply";
import * as editRoute from "#app/routes/admin/staff-edit";
import * as listRoute from "#app/routes/admin/staff-list";
import * as newRoute from "#app/routes/admin/staff-new";

const t = setupTestDatabase();

type Team = Awaited<ReturnType<typeof createClinicWithTeam>>;
let team: Team;
let other: Team;
let adminCookie: string;

const NEW_PASSWORD = "quiet-lantern-orchard-42";

beforeAll(async () => {
  team = await createClinicWithTeam(t.db);
  other = await createClinicWithTeam(t.db);
  adminCookie = await cookieFor(t.db, team.users.admin.id);
});

function tokenOf(cookie: string): string {
  return cookie.slice(sessionCookieName().length + 1);
}

function errorsOf(body: unknown): Record<string, string[] | null | undefined> {
  const reply = body as IntentReply | IntentReply["result"];
  const result = "result" in reply ? reply.result : reply;
  return (result.error ?? {}) as Record<string, string[] | null | undefined>;
}

async function usersWithEmail(email: string) {
  return t.db
    .select()
    .from(staffUser)
    .where(eq(sql`lower(${staffUser.email})`, email.toLowerCase()));
}

async function auditOf(entityId: string, action: string) {
  return t.db
    .select()
    .from(auditEntry)
    .where(and(eq(auditEntry.entityId, entityId), eq(auditEntry.action, action)));
}

function createStaffForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: "Imani Castellanos",
    email: "Imani.Castellanos@Harbor.Example",
    roles: ["prescriber"],
    credentials: "MD",
    licenseNumber: "G-88421",
    npi: "1245319599",
    deaNumber: "BC1234563",
    password: NEW_PASSWORD,
    ...overrides,
  };
}

function postNew(form: Record<string, string | string[]>, cookie = adminCookie) {
  return respond(() => newRoute.action(routeArgs("/admin/staff/new", { cookie, form })));
}

function postEdit(userId: string, form: Record<string, string | string[]>, cookie = adminCookie) {
  return respond(() => editRoute.action(routeArgs(`/admin/staff/${userId}`, { cookie, form, params: { userId } })));
}

function loadEdit(userId: string, cookie = adminCookie) {
  return respond(() => editRoute.loader(routeArgs(`/admin/staff/${userId}`, { cookie, params: { userId } })));
}

describe("access", () => {
  it("answers 403 to every non-admin role, audited", async () => {
    for (const role of ["prescriber", "therapist", "nurse", "frontdesk"] as const) {
      const cookie = await cookieFor(t.db, team.users[role].id);
      expect((await respond(() => listRoute.loader(routeArgs("/admin/staff", { cookie })))).status).toBe(403);
      expect((await postNew(createStaffForm({ email: `sneaky-${role}@harbor.example` }), cookie)).status).toBe(403);
      expect((await loadEdit(team.users.admin.id, cookie)).status).toBe(403);
      expect((await postEdit(team.users.admin.id, { intent: "deactivate" }, cookie)).status).toBe(403);
      expect(await usersWithEmail(`sneaky-${role}@harbor.example`)).toHaveLength(0);
    }
    const denied = await t.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, team.users.nurse.id), eq(auditEntry.outcome, "denied")));
    expect(denied.map((entry) => entry.action)).toEqual([
      "manage:staff",
      "manage:staff",
      "manage:staff",
      "manage:staff",
    ]);
    expect((await t.db.select().from(staffUser).where(eq(staffUser.id, team.users.admin.id)))[0]!.active).toBe(true);
  });
});

describe("staff list", () => {
  it("lists the clinic's staff only, with roles and status", async () => {
    await createStaff(t.db, team.clinic.id, ["therapist", "nurse"], { name: "Zed Former", active: false });
    const response = await respond(() => listRoute.loader(routeArgs("/admin/staff", { cookie: adminCookie })));
    expect(response.status).toBe(200);
    const { staff } = response.body as Awaited<ReturnType<typeof listRoute.loader>>;
    const ids = staff.map((member) => member.id);
    expect(ids).toContain(team.users.therapist.id);
    expect(ids).not.toContain(other.users.therapist.id);
    expect(staff.find((member) => member.name === "Zed Former")).toMatchObject({
      roles: ["Therapist", "Nurse"],
      active: false,
    });
    expect(staff.every((member) => !("passwordHash" in member))).toBe(true);
  });
});

describe("new staff member", () => {
  let createdId: string;

  it("creates the account, lower-cases the email and forces a password change", async () => {
    const response = await postNew(createStaffForm({ roles: ["prescriber", "therapist"] }));
    expect(response.status).toBe(302);
    const [created] = await usersWithEmail("imani.castellanos@harbor.example");
    expect(created).toMatchObject({
      clinicId: team.clinic.id,
      email: "imani.castellanos@harbor.example",
      name: "Imani Castellanos",
      roles: ["prescriber", "therapist"],
      credentials: "MD",
      licenseNumber: "G-88421",
      npi: "1245319599",
      deaNumber: "BC1234563",
      mustChangePassword: true,
      active: true,
    });
    createdId = created!.id;
    expect(response.headers.get("Location")).toBe(`/admin/staff/${createdId}?saved=created`);
    expect(await verifyPassword(created!.passwordHash, NEW_PASSWORD)).toBe(true);
    const entries = await auditOf(createdId, "create:staff");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: team.users.admin.id,
      clinicId: team.clinic.id,
      outcome: "success",
    });
    expect(JSON.stringify(entries[0]!.detail)).not.toContain(NEW_PASSWORD);

    const signedIn = await signIn(t.db, {
      email: "IMANI.castellanos@harbor.example",
      password: NEW_PASSWORD,
      ip: "203.0.113.9",
    });
    expect(signedIn).toMatchObject({ ok: true, mustChangePassword: true });
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const response = await postNew(
      createStaffForm({
        email: "new.person@harbor.example",
        roles: [],
        npi: "1234567890",
        deaNumber: "BC1234564",
        name: "",
      }),
    );
    expect(response.status).toBe(400);
    const errors = errorsOf(response.body);
    expect(errors.roles).toEqual(["Choose at least one role."]);
    expect(errors.npi?.[0]).toMatch(/check digit/u);
    expect(errors.deaNumber?.[0]).toMatch(/check digit/u);
    expect(errors.name).toEqual(["Enter the person's full name."]);
    expect(await usersWithEmail("new.person@harbor.example")).toHaveLength(0);
    expect((response.body as { initialValue?: Record<string, unknown> }).initialValue?.password).toBeUndefined();
  });

  it("wants an NPI for a prescriber", async () => {
    const response = await postNew(createStaffForm({ email: "new.prescriber@harbor.example", npi: "" }));
    expect(response.status).toBe(400);
    expect(errorsOf(response.body).npi).toEqual(["A prescriber needs an NPI."]);
    expect(await usersWithEmail("new.prescriber@harbor.example")).toHaveLength(0);
  });

  it("refuses an email address already used in any clinic, whatever its case", async () => {
    const taken = other.users.nurse.email.toUpperCase();
    const response = await postNew(createStaffForm({ email: taken, roles: ["nurse"], npi: "", deaNumber: "" }));
    expect(response.status).toBe(400);
    expect(errorsOf(response.body).email).toEqual(["Someone already signs in with this email address."]);
    expect(await usersWithEmail(taken)).toHaveLength(1);
  });

  it("refuses a weak initial password", async () => {
    const response = await postNew(
      createStaffForm({ email: "weak.password@harbor.example", password: "aaaaaaaaaaaaaa" }),
    );
    expect(response.status).toBe(400);
    expect(errorsOf(response.body).password?.[0]).toMatch(/different characters/u);
    expect(await usersWithEmail("weak.password@harbor.example")).toHaveLength(0);
  });

  it("shows the new account on its page", async () => {
    const response = await loadEdit(createdId);
    expect(response.status).toBe(200);
    const body = response.body as Awaited<ReturnType<typeof editRoute.loader>>;
    expect(body.member).toMatchObject({ id: createdId, mustChangePassword: true, active: true });
    expect(body.isSelf).toBe(false);
  });
});

describe("another clinic's user", () => {
  it("answers 404 to loader and actions, audited, and changes nothing", async () => {
    const foreign = other.users.therapist;
    const sessionCookie = await cookieFor(t.db, foreign.id);
    expect((await loadEdit(foreign.id)).status).toBe(404);
    expect((await postEdit(foreign.id, { intent: "deactivate" })).status).toBe(404);
    expect((await postEdit(foreign.id, { intent: "reset-password", password: NEW_PASSWORD })).status).toBe(404);
    const [row] = await t.db.select().from(staffUser).where(eq(staffUser.id, foreign.id));
    expect(row).toMatchObject({ active: true, mustChangePassword: false });
    expect(await validateSessionToken(t.db, tokenOf(sessionCookie))).not.toBeNull();
    const probes = await t.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.entityId, foreign.id), eq(auditEntry.outcome, "not_found")));
    expect(probes).toHaveLength(3);
    expect(probes[0]).toMatchObject({
      clinicId: team.clinic.id,
      actorUserId: team.users.admin.id,
      entityType: "staff_user",
    });
  });

  it("answers 404 to a malformed or unknown id", async () => {
    expect((await loadEdit("not-a-uuid")).status).toBe(404);
    expect((await loadEdit("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

describe("editing details", () => {
  function editForm(member: { name: string; email: string }, overrides: Record<string, string | string[]> = {}) {
    return {
      intent: "update",
      name: member.name,
      email: member.email,
      roles: ["therapist"],
      credentials: "",
      licenseNumber: "",
      npi: "",
      deaNumber: "",
      ...overrides,
    };
  }

  it("saves changes and audits what changed", async () => {
    const member = await createStaff(t.db, team.clinic.id, ["therapist"], { name: "Noor Haddad" });
    const response = await postEdit(
      member.id,
      editForm(member, { roles: ["therapist", "frontdesk"], credentials: "LMFT", licenseNumber: "LMFT-5521" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/staff/${member.id}?saved=update`);
    const [row] = await t.db.select().from(staffUser).where(eq(staffUser.id, member.id));
    expect(row).toMatchObject({ roles: ["therapist", "frontdesk"], credentials: "LMFT", licenseNumber: "LMFT-5521" });
    const entries = await auditOf(member.id, "update:staff");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toEqual({
      changes: {
        roles: { from: ["therapist"], to: ["therapist", "frontdesk"] },
        credentials: { from: "", to: "LMFT" },
        licenseNumber: { from: "", to: "LMFT-5521" },
      },
    });
  });

  it("refuses invalid input and a taken email, writing nothing", async () => {
    const member = await createStaff(t.db, team.clinic.id, ["nurse"], { name: "Tomasz Wren" });
    const invalid = await postEdit(member.id, editForm(member, { roles: ["prescriber"], npi: "" }));
    expect(invalid.status).toBe(400);
    expect(errorsOf(invalid.body).npi).toEqual(["A prescriber needs an NPI."]);
    const taken = await postEdit(member.id, editForm(member, { email: team.users.therapist.email }));
    expect(taken.status).toBe(400);
    expect(errorsOf(taken.body).email).toEqual(["Someone already signs in with this email address."]);
    const [row] = await t.db.select().from(staffUser).where(eq(staffUser.id, member.id));
    expect(row).toMatchObject({ roles: ["nurse"], email: member.email });
    expect(await auditOf(member.id, "update:staff")).toHaveLength(0);
  });

  it("keeps an admin from removing their own admin role", async () => {
    const admin = team.users.admin;
    const response = await postEdit(admin.id, editForm(admin, { roles: ["therapist"] }));
    expect(response.status).toBe(400);
    expect(errorsOf(response.body).roles).toEqual([
      "You cannot remove your own admin role. Ask another administrator to do it.",
    ]);
    expect((await t.db.select().from(staffUser).where(eq(staffUser.id, admin.id)))[0]!.roles).toEqual(["admin"]);
    expect((await postEdit(admin.id, editForm(admin, { roles: ["admin", "therapist"] }))).status).toBe(302);
  });
});

describe("deactivation", () => {
  it("ends every session, blocks sign-in, keeps the row, and can be undone", async () => {
    const member = await createStaff(t.db, team.clinic.id, ["nurse"], { name: "Lior Baptiste" });
    const first = await cookieFor(t.db, member.id);
    const second = await cookieFor(t.db, member.id);

    const response = await postEdit(member.id, { intent: "deactivate" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/admin/staff/${member.id}?saved=deactivate`);
    const [row] = await t.db.select().from(staffUser).where(eq(staffUser.id, member.id));
    expect(row!.active).toBe(false);
    expect(row!.deactivatedAt).toBeInstanceOf(Date);
    expect(await validateSessionToken(t.db, tokenOf(first))).toBeNull();
    expect(await validateSessionToken(t.db, tokenOf(second))).toBeNull();
    expect(await signIn(t.db, { email: member.email, password: TEST_PASSWORD, ip: "203.0.113.9" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await auditOf(member.id, "deactivate:staff")).toHaveLength(1);

    expect((await postEdit(member.id, { intent: "reactivate" })).status).toBe(302);
    const [again] = await t.db.select().from(staffUser).where(eq(staffUser.id, member.id));
    expect(again).toMatchObject({ active: true, deactivatedAt: null });
    expect(await signIn(t.db, { email: member.email, password: TEST_PASSWORD, ip: "203.0.113.9" })).toMatchObject({
      ok: true,
    });
    expect(await auditOf(member.id, "reactivate:staff")).toHaveLength(1);
  });

  it("keeps an admin from deactivating themselves", async () => {
    const response = await postEdit(team.users.admin.id, { intent: "deactivate" });
    expect(response.status).toBe(400);
    expect(errorsOf(response.body)[""]).toEqual([
      "You cannot deactivate your own account. Ask another administrator to do it.",
    ]);
    expect((await t.db.select().from(staffUser).where(eq(staffUser.id, team.users.admin.id)))[0]!.active).toBe(true);
    expect(await validateSessionToken(t.db, tokenOf(adminCookie))).not.toBeNull();
  });

  it("answers 400 to an unknown intent", async () => {
    expect((await postEdit(team.users.nurse.id, { intent: "delete" })).status).toBe(400);
  });
});

describe("password reset", () => {
  it("refuses a weak temporary password and writes nothing", async () => {
    const member = await createStaff(t.db, team.clinic.id, ["frontdesk"], { name: "Bexley Marsh" });
    const response = await postEdit(member.id, { intent: "reset-password", password: "bexleymarsh-12" });
    expect(response.status).toBe(400);
    expect(errorsOf(response.body).password).toEqual(["Do not use your name or email address in your password."]);
    expect((await t.db.select().from(staffUser).where(eq(staffUser.id, member.id)))[0]!.mustChangePassword).toBe(false);
    expect(await auditOf(member.id, "reset-password:staff")).toHaveLength(0);
  });

  it("sets the password, forces a change and signs the person out", async () => {
    const member = await createStaff(t.db, team.clinic.id, ["therapist"], { name: "Sasha Lindqvist" });
    const session = await cookieFor(t.db, member.id);
    const response = await postEdit(member.id, { intent: "reset-password", password: NEW_PASSWORD });
    expect(response.status).toBe(302);
    expect((await t.db.select().from(staffUser).where(eq(staffUser.id, member.id)))[0]!.mustChangePassword).toBe(true);
    expect(await validateSessionToken(t.db, tokenOf(session))).toBeNull();
    expect(await signIn(t.db, { email: member.email, password: TEST_PASSWORD, ip: "203.0.113.9" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signIn(t.db, { email: member.email, password: NEW_PASSWORD, ip: "203.0.113.9" })).toMatchObject({
      ok: true,
      mustChangePassword: true,
    });
    const entries = await auditOf(member.id, "reset-password:staff");
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).not.toContain(NEW_PASSWORD);
  });

  it("sends an admin to their own password page instead", async () => {
    const response = await postEdit(team.users.admin.id, { intent: "reset-password", password: NEW_PASSWORD });
    expect(response.status).toBe(400);
    expect(errorsOf(response.body).password).toEqual(["To change your own password, use the Password page."]);
  });
});
