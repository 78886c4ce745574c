import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decide, type Permission } from "../app/auth/policy";
import { careTeamMember, clinicOpeningHours, patient, room, staffUser, timeOff, workingHours } from "../db/schema";
import { ROLES, type Role } from "../db/schema/staff";
import { createTemplate } from "../app/scheduling/templates.server";
import { setupTestDatabase } from "./db";
import { cookieFor, createClinicWithTeam, respond, routeArgs } from "./fixtures";
import { registeredRoutes } from "./route-files";

type Spec =
  | { kind: "anonymous" }
  | { kind: "public" }
  | { kind: "token" }
  | { kind: "protected"; permission: Permission; record?: RecordKind };

// Every route module, what it requires, and which record its URL names. A new route must be added
// here, or the first test fails.
const MATRIX: Record<string, Spec> = {
  "routes/home.tsx": { kind: "protected", permission: "use:app" },
  "routes/login.tsx": { kind: "anonymous" },
  "routes/logout.tsx": { kind: "public" },
  "routes/account-password.tsx": { kind: "protected", permission: "use:app" },
  "routes/account-calendar-feed.tsx": { kind: "protected", permission: "use:calendar-feed" },
  "routes/calendar-feed.tsx": { kind: "token" },
  "routes/patients/search.tsx": { kind: "protected", permission: "search:patient" },
  "routes/patients/new.tsx": { kind: "protected", permission: "create:patient" },
  "routes/patients/profile.tsx": { kind: "protected", permission: "read:patient", record: "patient" },
  "routes/patients/edit.tsx": { kind: "protected", permission: "update:patient", record: "patient" },
  "routes/patients/care-team.tsx": { kind: "protected", permission: "update:care-team", record: "patient" },
  "routes/admin/clinic.tsx": { kind: "protected", permission: "manage:clinic" },
  "routes/admin/staff-list.tsx": { kind: "protected", permission: "manage:staff" },
  "routes/admin/staff-new.tsx": { kind: "protected", permission: "manage:staff" },
  "routes/admin/staff-edit.tsx": { kind: "protected", permission: "manage:staff", record: "staff" },
  "routes/admin/staff-schedule.tsx": { kind: "protected", permission: "manage:staff", record: "staff" },
  "routes/admin/audit.tsx": { kind: "protected", permission: "read:audit" },
  "routes/schedule.tsx": { kind: "protected", permission: "read:schedule" },
  "routes/admin/templates.tsx": { kind: "protected", permission: "manage:templates" },
  "routes/admin/template-edit.tsx": { kind: "protected", permission: "manage:templates", record: "template" },
};

type RecordKind = "patient" | "staff" | "template";

type Handler = (args: unknown) => Promise<unknown>;
type RouteModule = { loader?: Handler; action?: Handler };

const testDb = setupTestDatabase();
let home: Awaited<ReturnType<typeof createClinicWithTeam>>;
let away: Awaited<ReturnType<typeof createClinicWithTeam>>;
const templateIds: Record<string, string> = {};
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  home = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
  for (const world of [home, away]) {
    templateIds[world.clinic.id] = await createTemplate(testDb.db, { id: world.users.admin.id, clinicId: world.clinic.id, ip: "127.0.0.1" });
  }
  for (const role of ROLES) {
    cookies[role] = await cookieFor(testDb.db, home.users[role].id);
  }
});

function urlFor(pattern: string, world: typeof home, record?: RecordKind): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (record === "patient") {
    params.patientId = world.patient.id;
  }
  if (record === "staff") {
    params.userId = world.users.nurse.id;
  }
  if (record === "template") {
    params.templateId = templateIds[world.clinic.id]!;
  }
  const path = pattern.replace(/:(\w+)/gu, (_match, name: string) => params[name] ?? "missing");
  return { path, params };
}

function targetFor(world: typeof home, record?: RecordKind) {
  if (record === "patient") {
    return { clinicId: world.clinic.id, careTeamUserIds: [world.users.prescriber.id, world.users.therapist.id, world.users.nurse.id] };
  }
  return record ? { clinicId: world.clinic.id } : undefined;
}

async function rowCounts(): Promise<number[]> {
  const tables = [patient, careTeamMember, staffUser, room, clinicOpeningHours, workingHours, timeOff];
  return Promise.all(tables.map(async (table) => (await testDb.db.select({ n: count() }).from(table))[0]?.n ?? 0));
}

const routes = registeredRoutes();
const protectedRoutes = routes.filter((route) => MATRIX[route.file]?.kind === "protected");
const modules = new Map<string, RouteModule>();
for (const route of routes) {
  modules.set(route.file, (await import(`../app/${route.file}`)) as RouteModule);
}

// Which roles each permission reaches, judged on a record of the actor's own care team.
function roleAllowed(role: Role, spec: Extract<Spec, { kind: "protected" }>): boolean {
  const actor = { id: "actor", clinicId: "clinic", roles: [role], active: true };
  const target = spec.record ? { clinicId: "clinic", careTeamUserIds: spec.record === "patient" ? ["actor"] : [] } : undefined;
  return decide(actor, spec.permission, target) === "allow";
}

describe("the permission matrix", () => {
  it("lists every registered route, and nothing else", () => {
    expect(routes.map((route) => route.file).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  describe.each(protectedRoutes)("$path", ({ file, path: pattern }) => {
    const spec = MATRIX[file] as Extract<Spec, { kind: "protected" }>;
    const load = async (): Promise<RouteModule> => modules.get(file)!;
    const deniedWriters = modules.get(file)?.action ? ROLES.filter((role) => !roleAllowed(role, spec)) : [];

    it("sends a visitor who is not signed in to the sign-in page", async () => {
      const { path, params } = urlFor(pattern, home, spec.record);
      const response = await respond(async () => (await load()).loader?.({ ...routeArgs(path, { params }) }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login/u);
    });

    it.each(ROLES)("answers %s as the policy decides", async (role) => {
      const { path, params } = urlFor(pattern, home, spec.record);
      const user = home.users[role];
      const expected = decide({ ...user, roles: [role] }, spec.permission, targetFor(home, spec.record)) === "allow" ? 200 : 403;
      const response = await respond(async () => (await load()).loader?.({ ...routeArgs(path, { params, cookie: cookies[role] }) }));
      expect(response.status).toBe(expected);
    });

    if (deniedWriters.length > 0) {
      it.each(deniedWriters)("refuses %s's write with 403 and writes nothing", async (role) => {
        const before = await rowCounts();
        const { path, params } = urlFor(pattern, home, spec.record);
        const response = await respond(async () => (await load()).action?.({ ...routeArgs(path, { params, cookie: cookies[role], form: { intent: "anything", name: "X" } }) }));
        expect(response.status).toBe(403);
        expect(await rowCounts()).toEqual(before);
      });
    }

    if (spec.record) {
      it.each(ROLES)("answers %s 404 for a record of another clinic (403 if the role has no such permission)", async (role) => {
        const { path, params } = urlFor(pattern, away, spec.record);
        const user = home.users[role];
        const expected = decide({ ...user, roles: [role] }, spec.permission) === "allow" ? 404 : 403;
        const response = await respond(async () => (await load()).loader?.({ ...routeArgs(path, { params, cookie: cookies[role] }) }));
        expect(response.status).toBe(expected);
      });
    }
  });
});
