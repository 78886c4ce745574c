import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointment, clinic, doseOrder, patient } from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createStaff } from "#test/fixtures";
import { action as clearanceAction } from "#app/routes/series-clearance";
import { action, loader } from "#app/routes/series-orders";
import { call } from "#app/scheduling/testing/demo-world";
import { activeDoseOrder } from "./dose-orders.server";
import { auditActions, bookDosingSeries, screeningForm, type World } from "./screening-test-world";

const testDb = setupTestDatabase();
let world: World;
let away: World;

type Page = {
  active: { id: string; dose: string; mgPerKg: string; weight: string; scope: string }[];
  discontinued: { id: string; discontinued: { reason: string } | null }[];
  sessions: { id: string; label: string }[];
  weight: { weightKg: number | null; source: string | null };
  ranges: Record<string, { maxMg: number }>;
  status: { missing: string[] };
  canOrder: boolean;
  canDiscontinue: boolean;
};

type Reply = { result: { error?: Record<string, string[] | null> }; warnings: string[] };

function page(userId: string, seriesId: string) {
  return call(testDb.db, loader, `/series/${seriesId}/orders`, { userId, params: { seriesId } });
}

function post(userId: string, seriesId: string, form: Record<string, string>) {
  return call(testDb.db, action, `/series/${seriesId}/orders`, { userId, params: { seriesId }, form });
}

function order(overrides: Record<string, string> = {}): Record<string, string> {
  return { intent: "order", drug: "ketamine", route: "IM", doseMg: "50", scope: "series", ...overrides };
}

function errorsOf(body: unknown): Record<string, string[] | null> {
  return (body as Reply).result.error ?? {};
}

async function ordersOf(seriesId: string) {
  return testDb.db.select().from(doseOrder).where(eq(doseOrder.seriesId, seriesId)).orderBy(doseOrder.orderedAt);
}

/** A patient of the team with a recorded weight, and a series for them. */
async function patientWithSeries(weightKg: string | null) {
  const person = await createPatient(
    testDb.db,
    world.clinic.id,
    [
      { userId: world.users.prescriber.id, role: "prescriber" },
      { userId: world.users.therapist.id, role: "therapist" },
      { userId: world.users.nurse.id, role: "nurse" },
    ],
    { weightKg },
  );
  return { patientId: person.id, ...(await bookDosingSeries(testDb.db, world, person.id)) };
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
});

