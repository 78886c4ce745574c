import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, careTeamMember, clinic, measureResponse } from "#db/schema";
import type { Instrument } from "#db/schema/measures";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createPatient, createStaff } from "#test/fixtures";
import { bookStandardSeries, createDemoLikeClinic, type DemoWorld } from "#app/scheduling/testing/demo-world";
import { openAlerts, patientAlerts } from "./alerts.server";
import { INSTRUMENT_DEFINITIONS, type MeasureContext } from "./instruments";
import { latestMeasures } from "./measures-summary.server";
import {
  chartable,
  clinicPcl5CutOff,
  listPatientMeasures,
  listSeriesMeasures,
  markEnteredInError,
  recordMeasure,
} from "./measures.server";

const testDb = setupTestDatabase();
let world: DemoWorld;
let away: DemoWorld;
let seriesId: string;
let otherSeriesId: string;
let awaySeriesId: string;
let firstAppointmentId: string;
let otherAppointmentId: string;

beforeAll(async () => {
  world = await createDemoLikeClinic(testDb.db);
  away = await createDemoLikeClinic(testDb.db);
  const booked = await bookStandardSeries(testDb.db, world, world.patient.id, "2030-03-04");
  seriesId = booked.seriesId;
  firstAppointmentId = booked.appointmentIds[0]!;
  const second = await createPatient(testDb.db, world.clinic.id, [
    { userId: world.users.prescriber.id, role: "prescriber" },
    { userId: world.users.therapist.id, role: "therapist" },
  ]);
  const other = await bookStandardSeries(testDb.db, world, second.id, "2030-06-03");
  otherSeriesId = other.seriesId;
  otherAppointmentId = other.appointmentIds[0]!;
  awaySeriesId = (await bookStandardSeries(testDb.db, away, away.patient.id, "2030-03-04")).seriesId;
});

const actorOf = (w: DemoWorld, role: "therapist" | "prescriber" = "therapist") => ({
  id: w.users[role].id,
  clinicId: w.clinic.id,
  ip: "203.0.113.9",
});

function answers(instrument: Instrument, total: number, item9 = 0): number[] {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  let left = total - item9;
  return definition.items.map((item) => {
    if (instrument === "phq9" && item.number === 9) {
      return item9;
    }
    const value = Math.min(definition.maxItem, left);
    left -= value;
    return value;
  });
}

async function record(options: {
  instrument: Instrument;
  total: number;
  item9?: number;
  at: Date;
  context?: MeasureContext;
  w?: DemoWorld;
  series?: string;
  patientId?: string;
  appointmentId?: string | null;
}) {
  const w = options.w ?? world;
  return recordMeasure(testDb.db, actorOf(w), {
    clinicId: w.clinic.id,
    patientId: options.patientId ?? w.patient.id,
    seriesId: options.series ?? seriesId,
    appointmentId: options.appointmentId ?? null,
    instrument: options.instrument,
    context: options.context ?? "pre_dose",
    answers: answers(options.instrument, options.total, options.item9),
    completedAt: options.at,
    now: new Date(options.at.getTime() + 60_000),
  });
}

async function counts(): Promise<[number, number]> {
  const [responses] = await testDb.db.select({ n: count() }).from(measureResponse);
  const [audits] = await testDb.db
    .select({ n: count() })
    .from(auditEntry)
    .where(sql`${auditEntry.action} like '%measure%'`);
  return [responses?.n ?? 0, audits?.n ?? 0];
}

