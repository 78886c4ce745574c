import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { breakGlassGrant, clinic } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { respond, routeArgs, TEST_PASSWORD } from "#test/fixtures";
import { auditEntries, rowCount } from "#app/patients/route-testing";
import { loader as careTeamLoader } from "#app/routes/patients/care-team";
import { loader as notesLoader } from "#app/routes/notes/patient-notes";
import {
  cookieOf,
  createBreakGlassWorld,
  minutesAfterStart,
  openProfile,
  requestAccess,
  requestPage,
  setClock,
  START,
  VALID_REQUEST,
} from "./testing";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createBreakGlassWorld>>;

beforeAll(async () => {
  world = await createBreakGlassWorld(testDb.db);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function grantsOf(userId: string) {
  return testDb.db.select().from(breakGlassGrant).where(eq(breakGlassGrant.userId, userId));
}

describe("breaking the glass", () => {
  it("refuses an off-team clinician with 403 and offers emergency access to that patient", async () => {
    setClock(START);
    const cookie = await cookieOf(testDb.db, world.outsiders.therapist);
    const refused = await openProfile(cookie, world.patient.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      breakGlassPatientId: world.patient.id,
      message: expect.stringMatching(/care team/u),
    });
    const page = await requestPage(cookie, world.patient.id);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      state: "request",
      patientId: world.patient.id,
      minutes: 60,
      stepUp: { required: false, methods: ["password"], windowMinutes: 5 },
    });
  });

  it("offers nothing to front desk or admin, and refuses their request with 403, writing nothing", async () => {
    setClock(START);
    for (const role of ["frontdesk", "admin"] as const) {
      const cookie = await cookieOf(testDb.db, world.users[role]);
      const before = await rowCount(testDb.db, breakGlassGrant);
      expect((await requestPage(cookie, world.patient.id)).status).toBe(403);
      expect((await requestAccess(cookie, world.patient.id)).status).toBe(403);
      expect(await rowCount(testDb.db, breakGlassGrant)).toBe(before);
    }
    const admin = await cookieOf(testDb.db, world.users.admin);
    const refused = await openProfile(admin, world.patient.id);
    expect(refused.status).toBe(403);
    expect(typeof refused.body).toBe("string");
  });

  it("requires a reason of at least a sentence, a known kind and the acknowledgement; nothing is written otherwise", async () => {
    setClock(START);
    const cookie = await cookieOf(testDb.db, world.outsiders.nurse);
    const bad = [
      { ...VALID_REQUEST, reason: "" },
      { ...VALID_REQUEST, reason: "need it now" },
      { ...VALID_REQUEST, reasonKind: "curious" },
      { intent: "request", reasonKind: "emergency", reason: VALID_REQUEST.reason },
    ];
    for (const form of bad) {
      const response = await requestAccess(cookie, world.patient.id, form);
      expect(response.status).toBe(400);
    }
    expect(await grantsOf(world.outsiders.nurse.id)).toEqual([]);
    expect((await openProfile(cookie, world.patient.id)).status).toBe(403);
  });

  it("opens that patient, and only that patient, for the clinic's window; every access is marked break-glass", async () => {
    setClock(START);
    const cookie = await cookieOf(testDb.db, world.outsiders.prescriber);
    const granted = await requestAccess(cookie, world.patient.id);
    expect(granted.status).toBe(302);
    expect(granted.headers.get("Location")).toBe(`/patients/${world.patient.id}`);
    const [grant] = await grantsOf(world.outsiders.prescriber.id);
    expect(grant).toMatchObject({
      patientId: world.patient.id,
      reasonKind: "emergency",
      reason: VALID_REQUEST.reason,
      startsAt: START,
      expiresAt: minutesAfterStart(60),
      endedAt: null,
    });

    // Each request reads the grants afresh, so a new request sees it.
    expect((await openProfile(cookie, world.patient.id)).status).toBe(200);
    const notes = await respond(() =>
      notesLoader(
        routeArgs(`/patients/${world.patient.id}/notes`, { cookie, params: { patientId: world.patient.id } }),
      ),
    );
    expect(notes.status).toBe(200);
    const other = await openProfile(cookie, world.otherPatient.id);
    expect(other.status).toBe(403);

    const entries = await auditEntries(testDb.db, {
      actorUserId: world.outsiders.prescriber.id,
      patientId: world.patient.id,
    });
    const afterGrant = entries.filter((entry) => entry.outcome === "success");
    expect(afterGrant.map((entry) => entry.action)).toEqual(["break-glass:patient", "read:patient", "read:clinical"]);
    for (const entry of afterGrant) {
      expect(entry.detail).toMatchObject({ breakGlass: { grantId: grant!.id } });
    }
    const [otherRefusal] = await auditEntries(testDb.db, {
      actorUserId: world.outsiders.prescriber.id,
      patientId: world.otherPatient.id,
    });
    expect(otherRefusal).toMatchObject({ outcome: "denied" });
    expect(otherRefusal!.detail).not.toHaveProperty("breakGlass");
  });

  it("never lets a grant change the care team, which would make it permanent", async () => {
    setClock(minutesAfterStart(1));
    const cookie = await cookieOf(testDb.db, world.outsiders.prescriber);
    const response = await respond(() =>
      careTeamLoader(
        routeArgs(`/patients/${world.patient.id}/care-team`, { cookie, params: { patientId: world.patient.id } }),
      ),
    );
    expect(response.status).toBe(403);
    const [denied] = await auditEntries(testDb.db, {
      actorUserId: world.outsiders.prescriber.id,
      action: "update:care-team",
    });
    expect(denied).toMatchObject({ outcome: "denied", patientId: world.patient.id });
    expect(denied!.detail).toHaveProperty("breakGlass");
  });

  it("refuses a second grant while one is open, and a grant to a member of the care team", async () => {
    setClock(minutesAfterStart(2));
    const cookie = await cookieOf(testDb.db, world.outsiders.prescriber);
    const again = await requestAccess(cookie, world.patient.id);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toMatch(/already have emergency access to this patient until \d\d:\d\d/u);
    expect(await grantsOf(world.outsiders.prescriber.id)).toHaveLength(1);
    expect((await requestPage(cookie, world.patient.id)).body).toMatchObject({
      state: "open",
      patientId: world.patient.id,
    });

    const member = await cookieOf(testDb.db, world.users.therapist);
    expect((await requestPage(member, world.patient.id)).body).toEqual({
      state: "on-team",
      patientId: world.patient.id,
    });
    expect((await requestAccess(member, world.patient.id)).status).toBe(409);
    expect(await grantsOf(world.users.therapist.id)).toEqual([]);
  });

  it("refuses access again once the window has passed", async () => {
    setClock(minutesAfterStart(59));
    expect((await openProfile(await cookieOf(testDb.db, world.outsiders.prescriber), world.patient.id)).status).toBe(
      200,
    );
    setClock(minutesAfterStart(60));
    const cookie = await cookieOf(testDb.db, world.outsiders.prescriber);
    const refused = await openProfile(cookie, world.patient.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ breakGlassPatientId: world.patient.id });
    expect((await requestPage(cookie, world.patient.id)).body).toMatchObject({ state: "request" });
  });

  it("lasts as long as the clinic's setting says", async () => {
    const [stored] = await testDb.db
      .select({ settings: clinic.settings })
      .from(clinic)
      .where(eq(clinic.id, world.clinic.id));
    await testDb.db
      .update(clinic)
      .set({ settings: { ...stored!.settings, breakGlassMinutes: 5 } })
      .where(eq(clinic.id, world.clinic.id));
    try {
      setClock(minutesAfterStart(120));
      const cookie = await cookieOf(testDb.db, world.outsiders.therapist);
      expect((await requestAccess(cookie, world.otherPatient.id)).status).toBe(302);
      const [grant] = await testDb.db
        .select()
        .from(breakGlassGrant)
        .where(
          and(
            eq(breakGlassGrant.userId, world.outsiders.therapist.id),
            eq(breakGlassGrant.patientId, world.otherPatient.id),
          ),
        );
      expect(grant!.expiresAt).toEqual(minutesAfterStart(125));
      setClock(minutesAfterStart(125));
      expect(
        (await openProfile(await cookieOf(testDb.db, world.outsiders.therapist), world.otherPatient.id)).status,
      ).toBe(403);
    } finally {
      await testDb.db.update(clinic).set({ settings: stored!.settings }).where(eq(clinic.id, world.clinic.id));
    }
  });

  it("lets the clinician end their access early, once; then they are refused again", async () => {
    setClock(minutesAfterStart(200));
    const cookie = await cookieOf(testDb.db, world.outsiders.nurse);
    expect((await requestAccess(cookie, world.patient.id)).status).toBe(302);
    setClock(minutesAfterStart(210));
    const nurse = await cookieOf(testDb.db, world.outsiders.nurse);
    const ended = await requestAccess(nurse, world.patient.id, { intent: "end" });
    expect(ended.status).toBe(302);
    expect(ended.headers.get("Location")).toBe(`/patients/${world.patient.id}/break-glass?ended=1`);
    const [grant] = await grantsOf(world.outsiders.nurse.id);
    expect(grant!.endedAt).toEqual(minutesAfterStart(210));
    const [entry] = await auditEntries(testDb.db, { actorUserId: world.outsiders.nurse.id, action: "end:break-glass" });
    expect(entry).toMatchObject({
      entityId: grant!.id,
      patientId: world.patient.id,
      detail: { breakGlass: { grantId: grant!.id } },
    });

    const after = await cookieOf(testDb.db, world.outsiders.nurse);
    expect((await openProfile(after, world.patient.id)).status).toBe(403);
    expect((await requestAccess(after, world.patient.id, { intent: "end" })).status).toBe(409);
    expect((await requestAccess(after, world.patient.id, { intent: "anything" })).status).toBe(400);
  });

  it("asks, like a signature, for the password when the last confirmation is older than 5 minutes", async () => {
    setClock(minutesAfterStart(300));
    const cookie = await cookieOf(testDb.db, world.outsiders.therapist);
    setClock(minutesAfterStart(306));
    expect((await requestPage(cookie, world.patient.id)).body).toMatchObject({
      state: "request",
      stepUp: { required: true, methods: ["password"] },
    });
    const unconfirmed = await requestAccess(cookie, world.patient.id);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toMatchObject({ stepUp: { required: true } });
    const wrong = await requestAccess(cookie, world.patient.id, {
      ...VALID_REQUEST,
      stepUpMethod: "password",
      stepUpPassword: "not my password at all",
    });
    expect(wrong.status).toBe(400);
    const therapistGrants = async () =>
      (await grantsOf(world.outsiders.therapist.id)).filter((grant) => grant.patientId === world.patient.id);
    expect(await therapistGrants()).toEqual([]);
    const confirmed = await requestAccess(cookie, world.patient.id, {
      ...VALID_REQUEST,
      stepUpMethod: "password",
      stepUpPassword: TEST_PASSWORD,
    });
    expect(confirmed.status).toBe(302);
    expect(await therapistGrants()).toHaveLength(1);
  });

  it("answers 404 for another clinic's patient or an id that is not one", async () => {
    setClock(START);
    const away = await createBreakGlassWorld(testDb.db);
    const cookie = await cookieOf(testDb.db, world.outsiders.prescriber);
    expect((await requestPage(cookie, away.patient.id)).status).toBe(404);
    expect((await requestAccess(cookie, away.patient.id)).status).toBe(404);
    expect((await requestAccess(cookie, "not-a-uuid")).status).toBe(404);
    const [grant] = await testDb.db
      .select()
      .from(breakGlassGrant)
      .where(eq(breakGlassGrant.patientId, away.patient.id));
    expect(grant).toBeUndefined();
  });
});
