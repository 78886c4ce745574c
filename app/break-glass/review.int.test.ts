import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { breakGlassReview, clinic } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { respond, routeArgs } from "#test/fixtures";
import { auditEntries, rowCount } from "#app/patients/route-testing";
import { action as clinicalSettingsAction } from "#app/routes/admin/clinical-settings";
import { action as reviewAction, loader as reviewLoader } from "#app/routes/admin/audit-break-glass";
import { loader as auditLoader } from "#app/routes/admin/audit";
import { loader as homeLoader } from "#app/routes/home";
import type { GrantForReview } from "./review.server";
import type { StartPageBreakGlass } from "./start-page.server";
import {
  cookieOf,
  createBreakGlassWorld,
  minutesAfterStart,
  openProfile,
  requestAccess,
  setClock,
  START,
} from "./testing";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createBreakGlassWorld>>;
let grantId: string;

beforeAll(async () => {
  world = await createBreakGlassWorld(testDb.db);
  setClock(START);
  const cookie = await cookieOf(testDb.db, world.outsiders.therapist);
  expect((await requestAccess(cookie, world.patient.id)).status).toBe(302);
  expect((await openProfile(cookie, world.patient.id)).status).toBe(200);
  vi.restoreAllMocks();
  const [entry] = await auditEntries(testDb.db, {
    actorUserId: world.outsiders.therapist.id,
    action: "break-glass:patient",
  });
  grantId = entry!.entityId;
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function startPage(user: { id: string }): Promise<StartPageBreakGlass[]> {
  const cookie = await cookieOf(testDb.db, user);
  const response = await respond(() => homeLoader(routeArgs("/", { cookie })));
  expect(response.status).toBe(200);
  return (response.body as { breakGlass: StartPageBreakGlass[] }).breakGlass;
}

describe("the start page", () => {
  it("shows the care team and the admins who opened which patient, when and why", async () => {
    setClock(minutesAfterStart(10));
    for (const user of [world.users.prescriber, world.users.nurse, world.users.admin]) {
      const [item, ...rest] = await startPage(user);
      expect(rest).toEqual([]);
      expect(item).toMatchObject({
        id: grantId,
        who: world.outsiders.therapist.name,
        live: true,
        status: "open until 10:00",
        when: "Mar 4, 09:00",
      });
      expect(item!.patient).toContain(world.patient.mrn);
      expect(item!.reason).toMatch(/^Medical or psychiatric emergency: Patient collapsed/u);
    }
    const [seen] = await auditEntries(testDb.db, { actorUserId: world.users.nurse.id, action: "read:break-glass" });
    expect(seen).toMatchObject({ entityId: grantId, patientId: world.patient.id, outcome: "success" });
  });

  it("shows nothing to front desk, to clinicians of other teams, or after 14 days", async () => {
    setClock(minutesAfterStart(10));
    expect(await startPage(world.users.frontdesk)).toEqual([]);
    expect(await startPage(world.outsiders.prescriber)).toEqual([]);
    setClock(minutesAfterStart(14 * 24 * 60 + 1));
    expect(await startPage(world.users.admin)).toEqual([]);
    expect(await startPage(world.users.prescriber)).toEqual([]);
  });

  it("says when a grant has expired", async () => {
    setClock(minutesAfterStart(61));
    const [item] = await startPage(world.users.therapist);
    expect(item).toMatchObject({ live: false, status: "expired at 10:00" });
  });
});

describe("the break-glass review", () => {
  function review(cookie: string, form?: Record<string, string>, query = "") {
    const path = `/admin/audit/break-glass${query}`;
    return respond(() =>
      form ? reviewAction(routeArgs(path, { cookie, form })) : reviewLoader(routeArgs(path, { cookie })),
    );
  }

  it("lists each grant with its reason and the accesses made under it", async () => {
    const admin = await cookieOf(testDb.db, world.users.admin);
    const response = await review(admin);
    expect(response.status).toBe(200);
    const { grants } = response.body as { grants: GrantForReview[] };
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      id: grantId,
      reasonKind: "emergency",
      userName: world.outsiders.therapist.name,
      review: null,
      accessCount: 2,
    });
    expect(grants[0]!.accesses.map((access) => access.action)).toEqual(["break-glass:patient", "read:patient"]);
    const audit = await respond(() => auditLoader(routeArgs("/admin/audit?breakGlass=1", { cookie: admin })));
    const rows = (audit.body as { rows: { action: string; breakGlass: boolean }[] }).rows;
    expect(rows.map((row) => row.action).sort()).toEqual(["break-glass:patient", "read:patient"]);
    expect(rows.every((row) => row.breakGlass)).toBe(true);
  });

  it("refuses a review without a note, by anyone but an admin, or of an unknown grant; nothing is written", async () => {
    const admin = await cookieOf(testDb.db, world.users.admin);
    expect((await review(admin, { grantId, note: "   " })).status).toBe(400);
    expect((await review(admin, { grantId: "00000000-0000-4000-8000-000000000000", note: "Looks fine." })).status).toBe(
      400,
    );
    for (const user of [world.users.frontdesk, world.users.prescriber, world.outsiders.therapist]) {
      expect((await review(await cookieOf(testDb.db, user), { grantId, note: "Looks fine." })).status).toBe(403);
    }
    expect(await rowCount(testDb.db, breakGlassReview)).toBe(0);
  });

  it("lets an admin mark a grant reviewed with a note, once, audited", async () => {
    setClock(minutesAfterStart(120));
    const admin = await cookieOf(testDb.db, world.users.admin);
    const marked = await review(admin, { grantId, note: "Confirmed with the on-call rota." }, "?status=unreviewed");
    expect(marked.status).toBe(302);
    expect(marked.headers.get("Location")).toBe("/admin/audit/break-glass?status=unreviewed&reviewed=1");
    const [entry] = await auditEntries(testDb.db, { actorUserId: world.users.admin.id, action: "review:break-glass" });
    expect(entry).toMatchObject({ entityId: grantId, patientId: world.patient.id, outcome: "success" });
    expect(entry!.detail).not.toHaveProperty("breakGlass");

    const again = await review(admin, { grantId, note: "Second look." });
    expect(again.status).toBe(409);
    expect(await rowCount(testDb.db, breakGlassReview)).toBe(1);

    expect((await review(admin, undefined, "?status=unreviewed")).body).toMatchObject({ grants: [] });
    const reviewed = (await review(admin, undefined, "?status=reviewed")).body as { grants: GrantForReview[] };
    expect(reviewed.grants[0]!.review).toMatchObject({
      reviewerName: world.users.admin.name,
      note: "Confirmed with the on-call rota.",
      reviewedAt: minutesAfterStart(120),
    });
  });
});

describe("the clinic setting", () => {
  function save(minutes: string) {
    setClock(START);
    return cookieOf(testDb.db, world.users.admin).then((cookie) =>
      respond(() =>
        clinicalSettingsAction(
          routeArgs("/admin/clinical-settings", { cookie, form: { intent: "break-glass", minutes } }),
        ),
      ),
    );
  }

  async function stored(): Promise<number | undefined> {
    const [row] = await testDb.db
      .select({ settings: clinic.settings })
      .from(clinic)
      .where(eq(clinic.id, world.clinic.id));
    return row?.settings.breakGlassMinutes;
  }

  it("is saved by an admin within 5–240 minutes, and refused outside them", async () => {
    expect((await save("30")).status).toBe(302);
    expect(await stored()).toBe(30);
    for (const bad of ["4", "241", "", "ten", "12.5"]) {
      expect((await save(bad)).status).toBe(400);
      expect(await stored()).toBe(30);
    }
  });
});