describe("recording a measure", () => {
  it("stores the answers with the total, the severity and the item 9 alert, and audits it in the same transaction", async () => {
    const at = new Date("2030-03-04T17:05:00Z");
    const result = await record({
      instrument: "phq9",
      total: 16,
      item9: 2,
      at,
      context: "baseline",
      appointmentId: firstAppointmentId,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.score).toMatchObject({ total: 16, severity: "moderately severe" });
    const [row] = await testDb.db.select().from(measureResponse).where(eq(measureResponse.id, result.id));
    expect(row).toMatchObject({
      clinicId: world.clinic.id,
      patientId: world.patient.id,
      seriesId,
      appointmentId: firstAppointmentId,
      instrument: "phq9",
      context: "baseline",
      items: answers("phq9", 16, 2),
      total: 16,
      severity: "moderately severe",
      completedAt: at,
      recordedBy: world.users.therapist.id,
      enteredInErrorAt: null,
    });
    expect(row?.alert).toMatch(
      /item 9 answered “More than half the days”: thoughts that you would be better off dead or of hurting yourself/u,
    );
    const [entry] = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, "record:measure"), eq(auditEntry.entityId, result.id)));
    expect(entry).toMatchObject({
      actorUserId: world.users.therapist.id,
      patientId: world.patient.id,
      entityType: "measure_response",
      outcome: "success",
      ip: "203.0.113.9",
    });
    // The audit log says which questionnaire, never the answers or the score.
    expect(entry?.detail).toEqual({ instrument: "phq9", context: "baseline", seriesId });
  });

  it("stores no alert when item 9 is zero", async () => {
    const result = await record({ instrument: "phq9", total: 20, at: new Date("2030-03-05T17:00:00Z") });
    expect(result.ok && result.score.alert).toBe("");
    expect(result.ok && result.score.severity).toBe("severe");
  });

  it("refuses incomplete or out-of-range answers, a session of another series, and a time in the future, writing nothing", async () => {
    const before = await counts();
    const base = {
      clinicId: world.clinic.id,
      patientId: world.patient.id,
      seriesId,
      appointmentId: null,
      instrument: "gad7" as const,
      context: "pre_dose" as const,
      completedAt: new Date("2030-03-06T17:00:00Z"),
      now: new Date("2030-03-06T17:01:00Z"),
    };
    const missing = await recordMeasure(testDb.db, actorOf(world), { ...base, answers: [1, 1, 1, undefined, 1, 1] });
    expect(missing).toEqual({
      ok: false,
      problems: [
        {
          field: "item4",
          message: "Choose an answer for item 4: the GAD-7 is only scored when every item is answered.",
        },
        {
          field: "item7",
          message: "Choose an answer for item 7: the GAD-7 is only scored when every item is answered.",
        },
      ],
    });
    const outOfRange = await recordMeasure(testDb.db, actorOf(world), { ...base, answers: [1, 1, 1, 4, 1, 1, 1] });
    expect(outOfRange.ok ? [] : outOfRange.problems.map((problem) => problem.field)).toEqual(["item4"]);
    const wrongSession = await recordMeasure(testDb.db, actorOf(world), {
      ...base,
      answers: answers("gad7", 5),
      appointmentId: otherAppointmentId,
    });
    expect(wrongSession).toEqual({
      ok: false,
      problems: [{ field: "appointmentId", message: "Choose a session of this series, or none." }],
    });
    const future = await recordMeasure(testDb.db, actorOf(world), {
      ...base,
      answers: answers("gad7", 5),
      completedAt: new Date("2030-03-06T17:10:00Z"),
    });
    expect(future.ok ? [] : future.problems.map((problem) => problem.field)).toEqual(["completedAt"]);
    const wrongPatient = await recordMeasure(testDb.db, actorOf(world), {
      ...base,
      answers: answers("gad7", 5),
      seriesId: otherSeriesId,
    });
    expect(wrongPatient.ok ? [] : wrongPatient.problems).toEqual([
      { field: null, message: "This series is not this patient's." },
    ]);
    const wrongClinic = await recordMeasure(testDb.db, actorOf(world), {
      ...base,
      answers: answers("gad7", 5),
      seriesId: awaySeriesId,
    });
    expect(wrongClinic.ok).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it("applies the clinic's PCL-5 cut-off, or 33 by default", async () => {
    expect(await clinicPcl5CutOff(testDb.db, world.clinic.id)).toBe(33);
    const at = new Date("2030-03-07T17:00:00Z");
    const below = await record({ instrument: "pcl5", total: 32, at });
    expect(below.ok && below.score.severity).toBe("below the provisional cut-off (33)");
    await testDb.db
      .update(clinic)
      .set({ settings: sql`settings || '{"pcl5CutOff": 31}'::jsonb` })
      .where(eq(clinic.id, world.clinic.id));
    const cutOff = await clinicPcl5CutOff(testDb.db, world.clinic.id);
    expect(cutOff).toBe(31);
    const above = await recordMeasure(testDb.db, actorOf(world), {
      clinicId: world.clinic.id,
      patientId: world.patient.id,
      seriesId,
      appointmentId: null,
      instrument: "pcl5",
      context: "pre_dose",
      answers: answers("pcl5", 31),
      completedAt: at,
      pcl5CutOff: cutOff,
      now: at,
    });
    expect(above.ok && above.score.severity).toBe("at or above the provisional cut-off (31)");
    await testDb.db
      .update(clinic)
      .set({ settings: sql`settings || '{"pcl5CutOff": "thirty"}'::jsonb` })
      .where(eq(clinic.id, world.clinic.id));
    expect(await clinicPcl5CutOff(testDb.db, world.clinic.id)).toBe(33);
    await testDb.db
      .update(clinic)
      .set({ settings: sql`settings - 'pcl5CutOff'` })
      .where(eq(clinic.id, world.clinic.id));
  });
});

