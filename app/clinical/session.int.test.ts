import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  administration,
  adverseEvent,
  appointment,
  appointmentEvent,
  auditEntry,
  dosingSession,
  mentalStatusCheck,
  observation,
  vitalsEntry,
} from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam } from "#test/fixtures";
import { clock } from "#app/auth/clock";
import { loader as appointmentLoader } from "#app/routes/appointment";
import { action, loader } from "#app/routes/appointment-session";
import { call } from "#app/scheduling/testing/demo-world";
import type { SessionReply } from "./session-entry-forms";
import { sessionRecord } from "./session-record.server";
import { sessionReadiness } from "./session-readiness.server";
import {
  bookDosingSeries,
  setClinicSettings,
  writeAllPrerequisites,
  writeConsent,
  writeDoseOrder,
  writeScreening,
  writeSignOff,
  type BookedSeries,
  type SessionWorld,
} from "./session-testing";
import { CLOSED_MESSAGE, findDosingSession, recordVitals } from "./session.server";
import type { SessionPage } from "./session-view.server";

const testDb = setupTestDatabase();
let world: SessionWorld;
let away: SessionWorld;
let now = new Date("2030-03-04T17:30:00Z"); // Monday 4 March 2030, 09:30 in Los Angeles
const DAY_1 = new Date("2030-03-04T17:00:00Z"); // 09:00
const DAY_2 = new Date("2030-03-07T17:00:00Z");

beforeAll(async () => {
  vi.spyOn(clock, "now").mockImplementation(() => now);
  world = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
});

afterAll(() => {
  vi.restoreAllMocks();
});

beforeEach(() => {
  now = new Date("2030-03-04T17:30:00Z");
});

type Page = SessionPage & { freshAlerts: string[]; notice: string | null };

async function page(
  appointmentId: string,
  userId = world.users.nurse.id,
  query = "",
): Promise<{ status: number; page: Page }> {
  const response = await call(testDb.db, loader, `/appointments/${appointmentId}/session${query}`, {
    userId,
    params: { appointmentId },
  });
  return { status: response.status, page: response.body as Page };
}

async function post(appointmentId: string, form: Record<string, string | string[]>, userId = world.users.nurse.id) {
  const response = await call(testDb.db, action, `/appointments/${appointmentId}/session`, {
    userId,
    params: { appointmentId },
    form,
  });
  return { ...response, reply: response.body as SessionReply };
}

const formErrors = (reply: SessionReply): string[] => reply.result.error?.[""] ?? [];
const fieldError = (reply: SessionReply, field: string): string[] => reply.result.error?.[field] ?? [];

async function counts(sessionId: string): Promise<number[]> {
  const tables = [administration, vitalsEntry, mentalStatusCheck, observation, adverseEvent] as const;
  return Promise.all(
    tables.map(
      async (table) =>
        (await testDb.db.select({ n: count() }).from(table).where(eq(table.dosingSessionId, sessionId)))[0]!.n,
    ),
  );
}

async function started(): Promise<{ booked: BookedSeries; appointmentId: string; sessionId: string }> {
  const booked = await bookDosingSeries(testDb.db, world, [DAY_1]);
  await writeAllPrerequisites(testDb.db, world, booked);
  const appointmentId = booked.appointmentIds[0]!;
  const response = await post(appointmentId, { intent: "start", time: "09:05", date: "2030-03-04" });
  expect(response.status).toBe(302);
  const session = await findDosingSession(testDb.db, world.clinic.id, appointmentId);
  return { booked, appointmentId, sessionId: session!.id };
}

const at = (time: string) => ({ time, date: "2030-03-04" });

