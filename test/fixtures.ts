import { randomBytes } from "node:crypto";
import type { AppLoadContext } from "react-router";
import type { Db } from "#db/client";
import { careTeamMember, clinic, patient, room, staffUser } from "#db/schema";
import type { ClinicSettings } from "#db/schema/clinic";
import type { CareTeamRole } from "#db/schema/patients";
import type { Role } from "#db/schema/staff";
import { sessionCookieName } from "#app/auth/cookie.server";
import { hashPassword } from "#app/auth/password.server";
import { createSession } from "#app/auth/session.server";

// Invented people only.
export const TEST_PASSWORD = "correct horse battery staple";
let testPasswordHash: Promise<string> | undefined;

function unique(): string {
  return randomBytes(4).toString("hex");
}

// Most tests are not about second factors: their clinics let staff in with a password alone. Tests
// of second factors pass the settings they need (the default for a real clinic requires them).
export async function createClinic(
  db: Db,
  values: { name?: string; timeZone?: string; settings?: ClinicSettings } = {},
) {
  const [row] = await db
    .insert(clinic)
    .values({
      name: values.name ?? `Test Clinic ${unique()}`,
      timeZone: values.timeZone ?? "America/Los_Angeles",
      settings: values.settings ?? { secondFactorRequirement: "optional" },
    })
    .returning();
  return row!;
}

export async function createRoom(db: Db, clinicId: string, name = `Room ${unique()}`) {
  const [row] = await db.insert(room).values({ clinicId, name }).returning();
  return row!;
}

export async function createStaff(
  db: Db,
  clinicId: string,
  roles: Role[],
  values: { name?: string; email?: string; active?: boolean; mustChangePassword?: boolean } = {},
) {
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const [row] = await db
    .insert(staffUser)
    .values({
      clinicId,
      roles,
      name: values.name ?? `Test ${roles.join("-")} ${unique()}`,
      email: values.email ?? `${roles.join("-")}-${unique()}@test.example`,
      passwordHash: await testPasswordHash,
      active: values.active ?? true,
      mustChangePassword: values.mustChangePassword ?? false,
    })
    .returning();
  return row!;
}

export async function createPatient(
  db: Db,
  clinicId: string,
  careTeam: { userId: string; role: CareTeamRole }[] = [],
  values: Partial<typeof patient.$inferInsert> = {},
) {
  const [row] = await db
    .insert(patient)
    .values({ clinicId, firstName: "Test", lastName: `Patient ${unique()}`, dateOfBirth: "1980-05-17", ...values })
    .returning();
  if (careTeam.length > 0) {
    await db.insert(careTeamMember).values(careTeam.map((member) => ({ clinicId, patientId: row!.id, ...member })));
  }
  return row!;
}

/** A clinic with one user per role and a patient whose care team is the prescriber, therapist and nurse. */
export async function createClinicWithTeam(db: Db) {
  const clinicRow = await createClinic(db);
  const users = {
    admin: await createStaff(db, clinicRow.id, ["admin"]),
    prescriber: await createStaff(db, clinicRow.id, ["prescriber"]),
    therapist: await createStaff(db, clinicRow.id, ["therapist"]),
    nurse: await createStaff(db, clinicRow.id, ["nurse"]),
    frontdesk: await createStaff(db, clinicRow.id, ["frontdesk"]),
  };
  const teamPatient = await createPatient(db, clinicRow.id, [
    { userId: users.prescriber.id, role: "prescriber" },
    { userId: users.therapist.id, role: "therapist" },
    { userId: users.nurse.id, role: "nurse" },
  ]);
  return { clinic: clinicRow, users, patient: teamPatient };
}

export async function cookieFor(db: Db, userId: string): Promise<string> {
  const { token } = await createSession(db, userId);
  return `${sessionCookieName()}=${token}`;
}

export type RouteArgs<Params = Record<string, string>> = {
  request: Request;
  params: Params;
  context: AppLoadContext;
  url: URL;
  pattern: string;
};

/** Builds the arguments React Router passes a loader or action, as the Express server would. */
export function routeArgs<Params extends Record<string, string> = Record<string, string>>(
  path: string,
  options: { cookie?: string; method?: string; form?: Record<string, string | string[]>; params?: Params } = {},
): RouteArgs<Params> {
  const headers = new Headers();
  if (options.cookie) {
    headers.set("Cookie", options.cookie);
  }
  let body: FormData | undefined;
  if (options.form) {
    body = new FormData();
    for (const [key, value] of Object.entries(options.form)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        body.append(key, item);
      }
    }
  }
  const request = new Request(`http://localhost${path}`, {
    method: options.method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
  const url = new URL(request.url);
  return {
    request,
    params: (options.params ?? {}) as Params,
    context: { cspNonce: "test-nonce", clientIp: "203.0.113.7" },
    url,
    pattern: url.pathname,
  };
}

/** Runs a loader or action and returns its Response, whether it was returned or thrown. */
export async function respond(
  run: () => Promise<unknown>,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  try {
    const result = await run();
    return normalise(result);
  } catch (thrown) {
    return normalise(thrown);
  }
}

function normalise(value: unknown): { status: number; body: unknown; headers: Headers } {
  // An unexpected exception is what the server would answer with 500; never mistake it for success.
  if (value instanceof Error) {
    return { status: 500, body: value.message, headers: new Headers() };
  }
  if (value instanceof Response) {
    return { status: value.status, body: null, headers: value.headers };
  }
  // React Router's data() helper: { type: "DataWithResponseInit", data, init }
  if (
    value &&
    typeof value === "object" &&
    "type" in value &&
    (value as { type: string }).type === "DataWithResponseInit"
  ) {
    const { data, init } = value as unknown as { data: unknown; init: ResponseInit | null };
    return { status: init?.status ?? 200, body: data, headers: new Headers(init?.headers) };
  }
  return { status: 200, body: value, headers: new Headers() };
}