describe("marking a response entered in error", () => {
  it("needs a reason, marks it once with who and when, audits it, and the database refuses any other change", async () => {
    const recorded = await record({ instrument: "gad7", total: 9, at: new Date("2030-03-08T17:00:00Z") });
    if (!recorded.ok) {
      throw new Error("setup");
    }
    const actor = actorOf(world, "prescriber");
    const now = new Date("2030-03-08T18:00:00Z");
    const before = await counts();
    expect(
      await markEnteredInError(testDb.db, actor, {
        clinicId: world.clinic.id,
        seriesId,
        responseId: recorded.id,
        reason: "  ",
        now,
      }),
    ).toEqual({
      ok: false,
      status: 400,
      field: "reason",
      message: "Say why it was entered in error.",
    });
    expect(await counts()).toEqual(before);
    expect(
      await markEnteredInError(testDb.db, actor, {
        clinicId: world.clinic.id,
        seriesId,
        responseId: recorded.id,
        reason: " Wrong patient's form ",
        now,
      }),
    ).toEqual({ ok: true, instrument: "gad7" });
    const [row] = await testDb.db.select().from(measureResponse).where(eq(measureResponse.id, recorded.id));
    expect(row).toMatchObject({
      enteredInErrorAt: now,
      enteredInErrorBy: world.users.prescriber.id,
      enteredInErrorReason: "Wrong patient's form",
      total: 9,
    });
    const [entry] = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, "mark-entered-in-error:measure"), eq(auditEntry.entityId, recorded.id)));
    expect(entry).toMatchObject({
      actorUserId: world.users.prescriber.id,
      patientId: world.patient.id,
      outcome: "success",
    });
    const again = await markEnteredInError(testDb.db, actor, {
      clinicId: world.clinic.id,
      seriesId,
      responseId: recorded.id,
      reason: "again",
      now,
    });
    expect(again).toMatchObject({ ok: false, status: 409 });
    expect(again.ok ? "" : again.message).toMatch(/already marked entered in error/u);
    expect(
      await databaseRefusal(testDb.db.execute(sql`update measure_response set total = 1 where id = ${recorded.id}`)),
    ).toMatch(/never edited/u);
    expect(
      await databaseRefusal(testDb.db.execute(sql`delete from measure_response where id = ${recorded.id}`)),
    ).toMatch(/never deleted/u);
  });

  it("lets exactly one of two people marking the same response at once win; the other gets a conflict", async () => {
    const recorded = await record({ instrument: "gad7", total: 4, at: new Date("2030-03-08T18:00:00Z") });
    if (!recorded.ok) {
      throw new Error("setup");
    }
    const now = new Date("2030-03-08T19:00:00Z");
    const results = await Promise.all(
      (["therapist", "prescriber"] as const).map((role) =>
        markEnteredInError(testDb.db, actorOf(world, role), {
          clinicId: world.clinic.id,
          seriesId,
          responseId: recorded.id,
          reason: `duplicate (${role})`,
          now,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([expect.objectContaining({ ok: false, status: 409 })]);
    const audits = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, "mark-entered-in-error:measure"), eq(auditEntry.entityId, recorded.id)));
    expect(audits).toHaveLength(1);
    const [row] = await testDb.db.select().from(measureResponse).where(eq(measureResponse.id, recorded.id));
    expect(audits[0]?.actorUserId).toBe(row?.enteredInErrorBy);
  });

  it("answers 404 for a response of another series or clinic, changing nothing", async () => {
    const elsewhere = await record({
      instrument: "gad7",
      total: 3,
      at: new Date("2030-03-09T17:00:00Z"),
      w: away,
      series: awaySeriesId,
    });
    if (!elsewhere.ok) {
      throw new Error("setup");
    }
    const result = await markEnteredInError(testDb.db, actorOf(world), {
      clinicId: world.clinic.id,
      seriesId,
      responseId: elsewhere.id,
      reason: "probe",
      now: new Date(),
    });
    expect(result).toMatchObject({ ok: false, status: 404 });
    const [row] = await testDb.db.select().from(measureResponse).where(eq(measureResponse.id, elsewhere.id));
    expect(row?.enteredInErrorAt).toBeNull();
  });

  it("keeps marked responses in the list and leaves them out of what charts plot", async () => {
    const listed = await listSeriesMeasures(testDb.db, world.clinic.id, seriesId);
    const marked = listed.filter((record) => record.enteredInError !== null);
    expect(marked).toHaveLength(2);
    expect(marked[0]?.enteredInError).toMatchObject({
      byName: world.users.prescriber.name,
      reason: "Wrong patient's form",
    });
    expect(chartable(listed)).toHaveLength(listed.length - 2);
    expect(listed.map((record) => record.completedAt.getTime())).toEqual(
      [...listed.map((record) => record.completedAt.getTime())].sort((a, b) => a - b),
    );
    expect(listed.every((record) => record.recordedByName === world.users.therapist.name)).toBe(true);
    expect(await listSeriesMeasures(testDb.db, world.clinic.id, awaySeriesId)).toEqual([]);
    const groups = await listPatientMeasures(testDb.db, world.clinic.id, world.patient.id);
    expect(groups.map((group) => group.seriesId)).toEqual([seriesId]);
    expect(groups[0]?.responses).toHaveLength(listed.length);
  });
});