describe("ordering a dose", () => {
  it("orders for the whole series with mg/kg from the patient's weight, and audits it", async () => {
    const { seriesId, appointmentIds, patientId } = await patientWithSeries("70.0");
    const response = await post(
      world.users.prescriber.id,
      seriesId,
      order({ instructions: "Give in the Cedar room." }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/series/${seriesId}/orders?saved=order`);
    const [row] = await ordersOf(seriesId);
    expect(row).toMatchObject({
      drug: "ketamine",
      route: "IM",
      doseMg: "50.00",
      weightKg: "70.0",
      mgPerKg: "0.714",
      appointmentId: null,
      outOfRangeReason: "",
      instructions: "Give in the Cedar room.",
      orderedBy: world.users.prescriber.id,
    });
    expect(await activeDoseOrder(testDb.db, seriesId, appointmentIds[1]!)).toEqual({
      id: row!.id,
      drug: "ketamine",
      route: "IM",
      doseMg: 50,
      mgPerKg: 0.714,
      weightKg: 70,
      orderedByName: world.users.prescriber.name,
      orderedAt: row!.orderedAt,
    });
    expect(await activeDoseOrder(testDb.db, seriesId, null)).toMatchObject({ id: row!.id });
    expect(await auditActions(testDb.db, world.users.prescriber.id, "dose_order")).toContainEqual({
      action: "order:dose",
      outcome: "success",
      patientId,
    });
    const shown = (await page(world.users.nurse.id, seriesId)).body as Page;
    expect(shown.active).toEqual([
      expect.objectContaining({ dose: "50 mg", mgPerKg: "0.714 mg/kg", weight: "70 kg", scope: "Whole series" }),
    ]);
    expect(shown.weight).toEqual({ weightKg: 70, source: "patient" });
    expect(shown.sessions.map((session) => session.label)).toEqual([
      expect.stringMatching(/^Dose 1, /u),
      expect.stringMatching(/^Dose 2, /u),
    ]);
    expect(shown).toMatchObject({ canOrder: false, canDiscontinue: false });
  });

  it("prefers a session's own order to the series-wide one", async () => {
    const { seriesId, appointmentIds } = await patientWithSeries("80.0");
    await post(world.users.prescriber.id, seriesId, order({ doseMg: "40" }));
    expect(
      (await post(world.users.prescriber.id, seriesId, order({ doseMg: "60", scope: appointmentIds[1]! }))).status,
    ).toBe(302);
    expect((await activeDoseOrder(testDb.db, seriesId, appointmentIds[0]!))?.doseMg).toBe(40);
    expect((await activeDoseOrder(testDb.db, seriesId, appointmentIds[1]!))?.doseMg).toBe(60);
    const shown = (await page(world.users.prescriber.id, seriesId)).body as Page;
    expect(shown.active.map((entry) => entry.scope)).toEqual([expect.stringMatching(/^Dose 2, /u), "Whole series"]);
  });

  it("refuses a second active order for the same session or series (409)", async () => {
    const { seriesId, appointmentIds } = await patientWithSeries("70.0");
    await post(world.users.prescriber.id, seriesId, order());
    const again = await post(world.users.prescriber.id, seriesId, order({ doseMg: "55" }));
    expect(again.status).toBe(409);
    expect(errorsOf(again.body)[""]?.[0]).toMatch(
      /already an active order for the whole series. Discontinue it first/u,
    );
    await post(world.users.prescriber.id, seriesId, order({ scope: appointmentIds[0]! }));
    expect((await post(world.users.prescriber.id, seriesId, order({ scope: appointmentIds[0]! }))).status).toBe(409);
    expect(await ordersOf(seriesId)).toHaveLength(2);
  });

  it("warns outside the clinic's range: 400 without a reason, ordered with one", async () => {
    const { seriesId } = await patientWithSeries("70.0");
    const refused = await post(world.users.prescriber.id, seriesId, order({ doseMg: "120" }));
    expect(refused.status).toBe(400);
    expect(errorsOf(refused.body).outOfRangeReason?.[0]).toMatch(/outside the clinic's range/u);
    expect((refused.body as Reply).warnings).toEqual([
      "1.714 mg/kg is above the clinic's IM range of 0.25–1 mg/kg, at most 100 mg.",
      "120 mg is above the clinic's IM maximum of 100 mg.",
    ]);
    expect(await ordersOf(seriesId)).toEqual([]);
    const ordered = await post(
      world.users.prescriber.id,
      seriesId,
      order({
        doseMg: "120",
        outOfRangeReason: "Tolerance after earlier sessions; discussed with the medical director.",
      }),
    );
    expect(ordered.status).toBe(302);
    expect((await ordersOf(seriesId))[0]).toMatchObject({
      doseMg: "120.00",
      mgPerKg: "1.714",
      outOfRangeReason: "Tolerance after earlier sessions; discussed with the medical director.",
    });
  });

  it("checks the boundaries and keeps no reason for a dose within range", async () => {
    const { seriesId, appointmentIds } = await patientWithSeries("70.0");
    expect(
      (await post(world.users.prescriber.id, seriesId, order({ doseMg: "70", outOfRangeReason: "not needed" }))).status,
    ).toBe(302);
    expect((await ordersOf(seriesId))[0]).toMatchObject({ mgPerKg: "1.000", outOfRangeReason: "" });
    expect(
      (await post(world.users.prescriber.id, seriesId, order({ doseMg: "17.4", scope: appointmentIds[0]! }))).status,
    ).toBe(400);
    expect(
      (await post(world.users.prescriber.id, seriesId, order({ doseMg: "17.5", scope: appointmentIds[0]! }))).status,
    ).toBe(302);
  });

  it("uses the clinic's own ranges, and the fixed intranasal range", async () => {
    const other = await createClinicWithTeam(testDb.db);
    await testDb.db
      .update(clinic)
      .set({
        settings: {
          doseRanges: { IM: { minMgPerKg: 0.1, maxMgPerKg: 0.5, maxMg: 50 } },
          secondFactorRequirement: "optional",
        },
      })
      .where(eq(clinic.id, other.clinic.id));
    await testDb.db.update(patient).set({ weightKg: "70.0" }).where(eq(patient.id, other.patient.id));
    const { seriesId, appointmentIds } = await bookDosingSeries(testDb.db, other);
    const im = await call(testDb.db, action, `/series/${seriesId}/orders`, {
      userId: other.users.prescriber.id,
      params: { seriesId },
      form: order({ doseMg: "40" }),
    });
    expect(im.status).toBe(400);
    expect((im.body as Reply).warnings).toEqual([
      "0.571 mg/kg is above the clinic's IM range of 0.1–0.5 mg/kg, at most 50 mg.",
    ]);
    const esketamine = await call(testDb.db, action, `/series/${seriesId}/orders`, {
      userId: other.users.prescriber.id,
      params: { seriesId },
      form: order({ drug: "esketamine", route: "IN", doseMg: "84", scope: appointmentIds[0]! }),
    });
    expect(esketamine.status).toBe(302);
    const tooMuch = await call(testDb.db, action, `/series/${seriesId}/orders`, {
      userId: other.users.prescriber.id,
      params: { seriesId },
      form: order({ drug: "esketamine", route: "IN", doseMg: "112", scope: appointmentIds[1]! }),
    });
    expect((tooMuch.body as Reply).warnings).toEqual(["112 mg is above the clinic's IN range of 56–84 mg."]);
  });

  it("shows mg/kg as unknown without a weight, and needs a reason", async () => {
    const { seriesId } = await patientWithSeries(null);
    const shown = (await page(world.users.prescriber.id, seriesId)).body as Page;
    expect(shown.weight).toEqual({ weightKg: null, source: null });
    const refused = await post(world.users.prescriber.id, seriesId, order());
    expect(refused.status).toBe(400);
    expect((refused.body as Reply).warnings[0]).toMatch(/weight is not recorded/u);
    expect(
      (await post(world.users.prescriber.id, seriesId, order({ outOfRangeReason: "Weighed at check-in." }))).status,
    ).toBe(302);
    expect((await ordersOf(seriesId))[0]).toMatchObject({ weightKg: null, mgPerKg: null });
    expect((await page(world.users.prescriber.id, seriesId)).body as Page).toMatchObject({
      active: [expect.objectContaining({ mgPerKg: "unknown", weight: "unknown" })],
    });
  });

  it("takes the weight from the signed screening before the patient's record", async () => {
    const { seriesId } = await patientWithSeries("90.0");
    const sign = (form: Record<string, string | string[]>) =>
      call(testDb.db, clearanceAction, `/series/${seriesId}/clearance`, {
        userId: world.users.prescriber.id,
        params: { seriesId },
        form,
      });
    await sign(screeningForm("save-screening", 0, { baselineWeightKg: "60.0" }));
    expect(((await page(world.users.prescriber.id, seriesId)).body as Page).weight).toEqual({
      weightKg: 90,
      source: "patient",
    });
    await sign(screeningForm("sign-screening", 1, { decision: "cleared", baselineWeightKg: "60.0" }));
    expect(((await page(world.users.prescriber.id, seriesId)).body as Page).weight).toEqual({
      weightKg: 60,
      source: "screening",
    });
    await post(world.users.prescriber.id, seriesId, order({ doseMg: "30" }));
    expect((await ordersOf(seriesId))[0]).toMatchObject({ weightKg: "60.0", mgPerKg: "0.500" });
  });

  it("refuses orders when the patient was not cleared, or the series is over (409)", async () => {
    const { seriesId } = await patientWithSeries("70.0");
    await call(testDb.db, clearanceAction, `/series/${seriesId}/clearance`, {
      userId: world.users.prescriber.id,
      params: { seriesId },
      form: screeningForm("sign-screening", 0, {
        decision: "not_cleared",
        notes: "Active suicidal ideation.",
        "contraindications.suicidalIdeation.answer": "present",
      }),
    });
    const refused = await post(world.users.prescriber.id, seriesId, order());
    expect(refused.status).toBe(409);
    expect(errorsOf(refused.body)[""]?.[0]).toMatch(/not cleared for dosing/u);
    expect(((await page(world.users.prescriber.id, seriesId)).body as Page).canOrder).toBe(false);

    const other = await patientWithSeries("70.0");
    await testDb.db.execute(sql`update series set status = 'discontinued' where id = ${other.seriesId}`);
    const closed = await post(world.users.prescriber.id, other.seriesId, order());
    expect(closed.status).toBe(409);
    expect(errorsOf(closed.body)[""]?.[0]).toMatch(/discontinued; no new doses/u);
    expect(await ordersOf(seriesId)).toEqual([]);
    expect(await ordersOf(other.seriesId)).toEqual([]);
  });

  it("refuses invalid input with 400 and writes nothing", async () => {
    const { seriesId, appointmentIds } = await patientWithSeries("70.0");
    const foreign = await bookDosingSeries(testDb.db, away);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ doseMg: "0" }, "doseMg", /more than 0 and below 1000/u],
      [{ doseMg: "1000" }, "doseMg", /more than 0 and below 1000/u],
      [{ doseMg: "50.125" }, "doseMg", /two decimal places/u],
      [{ drug: "psilocybin" }, "drug", /ketamine or esketamine/u],
      [{ route: "rectal" }, "route", /route/u],
      [{ scope: "nonsense" }, "scope", /whole series or one dosing session/u],
      [{ scope: foreign.appointmentIds[0]! }, "scope", /this series' dosing sessions/u],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await post(world.users.prescriber.id, seriesId, order(overrides));
      expect(response.status, field).toBe(400);
      expect(errorsOf(response.body)[field]?.[0]).toMatch(message);
    }
    await testDb.db.update(appointment).set({ status: "cancelled" }).where(eq(appointment.id, appointmentIds[0]!));
    const cancelled = await post(world.users.prescriber.id, seriesId, order({ scope: appointmentIds[0]! }));
    expect(cancelled.status).toBe(400);
    expect(errorsOf(cancelled.body).scope?.[0]).toMatch(/completed, cancelled or missed/u);
    expect(await ordersOf(seriesId)).toEqual([]);
  });
});

describe("discontinuing an order", () => {
  it("discontinues with a reason; the series-wide order then applies; the order is otherwise immutable", async () => {
    const { seriesId, appointmentIds } = await patientWithSeries("70.0");
    await post(world.users.prescriber.id, seriesId, order({ doseMg: "40" }));
    await post(world.users.prescriber.id, seriesId, order({ doseMg: "60", scope: appointmentIds[0]! }));
    const own = await activeDoseOrder(testDb.db, seriesId, appointmentIds[0]!);
    expect(own?.doseMg).toBe(60);

    const noReason = await post(world.users.prescriber.id, seriesId, {
      intent: "discontinue",
      orderId: own!.id,
      reason: " ",
    });
    expect(noReason.status).toBe(400);
    expect(await activeDoseOrder(testDb.db, seriesId, appointmentIds[0]!)).toMatchObject({ id: own!.id });

    const done = await post(world.users.prescriber.id, seriesId, {
      intent: "discontinue",
      orderId: own!.id,
      reason: "Nausea at dose 1; lower dose.",
    });
    expect(done.status).toBe(302);
    const [row] = await testDb.db.select().from(doseOrder).where(eq(doseOrder.id, own!.id));
    expect(row).toMatchObject({
      discontinuedBy: world.users.prescriber.id,
      discontinuedReason: "Nausea at dose 1; lower dose.",
    });
    expect(row?.discontinuedAt).toBeInstanceOf(Date);
    expect((await activeDoseOrder(testDb.db, seriesId, appointmentIds[0]!))?.doseMg).toBe(40);

    const again = await post(world.users.prescriber.id, seriesId, {
      intent: "discontinue",
      orderId: own!.id,
      reason: "twice",
    });
    expect(again.status).toBe(409);
    const unknown = await post(world.users.prescriber.id, seriesId, {
      intent: "discontinue",
      orderId: "00000000-0000-4000-8000-000000000000",
      reason: "x",
    });
    expect(unknown.status).toBe(400);

    const shown = (await page(world.users.prescriber.id, seriesId)).body as Page;
    expect(shown.active).toHaveLength(1);
    expect(shown.discontinued).toEqual([
      expect.objectContaining({
        id: own!.id,
        discontinued: expect.objectContaining({ reason: "Nausea at dose 1; lower dose." }),
      }),
    ]);
    expect(shown).toMatchObject({ canOrder: true, canDiscontinue: true });

    expect(
      await databaseRefusal(testDb.db.execute(sql`update dose_order set dose_mg = 10 where id = ${row!.id}`)),
    ).toMatch(/never edited/u);
    expect(await databaseRefusal(testDb.db.execute(sql`delete from dose_order where id = ${row!.id}`))).toMatch(
      /never deleted/u,
    );
    expect(
      (await auditActions(testDb.db, world.users.prescriber.id, "dose_order")).filter(
        (entry) => entry.action === "order:dose",
      ).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("has no active order once every order is discontinued", async () => {
    const { seriesId, appointmentIds } = await patientWithSeries("70.0");
    await post(world.users.prescriber.id, seriesId, order());
    const [row] = await ordersOf(seriesId);
    await post(world.users.prescriber.id, seriesId, {
      intent: "discontinue",
      orderId: row!.id,
      reason: "Course paused.",
    });
    expect(await activeDoseOrder(testDb.db, seriesId, appointmentIds[0]!)).toBeNull();
    expect(await activeDoseOrder(testDb.db, seriesId, null)).toBeNull();
  });
});

describe("who may order", () => {
  let seriesId: string;
  beforeAll(async () => {
    await testDb.db.update(patient).set({ weightKg: "70.0" }).where(eq(patient.id, world.patient.id));
    seriesId = (await bookDosingSeries(testDb.db, world)).seriesId;
  });

  it("lets the care team read the orders, and only the prescriber order or discontinue", async () => {
    for (const role of ["prescriber", "therapist", "nurse"] as const) {
      expect((await page(world.users[role].id, seriesId)).status, role).toBe(200);
    }
    await post(world.users.prescriber.id, seriesId, order());
    const [row] = await ordersOf(seriesId);
    for (const role of ["therapist", "nurse", "frontdesk", "admin"] as const) {
      expect((await post(world.users[role].id, seriesId, order({ scope: "series", doseMg: "30" }))).status, role).toBe(
        403,
      );
      expect(
        (await post(world.users[role].id, seriesId, { intent: "discontinue", orderId: row!.id, reason: "x" })).status,
        role,
      ).toBe(403);
    }
    expect(await ordersOf(seriesId)).toEqual([expect.objectContaining({ id: row!.id, discontinuedAt: null })]);
  });

  it("refuses front desk and admin the page, and a prescriber off the care team", async () => {
    for (const role of ["frontdesk", "admin"] as const) {
      expect((await page(world.users[role].id, seriesId)).status, role).toBe(403);
    }
    const outsider = await createStaff(testDb.db, world.clinic.id, ["prescriber"]);
    expect((await page(outsider.id, seriesId)).status).toBe(403);
    expect((await post(outsider.id, seriesId, order())).status).toBe(403);
    expect(await auditActions(testDb.db, outsider.id, "patient")).toContainEqual({
      action: "read:clinical",
      outcome: "denied",
      patientId: world.patient.id,
    });
  });

  it("answers 404 for another clinic's series", async () => {
    const foreign = await bookDosingSeries(testDb.db, away);
    expect((await page(world.users.prescriber.id, foreign.seriesId)).status).toBe(404);
    expect((await post(world.users.prescriber.id, foreign.seriesId, order())).status).toBe(404);
    expect(await ordersOf(foreign.seriesId)).toEqual([]);
  });

  it("audits every read", async () => {
    await page(world.users.therapist.id, seriesId);
    expect(await auditActions(testDb.db, world.users.therapist.id, "dose_order")).toContainEqual({
      action: "read:clinical",
      outcome: "success",
      patientId: world.patient.id,
    });
  });
});
