import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, respond, routeArgs } from "#test/fixtures";
import { loader } from "#app/routes/admin/audit";
import { audit } from "./audit.server";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let other: Awaited<ReturnType<typeof createClinicWithTeam>>;
let adminCookie: string;

type Page = {
  rows: { action: string; outcome: string; actorName: string | null; patientMrn: string | null }[];
  nextBefore: number | null;
  errors: Record<string, string>;
};

async function page(query: string): Promise<Page> {
  const response = await respond(() =>
    loader({ ...routeArgs(`/admin/audit${query}`, { cookie: adminCookie }) } as never),
  );
  expect(response.status).toBe(200);
  return response.body as Page;
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  other = await createClinicWithTeam(testDb.db);
  adminCookie = await cookieFor(testDb.db, world.users.admin.id);
  const { nurse, frontdesk } = world.users;
  await audit(
    testDb.db,
    { id: nurse.id, clinicId: world.clinic.id, ip: "10.0.0.1" },
    { action: "read:patient", entityType: "patient", entityId: world.patient.id, patientId: world.patient.id },
  );
  await audit(
    testDb.db,
    { id: frontdesk.id, clinicId: world.clinic.id, ip: "10.0.0.2" },
    { action: "manage:staff", entityType: "route", outcome: "denied" },
  );
  await audit(
    testDb.db,
    { id: other.users.nurse.id, clinicId: other.clinic.id, ip: "10.0.0.3" },
    { action: "read:patient", entityType: "patient", patientId: other.patient.id },
  );
  for (let i = 0; i < 60; i += 1) {
    await audit(
      testDb.db,
      { id: world.users.therapist.id, clinicId: world.clinic.id, ip: "10.0.0.4" },
      { action: "search:patient", entityType: "patient" },
    );
  }
});

describe("the audit log", () => {
  it("shows only the admin's clinic, newest first, 50 a page", async () => {
    const first = await page("");
    expect(first.rows).toHaveLength(50);
    expect(first.nextBefore).not.toBeNull();
    const second = await page(`?before=${first.nextBefore}`);
    const all = [...first.rows, ...second.rows];
    expect(all.some((row) => row.actorName === other.users.nurse.name)).toBe(false);
    expect(all.filter((row) => row.action === "search:patient")).toHaveLength(60);
  });

  it("filters by staff member, patient MRN, outcome and date", async () => {
    const byUser = await page(`?userId=${world.users.nurse.id}`);
    expect(byUser.rows.map((row) => row.action)).toEqual(["read:patient"]);
    const byMrn = await page(`?mrn=${world.patient.mrn.toLowerCase()}`);
    expect(byMrn.rows.map((row) => row.patientMrn)).toEqual([world.patient.mrn]);
    const denied = await page("?outcome=denied");
    expect(denied.rows.map((row) => row.action)).toEqual(["manage:staff"]);
    const longAgo = await page("?from=2001-01-01&to=2001-01-31");
    expect(longAgo.rows).toEqual([]);
  });

  it("answers bad filters with messages and no rows", async () => {
    const bad = await page("?from=2026-13-45&userId=nonsense&outcome=maybe");
    expect(Object.keys(bad.errors).sort()).toEqual(["from", "outcome", "userId"]);
    expect(bad.rows).toEqual([]);
    const reversed = await page("?from=2026-03-02&to=2026-03-01");
    expect(reversed.errors.to).toMatch(/before the start/u);
  });

  it("records that the audit log was read", async () => {
    const before = (await page(`?userId=${world.users.admin.id}`)).rows.length;
    const after = (await page(`?userId=${world.users.admin.id}`)).rows;
    expect(after.length).toBe(before + 1);
    expect(after[0]?.action).toBe("read:audit");
  });
});