describe("the latest measures of a series", () => {
  it("gives the latest PHQ-9, GAD-7 and PCL-5 not entered in error, with the open item 9 alert", async () => {
    const summary = await latestMeasures(testDb.db, world.clinic.id, seriesId, new Date("2030-03-10T00:00:00Z"));
    expect(summary.phq9).toMatchObject({
      name: "PHQ-9",
      total: 20,
      maxTotal: 27,
      severity: "severe",
      alert: "",
      context: "pre_dose",
    });
    // The GAD-7 of 8 March was entered in error; nothing else is left.
    expect(summary.gad7).toBeNull();
    expect(summary.pcl5).toMatchObject({ total: 31, severity: "at or above the provisional cut-off (31)" });
    expect(summary.openAlert?.alert).toMatch(/better off dead/u);
    expect(summary.openAlert?.completedAt).toEqual(new Date("2030-03-04T17:05:00Z"));
    const later = await latestMeasures(testDb.db, world.clinic.id, seriesId, new Date("2030-04-04T17:06:00Z"));
    expect(later.openAlert).toBeNull();
    expect(await latestMeasures(testDb.db, away.clinic.id, seriesId)).toEqual({
      phq9: null,
      gad7: null,
      pcl5: null,
      openAlert: null,
    });
  });
});

