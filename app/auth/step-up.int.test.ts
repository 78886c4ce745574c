import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEntry, authSession, doseOrder, screening } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, respond, routeArgs } from "#test/fixtures";
import { bookDosingSeries, screeningForm } from "#app/clinical/screening-test-world";
import { action as clearanceAction } from "#app/routes/series-clearance";
import { action as ordersAction, loader as ordersLoader } from "#app/routes/series-orders";
import { clock } from "./clock";
import { STEP_UP_WINDOW_MS } from "./second-factor-policy";
import { sessionIdFromToken } from "./session.server";
import { jumpClock } from "./step-up-testing";
import { clinicRequiring, codeAt, enrolTotp, type SecondFactorWorld } from "./testing/second-factor-world";

process.env.SECRET_BOX_KEY = randomBytes(32).toString("base64");
const testDb = setupTestDatabase();
let world: SecondFactorWorld;
let secret: Uint8Array;

beforeAll(async () => {
  world = await clinicRequiring(testDb.db);
  secret = await enrolTotp(testDb.db, world.users.prescriber);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const ORDER = {
  intent: "order",
  drug: "ketamine",
  route: "IM",
  doseMg: "50",
  scope: "series",
  outOfRangeReason: "Weight to be recorded at screening",
};

function order(cookie: string, seriesId: string, extra: Record<string, string> = {}) {
  return respond(() =>
    ordersAction(
      routeArgs(`/series/${seriesId}/orders`, { cookie, params: { seriesId }, form: { ...ORDER, ...extra } }) as never,
    ),
  );
}

async function ordersOf(seriesId: string): Promise<number> {
  return (await testDb.db.select().from(doseOrder).where(eq(doseOrder.seriesId, seriesId))).length;
}

async function verifiedAt(cookie: string): Promise<Date> {
  const [row] = await testDb.db
    .select({ verifiedAt: authSession.verifiedAt })
    .from(authSession)
    .where(eq(authSession.id, sessionIdFromToken(cookie.split("=")[1]!)));
  return row!.verifiedAt;
}

function formErrors(body: unknown): string[] {
  return (body as { result: { error?: Record<string, string[] | null> } }).result.error?.[""] ?? [];
}

describe("step-up before a signature", () => {
  it("is not asked within 5 minutes of signing in: the order is written", async () => {
    const signedInAt = new Date();
    vi.spyOn(clock, "now").mockReturnValue(signedInAt);
    const cookie = await cookieFor(testDb.db, world.users.prescriber.id);
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const page = await respond(() =>
      ordersLoader(routeArgs(`/series/${seriesId}/orders`, { cookie, params: { seriesId } }) as never),
    );
    expect((page.body as { stepUp: { required: boolean } }).stepUp).toEqual({
      required: false,
      methods: ["totp"],
      windowMinutes: 5,
    });
    vi.restoreAllMocks();
    jumpClock(STEP_UP_WINDOW_MS - 1_000, signedInAt);
    const written = await order(cookie, seriesId);
    expect(written.status).toBe(302);
    expect(await ordersOf(seriesId)).toBe(1);
    const [entry] = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, "order:dose"), eq(auditEntry.patientId, world.patient.id)));
    expect(entry?.detail).toMatchObject({ confirmedBy: "recent" });
  });

  it("is asked after 5 minutes: without a code, with a wrong one, or with the password instead, nothing is written", async () => {
    const cookie = await cookieFor(testDb.db, world.users.prescriber.id);
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    jumpClock();
    const page = await respond(() =>
      ordersLoader(routeArgs(`/series/${seriesId}/orders`, { cookie, params: { seriesId } }) as never),
    );
    expect((page.body as { stepUp: { required: boolean } }).stepUp.required).toBe(true);

    const without = await order(cookie, seriesId);
    expect(without.status).toBe(400);
    expect(formErrors(without.body)[0]).toMatch(/^Confirm it is you before signing/u);
    expect((without.body as { stepUp: unknown }).stepUp).toEqual({
      required: true,
      methods: ["totp"],
      windowMinutes: 5,
    });

    const wrong = await order(cookie, seriesId, { stepUpMethod: "totp", stepUpCode: codeAt(secret, 4) });
    expect(wrong.status).toBe(400);
    expect(formErrors(wrong.body)).toEqual([
      "That code is not right, or was already used. Enter the code your authenticator app shows now.",
    ]);
    // Someone with a second factor cannot step up with the password alone.
    const password = await order(cookie, seriesId, {
      stepUpMethod: "password",
      stepUpPassword: "correct horse battery staple",
    });
    expect(password.status).toBe(400);

    expect(await ordersOf(seriesId)).toBe(0);
    const failures = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(
          eq(auditEntry.actorUserId, world.users.prescriber.id),
          eq(auditEntry.action, "step-up"),
          eq(auditEntry.outcome, "failure"),
        ),
      );
    expect(failures.map((entry) => [entry.entityType, entry.entityId, entry.patientId, entry.detail])).toEqual([
      ["series", seriesId, world.patient.id, { factor: "totp", for: "order:dose" }],
    ]);
  });

  it("passes with a fresh code, writes, and counts as the session's new verification for the next 5 minutes", async () => {
    const cookie = await cookieFor(testDb.db, world.users.prescriber.id);
    const first = await bookDosingSeries(testDb.db, world);
    const second = await bookDosingSeries(testDb.db, world);
    jumpClock(STEP_UP_WINDOW_MS + 120_000);
    const now = clock.now();
    const written = await order(cookie, first.seriesId, { stepUpMethod: "totp", stepUpCode: codeAt(secret, 0, now) });
    expect(written.status).toBe(302);
    expect(await ordersOf(first.seriesId)).toBe(1);
    expect((await verifiedAt(cookie)).getTime()).toBe(now.getTime());
    const success = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(
          eq(auditEntry.actorUserId, world.users.prescriber.id),
          eq(auditEntry.action, "step-up"),
          eq(auditEntry.outcome, "success"),
        ),
      );
    expect(success.at(-1)?.detail).toEqual({ factor: "totp", for: "order:dose" });

    vi.restoreAllMocks();
    vi.spyOn(clock, "now").mockReturnValue(new Date(now.getTime() + STEP_UP_WINDOW_MS - 1_000));
    expect((await order(cookie, second.seriesId)).status).toBe(302);
  });

  it("guards signing a clearance the same way; saving a draft needs no step-up", async () => {
    const cookie = await cookieFor(testDb.db, world.users.prescriber.id);
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    // Later than the codes of the tests before (a used time step never comes back), within the idle timeout.
    jumpClock(STEP_UP_WINDOW_MS + 6 * 60_000);
    const post = (form: Record<string, string | string[]>) =>
      respond(() =>
        clearanceAction(routeArgs(`/series/${seriesId}/clearance`, { cookie, params: { seriesId }, form }) as never),
      );
    expect((await post(screeningForm("save-screening", 0))).status).toBe(302);
    const unsigned = await post(screeningForm("sign-screening", 1, { decision: "cleared" }));
    expect(unsigned.status).toBe(400);
    const [draft] = await testDb.db.select().from(screening).where(eq(screening.seriesId, seriesId));
    expect(draft?.signedAt).toBeNull();
    const signed = await post(
      screeningForm("sign-screening", 1, { decision: "cleared", stepUpMethod: "totp", stepUpCode: codeAt(secret, 1) }),
    );
    expect(signed.status).toBe(302);
    const [row] = await testDb.db.select().from(screening).where(eq(screening.seriesId, seriesId));
    expect(row?.signedAt).not.toBeNull();
  });
});
