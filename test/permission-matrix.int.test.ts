import { count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { decide, type Permission } from "#app/auth/policy";
import { bookDosingSeries } from "#app/clinical/screening-test-world";
import {
  appointment,
  appointmentEvent,
  appointmentStaff,
  careTeamMember,
  clinicOpeningHours,
  patient,
  room,
  series,
  staffUser,
  timeOff,
  workingHours,
} from "#db/schema";
import { consent, consentForm, doseOrder, screening } from "#db/schema";
import { measureResponse } from "#db/schema";
import { dosingSession, note, noteAddendum, noteAuthorization, signOff } from "#db/schema";
import { administration, adverseEvent, mentalStatusCheck, observation, vitalsEntry } from "#db/schema";
import { breakGlassGrant, breakGlassReview } from "#db/schema";
import { ROLES, type Role } from "#db/schema/staff";
import { createTemplate } from "#app/scheduling/templates.server";
import { setupTestDatabase } from "./db";
import { cookieFor, createClinicWithTeam, respond, routeArgs } from "./fixtures";
import { registeredRoutes } from "./route-files";

type Spec =
  | { kind: "anonymous" }
  | { kind: "public" }
  | { kind: "token" }
  | { kind: "protected"; permission: Permission; record?: RecordKind; write?: Permission };

// Every route module, what it requires (to read, and to write when that differs), and which record
// its URL names. A new route must be added here, or the first test fails.
const MATRIX: Record<string, Spec> = {
  "routes/home.tsx": { kind: "protected", permission: "use:app" },
  "routes/login.tsx": { kind: "anonymous" },
  "routes/logout.tsx": { kind: "public" },
  "routes/account-password.tsx": { kind: "protected", permission: "use:app" },
  "routes/account-calendar-feed.tsx": { kind: "protected", permission: "use:calendar-feed" },
  "routes/account-security.tsx": { kind: "protected", permission: "use:app" },
  "routes/account-security-totp.tsx": { kind: "protected", permission: "use:app" },
  "routes/account-passkey-options.ts": { kind: "protected", permission: "use:app" },
  "routes/login-second-factor.tsx": { kind: "anonymous" },
  "routes/login-passkey-options.ts": { kind: "anonymous" },
  "routes/admin/staff-second-factors.tsx": { kind: "protected", permission: "manage:staff", record: "staff" },
  "routes/admin/sign-in-security.tsx": { kind: "protected", permission: "manage:clinic" },
  "routes/account-sessions.tsx": { kind: "protected", permission: "use:app" },
  "routes/calendar-feed.tsx": { kind: "token" },
  "routes/patients/search.tsx": { kind: "protected", permission: "search:patient" },
  "routes/patients/new.tsx": { kind: "protected", permission: "create:patient" },
  "routes/patients/profile.tsx": { kind: "protected", permission: "read:patient", record: "patient" },
  "routes/patients/edit.tsx": { kind: "protected", permission: "update:patient", record: "patient" },
  "routes/patients/care-team.tsx": { kind: "protected", permission: "update:care-team", record: "patient" },
  "routes/patients/break-glass.tsx": { kind: "protected", permission: "break-glass:patient", record: "patient" },
  "routes/series-new.tsx": { kind: "protected", permission: "manage:schedule", record: "patient" },
  "routes/series.tsx": { kind: "protected", permission: "read:schedule", record: "series", write: "manage:schedule" },
  "routes/series-measures.tsx": {
    kind: "protected",
    permission: "read:clinical",
    record: "series",
    write: "record:measure",
  },
  "routes/series-measures-new.tsx": { kind: "protected", permission: "record:measure", record: "series" },
  "routes/series-clearance.tsx": {
    kind: "protected",
    permission: "read:clinical",
    record: "series",
    write: "record:consent",
  },
  "routes/series-orders.tsx": { kind: "protected", permission: "read:clinical", record: "series", write: "order:dose" },
  "routes/admin/clinical-settings.tsx": { kind: "protected", permission: "manage:clinical-settings" },
  "routes/appointment.tsx": {
    kind: "protected",
    permission: "read:schedule",
    record: "appointment",
    write: "manage:schedule",
  },
  "routes/appointment-session.tsx": {
    kind: "protected",
    permission: "read:clinical",
    record: "appointment",
    write: "record:observation",
  },
  "routes/admin/clinic.tsx": { kind: "protected", permission: "manage:clinic" },
  "routes/admin/staff-list.tsx": { kind: "protected", permission: "manage:staff" },
  "routes/admin/staff-new.tsx": { kind: "protected", permission: "manage:staff" },
  "routes/admin/staff-edit.tsx": { kind: "protected", permission: "manage:staff", record: "staff" },
  "routes/admin/staff-schedule.tsx": { kind: "protected", permission: "manage:staff", record: "staff" },
  "routes/admin/audit.tsx": { kind: "protected", permission: "read:audit" },
  "routes/admin/audit-break-glass.tsx": { kind: "protected", permission: "read:audit", write: "review:break-glass" },
  "routes/schedule.tsx": { kind: "protected", permission: "read:schedule" },
  "routes/admin/templates.tsx": { kind: "protected", permission: "manage:templates" },
  "routes/admin/template-edit.tsx": { kind: "protected", permission: "manage:templates", record: "template" },
  "routes/notes/patient-notes.tsx": { kind: "protected", permission: "read:clinical", record: "patient" },
  "routes/notes/new.tsx": { kind: "protected", permission: "write:note", record: "patientQuery" },
  "routes/notes/note.tsx": { kind: "protected", permission: "read:clinical", record: "note", write: "write:note" },
  "routes/sign-off/queue.tsx": { kind: "protected", permission: "sign:session" },
  "routes/sign-off/session.tsx": { kind: "protected", permission: "sign:session", record: "dosingSession" },
  "routes/exports/series-summary-pdf.ts": { kind: "protected", permission: "read:clinical", record: "series" },
  "routes/exports/session-record-pdf.ts": { kind: "protected", permission: "read:clinical", record: "dosingSession" },
  "routes/exports/chart-extract-pdf.ts": { kind: "protected", permission: "read:clinical", record: "patient" },
};

type RecordKind =
  "patient" | "staff" | "template" | "series" | "appointment" | "note" | "dosingSession" | "patientQuery";

type Handler = (args: unknown) => Promise<unknown>;
type RouteModule = { loader?: Handler; action?: Handler };

const testDb = setupTestDatabase();
type World = Awaited<ReturnType<typeof createClinicWithTeam>> & { seriesId: string; appointmentId: string };
let home: World;
let away: World;
const templateIds: Record<string, string> = {};
// A note and a discharged dosing session (on the series' second session) of each clinic's patient.
const clinicalRecordIds: Record<string, { noteId: string; dosingSessionId: string }> = {};
const cookies = {} as Record<Role, string>;

/** A clinic with its team, and a booked series of two sessions for the team's patient. */
async function createWorld(): Promise<World> {
  const world = await createClinicWithTeam(testDb.db);
  const booked = await bookDosingSeries(testDb.db, world);
  return { ...world, seriesId: booked.seriesId, appointmentId: booked.appointmentIds[0]! };
}

async function createNoteAndDosingSession(world: World): Promise<{ noteId: string; dosingSessionId: string }> {
  const [written] = await testDb.db
    .insert(note)
    .values({
      clinicId: world.clinic.id,
      patientId: world.patient.id,
      seriesId: world.seriesId,
      kind: "integration",
      authorId: world.users.therapist.id,
      body: "Matrix note",
    })
    .returning({ id: note.id });
  const [second] = await testDb.db
    .select({ id: appointment.id, startsAt: appointment.startsAt })
    .from(appointment)
    .where(eq(appointment.seriesId, world.seriesId))
    .orderBy(desc(appointment.startsAt))
    .limit(1);
  const [session] = await testDb.db
    .insert(dosingSession)
    .values({
      clinicId: world.clinic.id,
      appointmentId: second!.id,
      seriesId: world.seriesId,
      patientId: world.patient.id,
      checkedInAt: second!.startsAt,
      openedBy: world.users.nurse.id,
      dischargedAt: new Date(second!.startsAt.getTime() + 2 * 3_600_000),
      dischargedBy: world.users.nurse.id,
      dischargeCriteria: {
        vitalsNearBaseline: true,
        oriented: true,
        walksSteadily: true,
        escortPresent: true,
        toldNotToDrive: true,
      },
    })
    .returning({ id: dosingSession.id });
  return { noteId: written!.id, dosingSessionId: session!.id };
}

beforeAll(async () => {
  home = await createWorld();
  away = await createWorld();
  for (const world of [home, away]) {
    templateIds[world.clinic.id] = await createTemplate(testDb.db, {
      id: world.users.admin.id,
      clinicId: world.clinic.id,
      ip: "127.0.0.1",
    });
    clinicalRecordIds[world.clinic.id] = await createNoteAndDosingSession(world);
  }
  for (const role of ROLES) {
    cookies[role] = await cookieFor(testDb.db, home.users[role].id);
  }
});

function urlFor(
  pattern: string,
  world: typeof home,
  record?: RecordKind,
): { path: string; params: Record<string, string> } {
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
  if (record === "series") {
    params.seriesId = world.seriesId;
  }
  if (record === "appointment") {
    params.appointmentId = world.appointmentId;
  }
  if (record === "note") {
    params.noteId = clinicalRecordIds[world.clinic.id]!.noteId;
  }
  if (record === "dosingSession") {
    params.dosingSessionId = clinicalRecordIds[world.clinic.id]!.dosingSessionId;
  }
  const path = pattern.replace(/:(\w+)/gu, (_match, name: string) => params[name] ?? "missing");
  if (record === "patientQuery") {
    return { path: `${path}?patient=${world.patient.id}`, params };
  }
  return { path, params };
}

// A series or appointment is the patient's: the patient's care team decides, as for the patient.
function targetFor(world: typeof home, record?: RecordKind) {
  if (
    record === "patient" ||
    record === "series" ||
    record === "appointment" ||
    record === "note" ||
    record === "dosingSession" ||
    record === "patientQuery"
  ) {
    return {
      clinicId: world.clinic.id,
      careTeamUserIds: [world.users.prescriber.id, world.users.therapist.id, world.users.nurse.id],
    };
  }
  return record ? { clinicId: world.clinic.id } : undefined;
}

async function rowCounts(): Promise<number[]> {
  const tables = [
    patient,
    careTeamMember,
    staffUser,
    room,
    clinicOpeningHours,
    workingHours,
    timeOff,
    series,
    appointment,
    appointmentStaff,
    appointmentEvent,
    screening,
    consent,
    consentForm,
    doseOrder,
    measureResponse,
    note,
    noteAddendum,
    noteAuthorization,
    signOff,
    dosingSession,
    administration,
    vitalsEntry,
    mentalStatusCheck,
    observation,
    adverseEvent,
    breakGlassGrant,
    breakGlassReview,
  ];
  return Promise.all(tables.map(async (table) => (await testDb.db.select({ n: count() }).from(table))[0]?.n ?? 0));
}

const routes = registeredRoutes();
const protectedRoutes = routes.filter((route) => MATRIX[route.file]?.kind === "protected");
const modules = new Map<string, RouteModule>();
for (const route of routes) {
  modules.set(route.file, (await import(`../app/${route.file}`)) as RouteModule);
}

// Which roles a permission reaches, judged on a record of the actor's own care team.
function roleAllowed(
  role: Role,
  spec: Extract<Spec, { kind: "protected" }>,
  permission: Permission = spec.permission,
): boolean {
  const actor = { id: "actor", clinicId: "clinic", roles: [role], active: true };
  const onCareTeam =
    spec.record === "patient" ||
    spec.record === "series" ||
    spec.record === "appointment" ||
    spec.record === "note" ||
    spec.record === "dosingSession" ||
    spec.record === "patientQuery";
  const target = spec.record ? { clinicId: "clinic", careTeamUserIds: onCareTeam ? ["actor"] : [] } : undefined;
  return decide(actor, permission, target) === "allow";
}

describe("the permission matrix", () => {
  it("lists every registered route, and nothing else", () => {
    expect(routes.map((route) => route.file).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  describe.each(protectedRoutes)("$path", ({ file, path: pattern }) => {
    const spec = MATRIX[file] as Extract<Spec, { kind: "protected" }>;
    const load = async (): Promise<RouteModule> => modules.get(file)!;
    const deniedWriters = modules.get(file)?.action
      ? ROLES.filter((role) => !roleAllowed(role, spec, spec.write ?? spec.permission))
      : [];

    it("sends a visitor who is not signed in to the sign-in page", async () => {
      const { path, params } = urlFor(pattern, home, spec.record);
      const response = await respond(async () => (await load()).loader?.({ ...routeArgs(path, { params }) }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login/u);
    });

    it.each(ROLES)("answers %s as the policy decides", async (role) => {
      const { path, params } = urlFor(pattern, home, spec.record);
      const user = home.users[role];
      const expected =
        decide({ ...user, roles: [role] }, spec.permission, targetFor(home, spec.record)) === "allow" ? 200 : 403;
      const response = await respond(async () =>
        (await load()).loader?.({ ...routeArgs(path, { params, cookie: cookies[role] }) }),
      );
      expect(response.status).toBe(expected);
    });

    if (deniedWriters.length > 0) {
      it.each(deniedWriters)("refuses %s's write with 403 and writes nothing", async (role) => {
        const before = await rowCounts();
        const { path, params } = urlFor(pattern, home, spec.record);
        const response = await respond(async () =>
          (await load()).action?.({
            ...routeArgs(path, { params, cookie: cookies[role], form: { intent: "anything", name: "X" } }),
          }),
        );
        expect(response.status).toBe(403);
        expect(await rowCounts()).toEqual(before);
      });
    }

    if (spec.record) {
      it.each(ROLES)(
        "answers %s 404 for a record of another clinic (403 if the role has no such permission)",
        async (role) => {
          const { path, params } = urlFor(pattern, away, spec.record);
          const user = home.users[role];
          const expected = decide({ ...user, roles: [role] }, spec.permission) === "allow" ? 404 : 403;
          const response = await respond(async () =>
            (await load()).loader?.({ ...routeArgs(path, { params, cookie: cookies[role] }) }),
          );
          expect(response.status).toBe(expected);
        },
      );
    }
  });
});