describe("open item 9 alerts for a user's care teams", () => {
  it("lists each patient on the user's teams with an alert in the last 30 days, latest first", async () => {
    const second = await createPatient(testDb.db, world.clinic.id, [
      { userId: world.users.therapist.id, role: "therapist" },
      { userId: world.users.prescriber.id, role: "prescriber" },
    ]);
    const secondSeries = await bookStandardSeries(testDb.db, world, second.id, "2030-09-02");
    await record({
      instrument: "phq9",
      total: 6,
      item9: 1,
      at: new Date("2030-03-09T17:00:00Z"),
      patientId: second.id,
      series: secondSeries.seriesId,
    });
    await record({
      instrument: "phq9",
      total: 7,
      item9: 3,
      at: new Date("2030-03-06T17:00:00Z"),
      patientId: second.id,
      series: secondSeries.seriesId,
    });
    const now = new Date("2030-03-10T00:00:00Z");
    const forTherapist = await openAlerts(testDb.db, world.clinic.id, world.users.therapist.id, now);
    expect(forTherapist.map((alert) => [alert.patientId, alert.answer])).toEqual([
      [second.id, 1],
      [world.patient.id, 2],
    ]);
    expect(forTherapist[0]).toMatchObject({
      patientName: `${second.firstName} ${second.lastName}`,
      mrn: second.mrn,
      seriesId: secondSeries.seriesId,
    });
    // The nurse is on the first patient's team only.
    expect(
      (await openAlerts(testDb.db, world.clinic.id, world.users.nurse.id, now)).map((alert) => alert.patientId),
    ).toEqual([world.patient.id]);
    expect((await patientAlerts(testDb.db, world.clinic.id, second.id, now)).map((alert) => alert.answer)).toEqual([
      1, 3,
    ]);
  });

  it("forgets alerts older than 30 days or entered in error, and shows none to users who may not read clinical content or to another clinic", async () => {
    const now = new Date("2030-04-04T17:30:00Z");
    const forTherapist = await openAlerts(testDb.db, world.clinic.id, world.users.therapist.id, now);
    // 4 March is 31 days before; 9 March is within 30 days.
    expect(forTherapist.map((alert) => alert.answer)).toEqual([1]);
    const [latest] = await patientAlerts(testDb.db, world.clinic.id, forTherapist[0]!.patientId, now);
    await markEnteredInError(testDb.db, actorOf(world), {
      clinicId: world.clinic.id,
      seriesId: forTherapist[0]!.seriesId!,
      responseId: latest!.responseId,
      reason: "Entered for the wrong patient",
      now,
    });
    // The patient's earlier alert (6 March, "Nearly every day") is still within 30 days.
    expect(
      (await openAlerts(testDb.db, world.clinic.id, world.users.therapist.id, now)).map((alert) => alert.answer),
    ).toEqual([3]);
    // Front desk, even if listed on a care team by mistake, and an admin see nothing; so does another clinic.
    const frontdesk = await createStaff(testDb.db, world.clinic.id, ["frontdesk"]);
    await testDb.db
      .insert(careTeamMember)
      .values({ clinicId: world.clinic.id, patientId: world.patient.id, userId: frontdesk.id, role: "nurse" });
    const earlier = new Date("2030-03-10T00:00:00Z");
    expect(await openAlerts(testDb.db, world.clinic.id, frontdesk.id, earlier)).toEqual([]);
    expect(await openAlerts(testDb.db, world.clinic.id, world.users.admin.id, earlier)).toEqual([]);
    expect(await openAlerts(testDb.db, away.clinic.id, world.users.therapist.id, earlier)).toEqual([]);
    expect(await openAlerts(testDb.db, world.clinic.id, away.users.therapist.id, earlier)).toEqual([]);
    expect(
      (await openAlerts(testDb.db, world.clinic.id, world.users.therapist.id, earlier)).map((alert) => [
        alert.patientId,
        alert.answer,
      ]),
    ).toEqual([
      [forTherapist[0]!.patientId, 3],
      [world.patient.id, 2],
    ]);
  });
});