describe("starting a dosing session", () => {
  it("is refused, with each missing prerequisite named, until all are in place; nothing is written", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [DAY_1]);
    const appointmentId = booked.appointmentIds[0]!;
    const tryStart = async (): Promise<string[]> => {
      const response = await post(appointmentId, { intent: "start" });
      expect(response.status).toBe(409);
      expect(formErrors(response.reply)).toEqual(["This dosing session cannot start yet."]);
      expect(await findDosingSession(testDb.db, world.clinic.id, appointmentId)).toBeNull();
      return response.reply.missing;
    };
    expect(await tryStart()).toEqual([
      "No signed clearance from the prescriber.",
      "No signed consent.",
      "There is no active dose order: the prescriber must order the dose for this session.",
    ]);
    expect((await page(appointmentId)).page.readiness?.missing).toHaveLength(3);

    await writeScreening(testDb.db, world, booked, { signed: false, cleared: false });
    expect(await tryStart()).toContain("No signed clearance from the prescriber: the screening is still a draft.");

    const notCleared = await bookDosingSeries(testDb.db, world, [new Date("2030-03-04T21:00:00Z")]);
    await writeScreening(testDb.db, world, notCleared, { signed: true, cleared: false });
    await writeConsent(testDb.db, world, notCleared);
    await writeDoseOrder(testDb.db, world, notCleared);
    expect((await sessionReadiness(testDb.db, notCleared.appointmentIds[0]!)).missing).toEqual([
      "The prescriber signed the screening as not cleared for dosing.",
    ]);

    const withdrawn = await bookDosingSeries(testDb.db, world, [new Date("2030-03-05T17:00:00Z")]);
    await writeScreening(testDb.db, world, withdrawn, { signed: true, cleared: true });
    await writeConsent(testDb.db, world, withdrawn);
    await writeConsent(testDb.db, world, withdrawn, true);
    await writeDoseOrder(testDb.db, world, withdrawn);
    expect((await sessionReadiness(testDb.db, withdrawn.appointmentIds[0]!)).missing).toEqual([
      "The patient withdrew consent; a new signed consent is needed.",
    ]);

    const [status] = await testDb.db
      .select({ status: appointment.status })
      .from(appointment)
      .where(eq(appointment.id, appointmentId));
    expect(status?.status).toBe("scheduled");
  });

  it("is refused for a discontinued order, and follows a session's own order over the series-wide one", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-06T17:00:00Z")]);
    await writeScreening(testDb.db, world, booked, { signed: true, cleared: true });
    await writeConsent(testDb.db, world, booked);
    const orderId = await writeDoseOrder(testDb.db, world, booked);
    await testDb.db.execute(
      sql`update dose_order set discontinued_at = now(), discontinued_by = ${world.users.prescriber.id}, discontinued_reason = 'changed' where id = ${orderId}`,
    );
    expect((await sessionReadiness(testDb.db, booked.appointmentIds[0]!)).missing).toEqual([
      "There is no active dose order: the prescriber must order the dose for this session.",
    ]);
    await writeDoseOrder(testDb.db, world, booked, { appointmentId: booked.appointmentIds[0]!, doseMg: 60 });
    expect(await sessionReadiness(testDb.db, booked.appointmentIds[0]!)).toEqual({ ready: true, missing: [] });
  });

  it("opens the session, checks the patient in and moves the appointment to in progress, audited", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [DAY_1]);
    await writeAllPrerequisites(testDb.db, world, booked);
    const appointmentId = booked.appointmentIds[0]!;
    const before = await page(appointmentId);
    expect(before.page.readiness).toEqual({ ready: true, missing: [] });
    expect(before.page.order?.dose).toBe("50 mg");

    const response = await post(appointmentId, { intent: "start" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/appointments/${appointmentId}/session?saved=start`);
    const session = await findDosingSession(testDb.db, world.clinic.id, appointmentId);
    expect(session?.checkedInAt).toEqual(now);
    expect(session?.openedBy).toBe(world.users.nurse.id);
    expect(session?.doseOrderId).not.toBeNull();
    const [row] = await testDb.db
      .select({ status: appointment.status })
      .from(appointment)
      .where(eq(appointment.id, appointmentId));
    expect(row?.status).toBe("in_progress");
    const events = await testDb.db
      .select({ toValue: appointmentEvent.toValue, reason: appointmentEvent.reason })
      .from(appointmentEvent)
      .where(and(eq(appointmentEvent.appointmentId, appointmentId), eq(appointmentEvent.action, "status_changed")));
    expect(events.map((event) => event.toValue.status)).toEqual(["checked_in", "in_progress"]);
    expect(events[0]?.reason).toBe("Dosing session started.");
    const audited = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, "start:session"), eq(auditEntry.entityId, session!.id)));
    expect(audited).toHaveLength(1);
    expect(audited[0]?.patientId).toBe(booked.patientId);

    const again = await post(appointmentId, { intent: "start" });
    expect(again.status).toBe(409);
    expect(formErrors(again.reply)).toEqual(["This session has already started. Reload the page to see it."]);
  });

  it("takes a given check-in time, but not one in the future, nor on another day than booked", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-04T20:00:00Z"), DAY_2]);
    await writeAllPrerequisites(testDb.db, world, booked);
    const future = await post(booked.appointmentIds[0]!, { intent: "start", ...at("09:45") });
    expect(future.status).toBe(400);
    expect(fieldError(future.reply, "time")).toEqual([
      "09:45 is in the future. Enter the time the patient arrived, or leave it empty for now.",
    ]);
    const otherDay = await post(booked.appointmentIds[1]!, { intent: "start" });
    expect(otherDay.status).toBe(409);
    expect(formErrors(otherDay.reply)[0]).toMatch(
      /^This session is booked for Thursday 7 March 2030: it can start only on that day/u,
    );
    const ok = await post(booked.appointmentIds[0]!, { intent: "start", ...at("09:10") });
    expect(ok.status).toBe(302);
    expect((await findDosingSession(testDb.db, world.clinic.id, booked.appointmentIds[0]!))?.checkedInAt).toEqual(
      new Date("2030-03-04T17:10:00Z"),
    );
  });

  it("waits for the prescriber's sign-off of the earlier dose when the clinic's setting says so, and not otherwise", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-01T17:00:00Z"), DAY_1]);
    await writeAllPrerequisites(testDb.db, world, booked);
    const [first] = await testDb.db
      .insert(dosingSession)
      .values({
        clinicId: world.clinic.id,
        appointmentId: booked.appointmentIds[0]!,
        seriesId: booked.seriesId,
        patientId: booked.patientId,
        checkedInAt: new Date("2030-03-01T17:00:00Z"),
        openedBy: world.users.nurse.id,
      })
      .returning({ id: dosingSession.id });
    const second = booked.appointmentIds[1]!;

    // The default: sign-off gates the next dose.
    const gated = await post(second, { intent: "start" });
    expect(gated.status).toBe(409);
    expect(gated.reply.missing).toEqual(["Dose 1 has not been signed off by the prescriber yet."]);
    expect((await page(second)).page.readiness?.missing).toEqual([
      "Dose 1 has not been signed off by the prescriber yet.",
    ]);

    await setClinicSettings(testDb.db, world.clinic.id, { signOffGatesNextDose: false });
    expect(await sessionReadiness(testDb.db, second)).toEqual({ ready: true, missing: [] });
    await setClinicSettings(testDb.db, world.clinic.id, { signOffGatesNextDose: true });
    expect((await sessionReadiness(testDb.db, second)).ready).toBe(false);

    await writeSignOff(testDb.db, world, first!.id);
    expect((await post(second, { intent: "start" })).status).toBe(302);
    await setClinicSettings(testDb.db, world.clinic.id, {});
  });
});

describe("recording the session", () => {
  it("records a dose from the order; a different dose needs confirming; nothing is written meanwhile", async () => {
    const { appointmentId, sessionId } = await started();
    const dose = { intent: "administration", ...at("09:20"), lotNumber: "KET-2291", givenBy: world.users.nurse.id };
    expect((await post(appointmentId, { ...dose, doseMg: "50" })).status).toBe(302);
    const [given] = await testDb.db.select().from(administration).where(eq(administration.dosingSessionId, sessionId));
    expect(given).toMatchObject({
      drug: "ketamine",
      route: "IM",
      doseMg: "50.00",
      lotNumber: "KET-2291",
      givenBy: world.users.nurse.id,
      recordedBy: world.users.nurse.id,
      at: new Date("2030-03-04T17:20:00Z"),
    });

    const different = await post(appointmentId, { ...dose, doseMg: "60" });
    expect(different.status).toBe(400);
    expect(different.reply.warning).toBe("60 mg is more than the 50 mg ordered.");
    expect(fieldError(different.reply, "doseMg")).toEqual([
      "60 mg is more than the 50 mg ordered. Check the dose, or confirm that this dose was given.",
    ]);
    expect(await counts(sessionId)).toEqual([1, 0, 0, 0, 0]);
    // A confirmation of another warning confirms nothing.
    expect(
      (
        await post(appointmentId, {
          ...dose,
          doseMg: "70",
          confirmDose: "on",
          confirmedDose: "60 mg is more than the 50 mg ordered.",
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post(appointmentId, {
          ...dose,
          doseMg: "60",
          confirmDose: "on",
          confirmedDose: "60 mg is more than the 50 mg ordered.",
        })
      ).status,
    ).toBe(302);
    expect(await counts(sessionId)).toEqual([2, 0, 0, 0, 0]);

    const record = await sessionRecord(testDb.db, sessionId);
    expect(record?.administrations.map((entry) => [entry.doseMg, entry.differsFromOrder])).toEqual([
      [50, false],
      [60, true],
    ]);
    expect(record?.summary.totalDoseMg).toBe(110);

    const stranger = await post(appointmentId, { ...dose, doseMg: "50", givenBy: world.users.frontdesk.id });
    expect(stranger.status).toBe(400);
    expect(fieldError(stranger.reply, "givenBy")).toEqual(["Choose a nurse or prescriber of the care team."]);
    const noLot = await post(appointmentId, { ...dose, doseMg: "50", lotNumber: " " });
    expect(noLot.status).toBe(400);
    expect(fieldError(noLot.reply, "lotNumber")).toEqual(["Enter the lot number on the vial or package."]);
    expect(await counts(sessionId)).toEqual([2, 0, 0, 0, 0]);
  });

  it("stores the alerts vitals raise and shows them at once", async () => {
    const { appointmentId, sessionId } = await started();
    const vitals = async (values: Record<string, string>, time = "09:15") =>
      post(appointmentId, { intent: "vitals", ...at(time), ...values });
    expect(
      (await vitals({ systolic: "128", diastolic: "82", heartRate: "76", spo2: "98", respiratoryRate: "14" }, "09:06"))
        .status,
    ).toBe(302);
    const high = await vitals({
      systolic: "168",
      diastolic: "104",
      heartRate: "128",
      spo2: "89",
      respiratoryRate: "16",
    });
    expect(high.status).toBe(302);
    const location = high.headers.get("Location")!;
    const entryId = new URL(location, "http://localhost").searchParams.get("entry")!;
    const [stored] = await testDb.db.select().from(vitalsEntry).where(eq(vitalsEntry.id, entryId));
    expect(stored?.alerts).toEqual([
      "Blood pressure 168/104 is above 160/100.",
      "Heart rate 128 is above 120.",
      "SpO₂ 89 % is below 92 %.",
    ]);

    const shown = await page(appointmentId, world.users.nurse.id, location.slice(location.indexOf("?")));
    expect(shown.page.freshAlerts).toEqual(stored?.alerts);
    expect(shown.page.notice).toBe("Vital signs recorded.");
    const rows = shown.page.session!.timeline.filter((row) => row.kind === "vitals");
    expect(rows.map((row) => row.alerts.length)).toEqual([0, 3]);
    expect(shown.page.session!.alerts.map((alert) => alert.text)).toEqual(stored?.alerts);
    expect(shown.page.session!.ranges).toEqual([
      { sign: "systolic", label: "Systolic", range: "128–168" },
      { sign: "diastolic", label: "Diastolic", range: "82–104" },
      { sign: "heartRate", label: "Heart rate", range: "76–128" },
      { sign: "spo2", label: "SpO₂", range: "89–98 %" },
      { sign: "respiratoryRate", label: "Respiratory rate", range: "14–16" },
    ]);
    expect(await counts(sessionId)).toEqual([0, 2, 0, 0, 0]);
  });

  it("uses the clinic's own thresholds", async () => {
    await setClinicSettings(testDb.db, world.clinic.id, { vitalThresholds: { systolicMax: 140, diastolicMax: 90 } });
    const { appointmentId, sessionId } = await started();
    expect(
      (await post(appointmentId, { intent: "vitals", ...at("09:15"), systolic: "150", diastolic: "85" })).status,
    ).toBe(302);
    const [stored] = await testDb.db.select().from(vitalsEntry).where(eq(vitalsEntry.dosingSessionId, sessionId));
    expect(stored?.alerts).toEqual(["Blood pressure 150/85 is above 140/90."]);
    await setClinicSettings(testDb.db, world.clinic.id, {});
  });

  it("refuses values outside physical range with a 400 and writes nothing", async () => {
    const { appointmentId, sessionId } = await started();
    const cases: [Record<string, string>, string, string][] = [
      [{ systolic: "400", diastolic: "80" }, "systolic", "Systolic pressure must be between 40 and 300 mmHg."],
      [{ systolic: "40", diastolic: "300" }, "diastolic", "Diastolic pressure must be between 20 and 200 mmHg."],
      [{ spo2: "120" }, "spo2", "SpO₂ must be between 50 and 100 %."],
      [{ heartRate: "0" }, "heartRate", "Heart rate must be between 20 and 250 beats per minute."],
      [{ respiratoryRate: "100" }, "respiratoryRate", "Respiratory rate must be between 2 and 70 breaths per minute."],
      [{ heartRate: "fast" }, "heartRate", "Enter heart rate as a number from 20 to 250."],
    ];
    for (const [values, field, message] of cases) {
      const response = await post(appointmentId, { intent: "vitals", ...at("09:15"), ...values });
      expect(response.status).toBe(400);
      expect(fieldError(response.reply, field)).toEqual([message]);
    }
    const empty = await post(appointmentId, { intent: "vitals", ...at("09:15") });
    expect(formErrors(empty.reply)).toEqual(["Enter at least one vital sign."]);
    expect(await counts(sessionId)).toEqual([0, 0, 0, 0, 0]);
  });

  it("refuses a time before check-in or in the future", async () => {
    const { appointmentId, sessionId } = await started();
    const before = await post(appointmentId, { intent: "vitals", ...at("08:59"), heartRate: "80" });
    expect(before.status).toBe(400);
    expect(fieldError(before.reply, "time")).toEqual([
      "08:59 is before check-in at 09:05. Enter a time after check-in.",
    ]);
    const future = await post(
      appointmentId,
      { intent: "observation", ...at("09:40"), text: "Resting." },
      world.users.therapist.id,
    );
    expect(future.status).toBe(400);
    expect(fieldError(future.reply, "time")).toEqual(["09:40 is in the future. Enter the time it happened."]);
    const badTime = await post(appointmentId, { intent: "vitals", time: "9.15", heartRate: "80" });
    expect(fieldError(badTime.reply, "time")).toEqual(["Enter the time as hours and minutes, e.g. 10:30."]);
    expect(await counts(sessionId)).toEqual([0, 0, 0, 0, 0]);
  });

  it("records sedation and dissociation checks with the CADSS-6 total", async () => {
    const { appointmentId, sessionId } = await started();
    const items = { cadss1: "1", cadss2: "2", cadss3: "0", cadss4: "3", cadss5: "1", cadss6: "0" };
    expect((await post(appointmentId, { intent: "check", ...at("09:25"), moaas: "4", ...items })).status).toBe(302);
    expect((await post(appointmentId, { intent: "check", ...at("09:26"), moaas: "5" })).status).toBe(302);
    const partial = await post(appointmentId, { intent: "check", ...at("09:27"), cadss1: "2" });
    expect(partial.status).toBe(400);
    expect(formErrors(partial.reply)).toEqual(["Score all 6 CADSS-6 items, or leave them all blank (1 of 6 scored)."]);
    const outOfScale = await post(appointmentId, { intent: "check", ...at("09:27"), moaas: "6" });
    expect(fieldError(outOfScale.reply, "moaas")).toEqual(["Choose a MOAA/S score from 0 to 5."]);
    const checks = await testDb.db
      .select()
      .from(mentalStatusCheck)
      .where(eq(mentalStatusCheck.dosingSessionId, sessionId));
    expect(checks.map((row) => [row.moaas, row.cadssItems, row.cadssTotal])).toEqual([
      [4, [1, 2, 0, 3, 1, 0], 7],
      [5, null, null],
    ]);
    const record = await sessionRecord(testDb.db, sessionId);
    expect(record?.checks[0]?.moaasLabel).toBe("Lethargic response to name spoken in normal tone");
    expect(record?.summary).toMatchObject({ lowestMoaas: 4, highestCadss: 7 });
  });

  it("lets a therapist record observations but not vitals, doses or discharge", async () => {
    const { appointmentId, sessionId } = await started();
    expect(
      (
        await post(
          appointmentId,
          { intent: "observation", ...at("09:20"), text: "Eyes closed, listening to music, calm." },
          world.users.therapist.id,
        )
      ).status,
    ).toBe(302);
    const [row] = await testDb.db.select().from(observation).where(eq(observation.dosingSessionId, sessionId));
    expect(row).toMatchObject({ text: "Eyes closed, listening to music, calm.", recordedBy: world.users.therapist.id });
    for (const form of [
      { intent: "vitals", ...at("09:20"), heartRate: "80" },
      { intent: "administration", ...at("09:20"), doseMg: "50", lotNumber: "L1", givenBy: world.users.nurse.id },
      { intent: "check", ...at("09:20"), moaas: "5" },
      { intent: "adverse-event", ...at("09:20"), kind: "nausea", severity: "mild", actionTaken: "Ondansetron" },
      { intent: "discharge", ...at("09:20"), escortName: "Robin" },
    ]) {
      const response = await post(appointmentId, form, world.users.therapist.id);
      expect(response.status, form.intent).toBe(403);
    }
    expect(await counts(sessionId)).toEqual([0, 0, 0, 1, 0]);
    const therapistPage = await page(appointmentId, world.users.therapist.id);
    expect(therapistPage.page).toMatchObject({ canRecordSession: false, canRecordObservation: true });
    const denied = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(
          eq(auditEntry.actorUserId, world.users.therapist.id),
          eq(auditEntry.action, "record:session"),
          eq(auditEntry.outcome, "denied"),
        ),
      );
    expect(denied.length).toBeGreaterThanOrEqual(5);
  });

  it("records adverse events from the list, and other kinds with a description", async () => {
    const { appointmentId, sessionId } = await started();
    expect(
      (
        await post(appointmentId, {
          intent: "adverse-event",
          ...at("09:21"),
          kind: "anxiety_panic",
          severity: "moderate",
          actionTaken: "Reassured, lights dimmed.",
          resolved: "on",
        })
      ).status,
    ).toBe(302);
    const missingDescription = await post(appointmentId, {
      intent: "adverse-event",
      ...at("09:22"),
      kind: "other",
      severity: "mild",
      actionTaken: "None needed.",
    });
    expect(fieldError(missingDescription.reply, "otherKind")).toEqual(["Describe the event."]);
    expect(
      (
        await post(appointmentId, {
          intent: "adverse-event",
          ...at("09:22"),
          kind: "other",
          otherKind: "Jaw tension",
          severity: "mild",
          actionTaken: "None needed.",
        })
      ).status,
    ).toBe(302);
    const noAction = await post(appointmentId, {
      intent: "adverse-event",
      ...at("09:23"),
      kind: "nausea",
      severity: "mild",
    });
    expect(noAction.status).toBe(400);
    const unknownKind = await post(appointmentId, {
      intent: "adverse-event",
      ...at("09:23"),
      kind: "sneezing",
      severity: "mild",
      actionTaken: "x",
    });
    expect(fieldError(unknownKind.reply, "kind")).toEqual(["Choose the kind of event."]);
    const rows = await testDb.db.select().from(adverseEvent).where(eq(adverseEvent.dosingSessionId, sessionId));
    expect(rows.map((row) => [row.kind, row.severity, row.resolved])).toEqual([
      ["anxiety_panic", "moderate", true],
      ["other: Jaw tension", "mild", false],
    ]);
    const record = await sessionRecord(testDb.db, sessionId);
    expect(record?.adverseEvents.map((entry) => entry.kindLabel)).toEqual(["Anxiety or panic", "Other: Jaw tension"]);
  });

  it("marks an entry entered in error, once, with a reason; it stays in the record but leaves the summaries", async () => {
    const { appointmentId, sessionId } = await started();
    const recorded = await post(appointmentId, { intent: "vitals", ...at("09:15"), systolic: "168", diastolic: "104" });
    const entryId = new URL(recorded.headers.get("Location")!, "http://localhost").searchParams.get("entry")!;
    const noReason = await post(appointmentId, {
      intent: "entered-in-error",
      entryType: "vitals",
      entryId,
      reason: "",
    });
    expect(noReason.status).toBe(400);
    expect(noReason.reply.subject).toBe(entryId);
    const marked = await post(appointmentId, {
      intent: "entered-in-error",
      entryType: "vitals",
      entryId,
      reason: "Cuff on the wrong arm size.",
    });
    expect(marked.status).toBe(302);
    const [row] = await testDb.db.select().from(vitalsEntry).where(eq(vitalsEntry.id, entryId));
    expect(row).toMatchObject({
      systolic: 168,
      enteredInErrorBy: world.users.nurse.id,
      enteredInErrorReason: "Cuff on the wrong arm size.",
      enteredInErrorAt: now,
    });
    const again = await post(appointmentId, {
      intent: "entered-in-error",
      entryType: "vitals",
      entryId,
      reason: "Again.",
    });
    expect(again.status).toBe(409);
    expect(formErrors(again.reply)).toEqual(["This entry is already marked entered in error."]);
    const wrongKind = await post(appointmentId, {
      intent: "entered-in-error",
      entryType: "observation",
      entryId,
      reason: "x",
    });
    expect(wrongKind.status).toBe(404);

    const shown = await page(appointmentId);
    const timelineRow = shown.page.session!.timeline.find((candidate) => candidate.entryId === entryId);
    expect(timelineRow?.enteredInError?.reason).toBe("Cuff on the wrong arm size.");
    expect(shown.page.session!.alerts).toEqual([]);
    expect(shown.page.session!.ranges).toEqual([]);

    // A therapist may correct an observation, not a vitals entry.
    await post(
      appointmentId,
      { intent: "observation", ...at("09:16"), text: "Wrong patient." },
      world.users.therapist.id,
    );
    const [note] = await testDb.db.select().from(observation).where(eq(observation.dosingSessionId, sessionId));
    expect(
      (
        await post(
          appointmentId,
          { intent: "entered-in-error", entryType: "observation", entryId: note!.id, reason: "Wrong patient." },
          world.users.therapist.id,
        )
      ).status,
    ).toBe(302);
    const other = await post(appointmentId, { intent: "vitals", ...at("09:17"), heartRate: "80" });
    const otherId = new URL(other.headers.get("Location")!, "http://localhost").searchParams.get("entry")!;
    expect(
      (
        await post(
          appointmentId,
          { intent: "entered-in-error", entryType: "vitals", entryId: otherId, reason: "x" },
          world.users.therapist.id,
        )
      ).status,
    ).toBe(403);
    const audits = await testDb.db
      .select()
      .from(auditEntry)
      .where(eq(auditEntry.action, "mark-entered-in-error:session"));
    expect(audits.map((entry) => entry.entityId)).toEqual(expect.arrayContaining([entryId, note!.id]));
  });
});

describe("discharge", () => {
  const criteria = {
    vitalsNearBaseline: "on",
    oriented: "on",
    walksSteadily: "on",
    escortPresent: "on",
    toldNotToDrive: "on",
  };

  it("is refused until every criterion is met, naming what is missing", async () => {
    const { appointmentId, sessionId } = await started();
    now = new Date("2030-03-04T19:45:00Z");
    const response = await post(appointmentId, {
      intent: "discharge",
      ...at("11:40"),
      ...criteria,
      walksSteadily: "",
      escortPresent: "",
      escortName: "Robin Escort",
    });
    expect(response.status).toBe(400);
    expect(formErrors(response.reply)).toEqual([
      "The patient cannot be discharged until every criterion is met. Not met yet: walks steadily without help; escort present to take the patient home.",
    ]);
    const noEscort = await post(appointmentId, { intent: "discharge", ...at("11:40"), ...criteria });
    expect(fieldError(noEscort.reply, "escortName")).toEqual(["Enter the name of the escort taking the patient home."]);
    const session = await findDosingSession(testDb.db, world.clinic.id, appointmentId);
    expect(session?.dischargedAt).toBeNull();
    expect(await counts(sessionId)).toEqual([0, 0, 0, 0, 0]);
  });

  it("is refused before the last entry", async () => {
    const { appointmentId } = await started();
    now = new Date("2030-03-04T19:45:00Z");
    await post(appointmentId, { intent: "vitals", ...at("11:30"), heartRate: "72" });
    const early = await post(appointmentId, {
      intent: "discharge",
      ...at("11:00"),
      ...criteria,
      escortName: "Robin Escort",
    });
    expect(early.status).toBe(400);
    expect(fieldError(early.reply, "time")).toEqual(["Discharge at 11:00 would be before the last entry, at 11:30."]);
  });

  it("closes the session with the total minutes and completes the appointment; later writes are refused with 409", async () => {
    const { booked, appointmentId, sessionId } = await started();
    await post(appointmentId, {
      intent: "administration",
      ...at("09:20"),
      doseMg: "50",
      lotNumber: "KET-2291",
      givenBy: world.users.nurse.id,
    });
    now = new Date("2030-03-04T19:45:00Z");
    await post(appointmentId, {
      intent: "vitals",
      ...at("11:30"),
      systolic: "126",
      diastolic: "80",
      heartRate: "72",
      spo2: "98",
      respiratoryRate: "14",
    });
    const loaded = await findDosingSession(testDb.db, world.clinic.id, appointmentId);

    const response = await post(appointmentId, {
      intent: "discharge",
      ...at("11:40"),
      ...criteria,
      escortName: "Robin Escort",
      note: "Steady, oriented, left with escort.",
    });
    expect(response.status).toBe(302);
    const session = await findDosingSession(testDb.db, world.clinic.id, appointmentId);
    expect(session).toMatchObject({
      dischargedAt: new Date("2030-03-04T19:40:00Z"),
      dischargedBy: world.users.nurse.id,
      dischargeEscortName: "Robin Escort",
      dischargeNote: "Steady, oriented, left with escort.",
    });
    expect(session?.dischargeCriteria).toEqual({
      vitalsNearBaseline: true,
      oriented: true,
      walksSteadily: true,
      escortPresent: true,
      toldNotToDrive: true,
    });
    const [row] = await testDb.db
      .select({ status: appointment.status })
      .from(appointment)
      .where(eq(appointment.id, appointmentId));
    expect(row?.status).toBe("completed");
    const record = await sessionRecord(testDb.db, sessionId);
    expect(record?.totalMinutes).toBe(155);
    expect(record?.closed).toBe(true);
    expect(record?.patient.id).toBe(booked.patientId);
    const audited = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.action, "discharge:session"), eq(auditEntry.entityId, sessionId)));
    expect(audited[0]?.detail).toEqual({ dischargedAt: "2030-03-04T19:40:00.000Z", totalMinutes: 155 });

    const shown = await page(appointmentId);
    expect(shown.page.session?.discharge?.totalMinutes).toBe(155);
    expect(shown.page.session?.timeline.at(-1)?.kind).toBe("discharge");
    expect(shown.page.session?.timeline[0]?.kind).toBe("check-in");

    const before = await counts(sessionId);
    for (const [form, userId] of [
      [{ intent: "vitals", ...at("11:41"), heartRate: "70" }, world.users.nurse.id],
      [{ intent: "observation", ...at("11:41"), text: "Late note." }, world.users.therapist.id],
      [
        { intent: "administration", ...at("11:41"), doseMg: "50", lotNumber: "L", givenBy: world.users.nurse.id },
        world.users.nurse.id,
      ],
      [{ intent: "discharge", ...at("11:42"), ...criteria, escortName: "Robin Escort" }, world.users.nurse.id],
      [
        { intent: "entered-in-error", entryType: "vitals", entryId: record!.vitals[0]!.id, reason: "Late." },
        world.users.nurse.id,
      ],
    ] as const) {
      const late = await post(appointmentId, form, userId);
      expect(late.status, form.intent).toBe(409);
      expect(formErrors(late.reply)).toEqual([CLOSED_MESSAGE]);
    }
    expect(await counts(sessionId)).toEqual(before);

    // Even a write that read the session before discharge is refused, by the database's trigger.
    const stale = await recordVitals(
      testDb.db,
      { id: world.users.nurse.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
      { session: loaded!, timeZone: world.clinic.timeZone, now },
      {
        at: new Date("2030-03-04T19:41:00Z"),
        vitals: { systolic: null, diastolic: null, heartRate: 70, spo2: null, respiratoryRate: null },
      },
    );
    expect(stale).toEqual({ ok: false, reason: "conflict", message: CLOSED_MESSAGE });
    expect(await counts(sessionId)).toEqual(before);
  });
});

describe("who may see the session", () => {
  it("answers front desk and admin 403, audited, and another clinic's appointment 404", async () => {
    const { appointmentId, sessionId } = await started();
    for (const userId of [world.users.frontdesk.id, world.users.admin.id]) {
      expect((await page(appointmentId, userId)).status).toBe(403);
      expect((await post(appointmentId, { intent: "observation", ...at("09:20"), text: "x" }, userId)).status).toBe(
        403,
      );
    }
    expect(await counts(sessionId)).toEqual([0, 0, 0, 0, 0]);
    const theirs = await bookDosingSeries(testDb.db, away, [DAY_1]);
    for (const userId of [world.users.nurse.id, world.users.prescriber.id, world.users.therapist.id]) {
      expect((await page(theirs.appointmentIds[0]!, userId)).status).toBe(404);
      expect((await post(theirs.appointmentIds[0]!, { intent: "start" }, userId)).status).toBe(404);
    }
    expect((await page("not-a-uuid")).status).toBe(404);
  });

  it("answers a clinician off the care team 403, and a non-dosing appointment 404", async () => {
    const { appointmentId } = await started();
    const { createStaff } = await import("#test/fixtures");
    const outsider = await createStaff(testDb.db, world.clinic.id, ["nurse"]);
    expect((await page(appointmentId, outsider.id)).status).toBe(403);
    const single = await (
      await import("#app/scheduling/booking.server")
    ).bookAppointments(
      testDb.db,
      { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
      {
        clinicId: world.clinic.id,
        timeZone: world.clinic.timeZone,
        patientId: world.patient.id,
        slots: [
          {
            kind: "integration",
            start: new Date("2030-03-08T17:00:00Z"),
            end: new Date("2030-03-08T18:00:00Z"),
            roomId: null,
            staff: [],
          },
        ],
      },
    );
    expect(single.ok).toBe(true);
    const integration = single.ok ? single.appointmentIds[0]! : "";
    expect((await page(integration)).status).toBe(404);
  });

  it("is linked from the appointment page for those who may read it", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-11T17:00:00Z")]);
    const appointmentId = booked.appointmentIds[0]!;
    const link = async (userId: string): Promise<unknown> => {
      const response = await call(testDb.db, appointmentLoader, `/appointments/${appointmentId}`, {
        userId,
        params: { appointmentId },
      });
      return (response.body as { sessionLink: string | null }).sessionLink;
    };
    expect(await link(world.users.nurse.id)).toBe(`/appointments/${appointmentId}/session`);
    expect(await link(world.users.therapist.id)).toBe(`/appointments/${appointmentId}/session`);
    expect(await link(world.users.frontdesk.id)).toBeNull();
  });

  it("audits every read of the session page", async () => {
    const { appointmentId } = await started();
    await page(appointmentId, world.users.therapist.id);
    const reads = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(
          eq(auditEntry.action, "read:clinical"),
          eq(auditEntry.entityId, appointmentId),
          eq(auditEntry.actorUserId, world.users.therapist.id),
        ),
      );
    expect(reads).toHaveLength(1);
    expect(reads[0]?.entityType).toBe("appointment");
    expect(reads[0]?.detail).toEqual({ view: "dosing session", started: true });
  });
});

describe("at the same moment", () => {
  it("two people pressing Start open one session", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-04T19:00:00Z")]);
    await writeAllPrerequisites(testDb.db, world, booked);
    const appointmentId = booked.appointmentIds[0]!;
    const answers = await Promise.all([
      post(appointmentId, { intent: "start" }),
      post(appointmentId, { intent: "start" }, world.users.prescriber.id),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 409]);
    const sessions = await testDb.db.select().from(dosingSession).where(eq(dosingSession.appointmentId, appointmentId));
    expect(sessions).toHaveLength(1);
    const events = await testDb.db
      .select()
      .from(appointmentEvent)
      .where(and(eq(appointmentEvent.appointmentId, appointmentId), eq(appointmentEvent.action, "status_changed")));
    expect(events).toHaveLength(2);
  });

  it("an entry racing the discharge is either in the record before it closes, or refused", async () => {
    const { appointmentId, sessionId } = await started();
    const criteria = {
      vitalsNearBaseline: "on",
      oriented: "on",
      walksSteadily: "on",
      escortPresent: "on",
      toldNotToDrive: "on",
    };
    const [vitals, discharge] = await Promise.all([
      post(appointmentId, { intent: "vitals", ...at("09:25"), heartRate: "72" }),
      post(appointmentId, { intent: "discharge", ...at("09:29"), ...criteria, escortName: "Robin Escort" }),
    ]);
    expect(discharge.status).toBe(302);
    expect([302, 409]).toContain(vitals.status);
    expect((await counts(sessionId))[1]).toBe(vitals.status === 302 ? 1 : 0);
  });
});

describe("sessionRecord", () => {
  it("returns the whole record, with who recorded what, in a stable shape", async () => {
    const { booked, appointmentId, sessionId } = await started();
    const nurse = world.users.nurse;
    await post(appointmentId, {
      intent: "vitals",
      ...at("09:06"),
      systolic: "126",
      diastolic: "80",
      heartRate: "74",
      spo2: "98",
      respiratoryRate: "14",
    });
    await post(appointmentId, {
      intent: "administration",
      ...at("09:10"),
      doseMg: "50",
      lotNumber: "KET-2291",
      givenBy: world.users.prescriber.id,
    });
    await post(appointmentId, {
      intent: "vitals",
      ...at("09:20"),
      systolic: "170",
      diastolic: "96",
      heartRate: "88",
      spo2: "97",
      respiratoryRate: "16",
    });
    await post(appointmentId, {
      intent: "check",
      ...at("09:22"),
      moaas: "4",
      cadss1: "2",
      cadss2: "2",
      cadss3: "1",
      cadss4: "1",
      cadss5: "0",
      cadss6: "0",
    });
    await post(
      appointmentId,
      { intent: "observation", ...at("09:24"), text: "Describes floating." },
      world.users.therapist.id,
    );
    await post(appointmentId, {
      intent: "adverse-event",
      ...at("09:25"),
      kind: "nausea",
      severity: "mild",
      actionTaken: "Ondansetron 4 mg ODT.",
      resolved: "on",
    });
    now = new Date("2030-03-04T19:30:00Z");
    await post(appointmentId, {
      intent: "discharge",
      ...at("11:15"),
      vitalsNearBaseline: "on",
      oriented: "on",
      walksSteadily: "on",
      escortPresent: "on",
      toldNotToDrive: "on",
      escortName: "Robin Escort",
    });

    const record = await sessionRecord(testDb.db, sessionId);
    expect(Object.keys(record!).sort()).toEqual(
      [
        "id",
        "clinicId",
        "appointmentId",
        "seriesId",
        "patient",
        "appointment",
        "checkedInAt",
        "openedBy",
        "order",
        "administrations",
        "vitals",
        "checks",
        "observations",
        "adverseEvents",
        "discharge",
        "closed",
        "totalMinutes",
        "summary",
        "signOff",
        "version",
      ].sort(),
    );
    const staff = (user: { id: string; name: string }) => ({ id: user.id, name: user.name, credentials: "" });
    expect(record).toMatchObject({
      appointmentId,
      seriesId: booked.seriesId,
      appointment: { id: appointmentId, doseNumber: 1, status: "completed" },
      checkedInAt: new Date("2030-03-04T17:05:00Z"),
      openedBy: staff(nurse),
      order: {
        drug: "ketamine",
        route: "IM",
        doseMg: 50,
        mgPerKg: 0.714,
        weightKg: 70,
        orderedBy: staff(world.users.prescriber),
        discontinuedAt: null,
      },
      closed: true,
      totalMinutes: 130,
      signOff: null,
    });
    expect(record!.administrations[0]).toMatchObject({
      doseMg: 50,
      lotNumber: "KET-2291",
      givenBy: staff(world.users.prescriber),
      recordedBy: staff(nurse),
      differsFromOrder: false,
      enteredInError: null,
    });
    expect(record!.vitals.map((entry) => entry.alerts)).toEqual([[], ["Blood pressure 170/96 is above 160/100."]]);
    expect(record!.checks[0]).toMatchObject({ moaas: 4, cadssItems: [2, 2, 1, 1, 0, 0], cadssTotal: 6 });
    expect(record!.observations[0]).toMatchObject({
      text: "Describes floating.",
      recordedBy: staff(world.users.therapist),
    });
    expect(record!.adverseEvents[0]).toMatchObject({
      kind: "nausea",
      kindLabel: "Nausea",
      severity: "mild",
      actionTaken: "Ondansetron 4 mg ODT.",
      resolved: true,
    });
    expect(record!.discharge).toMatchObject({
      at: new Date("2030-03-04T19:15:00Z"),
      by: staff(nurse),
      escortName: "Robin Escort",
      note: "",
    });
    expect(record!.discharge!.criteriaList.every((criterion) => criterion.met)).toBe(true);
    expect(record!.summary).toEqual({
      totalDoseMg: 50,
      vitalsRanges: {
        systolic: { min: 126, max: 170, count: 2 },
        diastolic: { min: 80, max: 96, count: 2 },
        heartRate: { min: 74, max: 88, count: 2 },
        spo2: { min: 97, max: 98, count: 2 },
        respiratoryRate: { min: 14, max: 16, count: 2 },
      },
      alerts: [
        {
          at: new Date("2030-03-04T17:20:00Z"),
          vitalsEntryId: record!.vitals[1]!.id,
          text: "Blood pressure 170/96 is above 160/100.",
        },
      ],
      adverseEventCount: 1,
      lowestMoaas: 4,
      highestCadss: 6,
    });
    expect(await sessionRecord(testDb.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
