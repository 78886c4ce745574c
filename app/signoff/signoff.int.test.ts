import { eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  administration,
  adverseEvent,
  careTeamMember,
  dosingSession,
  measureResponse,
  signOff,
  vitalsEntry,
} from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import {
  cookieFor,
  createClinicWithTeam,
  createPatient,
  createStaff,
  respond,
  routeArgs,
  TEST_PASSWORD,
} from "#test/fixtures";
import { auditEntries, rowCount } from "#app/patients/route-testing";
import { jumpClock } from "#app/auth/step-up-testing";
import { loader as queueLoader } from "#app/routes/sign-off/queue";
import { action as signAction, loader as signLoader } from "#app/routes/sign-off/session";
import { bookAppointments } from "#app/scheduling/booking.server";
import type { ReviewSummary } from "./review-summary";
import { awaitingSignOffCount, signOffQueue } from "./signoff.server";

const testDb = setupTestDatabase();

afterEach(() => {
  vi.restoreAllMocks();
});

type World = Awaited<ReturnType<typeof createClinicWithTeam>>;
type Staff = Awaited<ReturnType<typeof createStaff>>;
let home: World;
let away: World;
/** A second prescriber on the patient's care team, one of the clinic not on it, and a patient of the outsider. */
let coPrescriber: Staff;
let outsider: Staff;
let outsiderPatientSession: string;
let outsiderPatientId: string;
let seriesId: string;
let appointmentIds: string[];
let awaySession: string;
const cookies = new Map<string, string>();

const DAY = 86_400_000;
// Recent days, so the latest measures' item 9 alert (30 days) is still open.
const firstDay = Math.floor((Date.now() - 20 * DAY) / DAY) * DAY + 17 * 3_600_000;
const dayStart = (index: number): Date => new Date(firstDay + index * 3 * DAY);

async function bookDoses(
  world: World,
  patientId: string,
  prescriberId: string,
  count: number,
  offset = 0,
): Promise<{ seriesId: string; appointmentIds: string[] }> {
  const booked = await bookAppointments(
    testDb.db,
    { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: world.clinic.id,
      timeZone: world.clinic.timeZone,
      patientId,
      series: { templateId: null, rules: {}, prescriberId, therapistId: world.users.therapist.id },
      slots: Array.from({ length: count }, (_unused, index) => ({
        kind: "dosing" as const,
        doseNumber: index + 1,
        start: new Date(dayStart(index).getTime() + offset),
        end: new Date(dayStart(index).getTime() + offset + 3 * 3_600_000),
        roomId: null,
        staff: [],
      })),
    },
  );
  if (!booked.ok || !booked.seriesId) {
    throw new Error("setup booking failed");
  }
  return { seriesId: booked.seriesId, appointmentIds: booked.appointmentIds };
}

/** A dosing session with its record; discharged unless told otherwise. */
async function recordSession(
  world: World,
  appointmentId: string,
  patientId: string,
  series: string,
  index: number,
  options: { discharged?: boolean; alert?: boolean } = {},
): Promise<string> {
  const start = dayStart(index);
  const at = (minutes: number): Date => new Date(start.getTime() + minutes * 60_000);
  const nurse = world.users.nurse.id;
  const [session] = await testDb.db
    .insert(dosingSession)
    .values({
      clinicId: world.clinic.id,
      appointmentId,
      seriesId: series,
      patientId,
      checkedInAt: start,
      openedBy: nurse,
      ...(options.discharged === false
        ? {}
        : {
            dischargedAt: at(150),
            dischargedBy: nurse,
            dischargeEscortName: "Sam Escort",
            dischargeCriteria: {
              vitalsNearBaseline: true,
              oriented: true,
              walksSteadily: true,
              escortPresent: true,
              toldNotToDrive: true,
            },
          }),
    })
    .returning({ id: dosingSession.id });
  const dosingSessionId = session!.id;
  const entry = { clinicId: world.clinic.id, dosingSessionId, recordedBy: nurse };
  await testDb.db.insert(administration).values({
    ...entry,
    at: at(10),
    drug: "ketamine",
    route: "IM",
    doseMg: "50",
    lotNumber: `LOT-${index}`,
    givenBy: nurse,
  });
  await testDb.db.insert(vitalsEntry).values([
    { ...entry, at: at(5), systolic: 124, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 },
    options.alert
      ? {
          ...entry,
          at: at(40),
          systolic: 168,
          diastolic: 104,
          heartRate: 96,
          spo2: 95,
          respiratoryRate: 16,
          alerts: ["Blood pressure 168/104 is above 160/100."],
        }
      : { ...entry, at: at(40), systolic: 132, diastolic: 84, heartRate: 80, spo2: 97, respiratoryRate: 16 },
  ]);
  if (options.alert) {
    await testDb.db.insert(adverseEvent).values({
      ...entry,
      at: at(45),
      kind: "nausea",
      severity: "mild",
      actionTaken: "Ondansetron 4 mg ODT",
      resolved: true,
    });
  }
  return dosingSessionId;
}

beforeAll(async () => {
  home = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
  coPrescriber = await createStaff(testDb.db, home.clinic.id, ["prescriber"], { name: "Cory Co-Prescriber" });
  outsider = await createStaff(testDb.db, home.clinic.id, ["prescriber"], { name: "Olive Outsider" });
  await testDb.db
    .insert(careTeamMember)
    .values({ clinicId: home.clinic.id, patientId: home.patient.id, userId: coPrescriber.id, role: "prescriber" });

  const booked = await bookDoses(home, home.patient.id, home.users.prescriber.id, 6);
  seriesId = booked.seriesId;
  appointmentIds = booked.appointmentIds;
  await testDb.db.insert(measureResponse).values({
    clinicId: home.clinic.id,
    patientId: home.patient.id,
    seriesId,
    instrument: "phq9",
    context: "pre_dose",
    items: [2, 2, 1, 1, 2, 1, 1, 1, 1],
    total: 12,
    severity: "moderate",
    alert:
      "PHQ-9 item 9 answered “Several days”: thoughts that they would be better off dead or of hurting themselves.",
    completedAt: new Date(dayStart(0).getTime() - 30 * 60_000),
    recordedBy: home.users.therapist.id,
  });

  const theirs = await createPatient(testDb.db, home.clinic.id, [
    { userId: outsider.id, role: "prescriber" },
    { userId: home.users.therapist.id, role: "therapist" },
  ]);
  outsiderPatientId = theirs.id;
  const outsiderBooked = await bookDoses(home, theirs.id, outsider.id, 1, 3_600_000 * 4);
  outsiderPatientSession = await recordSession(
    home,
    outsiderBooked.appointmentIds[0]!,
    theirs.id,
    outsiderBooked.seriesId,
    0,
  );

  const awayBooked = await bookDoses(away, away.patient.id, away.users.prescriber.id, 1);
  awaySession = await recordSession(away, awayBooked.appointmentIds[0]!, away.patient.id, awayBooked.seriesId, 0);
});

async function cookie(userId: string): Promise<string> {
  let value = cookies.get(userId);
  if (!value) {
    value = await cookieFor(testDb.db, userId);
    cookies.set(userId, value);
  }
  return value;
}

async function queue(userId: string, path = "/sign-off") {
  return respond(async () => queueLoader(routeArgs(path, { cookie: await cookie(userId) }) as never));
}

async function open(userId: string, dosingSessionId: string) {
  return respond(async () =>
    signLoader(
      routeArgs(`/sign-off/${dosingSessionId}`, { cookie: await cookie(userId), params: { dosingSessionId } }) as never,
    ),
  );
}

async function sign(userId: string, dosingSessionId: string, form: Record<string, string>) {
  return respond(async () =>
    signAction(
      routeArgs(`/sign-off/${dosingSessionId}`, {
        cookie: await cookie(userId),
        params: { dosingSessionId },
        form,
      }) as never,
    ),
  );
}

/** Opens the page as the user would, and signs with what it showed. */
async function openAndSign(userId: string, dosingSessionId: string, form: Record<string, string> = {}) {
  const page = await open(userId, dosingSessionId);
  expect(page.status).toBe(200);
  const digest = (page.body as { digest: string }).digest;
  return sign(userId, dosingSessionId, { digest, attest: "on", ...form });
}

function errorsOf(body: unknown): string[] {
  const result = (body as { result?: { error?: Record<string, string[] | null> } }).result;
  return Object.values(result?.error ?? {}).flatMap((errors) => errors ?? []);
}

function queued(body: unknown): ReviewSummary[] {
  return (body as { sessions: ReviewSummary[] }).sessions;
}

describe("the sign-off queue", () => {
  let first: string;
  let second: string;
  let open3: string;

  beforeAll(async () => {
    // Recorded out of order: the queue sorts by discharge, oldest first.
    second = await recordSession(home, appointmentIds[1]!, home.patient.id, seriesId, 1);
    first = await recordSession(home, appointmentIds[0]!, home.patient.id, seriesId, 0, { alert: true });
    open3 = await recordSession(home, appointmentIds[2]!, home.patient.id, seriesId, 2, { discharged: false });
  });

  it("lists the discharged, unsigned sessions of the series' prescriber, oldest first, with what to review", async () => {
    const response = await queue(home.users.prescriber.id);
    expect(response.status).toBe(200);
    const sessions = queued(response.body);
    expect(sessions.map((session) => session.sessionId)).toEqual([first, second]);
    const [top] = sessions;
    expect(top).toMatchObject({
      title: "Dosing session 1",
      patient: { id: home.patient.id },
      dose: { total: "50 mg", lots: ["LOT-0"] },
    });
    expect(top!.vitals).toEqual([
      { sign: "Blood pressure", range: "124–168 / 80–104 mmHg" },
      { sign: "Heart rate", range: "72–96 /min" },
      { sign: "SpO₂", range: "95–98 %" },
      { sign: "Respiratory rate", range: "14–16 /min" },
    ]);
    expect(top!.alerts.map((alert) => alert.text)).toEqual(["Blood pressure 168/104 is above 160/100."]);
    expect(top!.adverseEvents).toEqual([
      expect.objectContaining({ kind: "Nausea", severity: "mild", actionTaken: "Ondansetron 4 mg ODT" }),
    ]);
    expect(top!.measures).toEqual([expect.objectContaining({ name: "PHQ-9", item9: true })]);
    expect(top!.item9Alert?.text).toMatch(/item 9/u);
    expect(sessions.map((session) => session.sessionId)).not.toContain(open3);
    expect(
      await awaitingSignOffCount(testDb.db, {
        ...home.users.prescriber,
        clinicId: home.clinic.id,
        ip: "",
        sessionId: "",
        clinicName: "",
        timeZone: "UTC",
      } as never),
    ).toBe(2);
  });

  it("pages the queue oldest first, keeps a page number in range, and counts every waiting session", async () => {
    const viewer = {
      ...home.users.prescriber,
      clinicId: home.clinic.id,
      ip: "",
      sessionId: "",
      clinicName: "",
      timeZone: "UTC",
    } as never;
    const pages = await Promise.all(
      ["1", "2", "9", "zero", null].map((page) => signOffQueue(testDb.db, viewer, { page, pageSize: 1 })),
    );
    expect(
      pages.map((found) => [
        found.page,
        found.pageCount,
        found.total,
        found.sessions.map((session) => session.sessionId),
      ]),
    ).toEqual([
      [1, 2, 2, [first]],
      [2, 2, 2, [second]],
      [2, 2, 2, [second]],
      [1, 2, 2, [first]],
      [1, 2, 2, [first]],
    ]);
    const response = await queue(home.users.prescriber.id, "/sign-off?page=7");
    expect(response.body).toMatchObject({ page: 1, pageCount: 1, total: 2 });
  });

  it("audits each session it shows as a read of that patient's record", async () => {
    await queue(home.users.prescriber.id);
    const reads = await auditEntries(testDb.db, {
      actorUserId: home.users.prescriber.id,
      action: "read:clinical",
      entityId: first,
    });
    expect(reads.at(-1)).toMatchObject({ patientId: home.patient.id, detail: { view: "sign-off queue" } });
  });

  it("shows a prescriber on the care team the same sessions, and nobody else's", async () => {
    expect(queued((await queue(coPrescriber.id)).body).map((session) => session.sessionId)).toEqual([first, second]);
    expect(queued((await queue(outsider.id)).body).map((session) => session.sessionId)).toEqual([
      outsiderPatientSession,
    ]);
    expect(queued((await queue(away.users.prescriber.id)).body).map((session) => session.sessionId)).toEqual([
      awaySession,
    ]);
  });

  it("is refused to nurses, therapists, front desk and admin", async () => {
    for (const role of ["nurse", "therapist", "frontdesk", "admin"] as const) {
      expect((await queue(home.users[role].id)).status, role).toBe(403);
    }
  });
});

describe("signing off a session", () => {
  let sessionId: string;

  beforeAll(async () => {
    sessionId = await recordSession(home, appointmentIds[3]!, home.patient.id, seriesId, 3, { alert: true });
  });

  it("shows the full record", async () => {
    const page = await open(home.users.prescriber.id, sessionId);
    expect(page.status).toBe(200);
    const body = page.body as { summary: ReviewSummary; discharged: boolean; signed: unknown; attestation: string };
    expect(body.discharged).toBe(true);
    expect(body.signed).toBeNull();
    expect(body.attestation).toMatch(/^I have reviewed the record of this dosing session/u);
    expect(body.summary.timeline.map((line) => line.what)).toEqual([
      "Check-in",
      "Vital signs",
      "Dose given",
      "Vital signs",
      "Adverse event",
      "Discharge",
    ]);
  });

  it("more than 5 minutes after the last verification, refuses a wrong password (step-up) with 400, writing nothing, and audits the failure", async () => {
    const before = await rowCount(testDb.db, signOff);
    const page = await open(home.users.prescriber.id, sessionId);
    jumpClock();
    const digest = (page.body as { digest: string }).digest;
    const response = await sign(home.users.prescriber.id, sessionId, {
      digest,
      attest: "on",
      stepUpMethod: "password",
      stepUpPassword: "not my password at all",
    });
    expect(response.status).toBe(400);
    expect(errorsOf(response.body)).toEqual(["That password is not right. Enter the password you sign in with."]);
    expect(await rowCount(testDb.db, signOff)).toBe(before);
    const failures = await auditEntries(testDb.db, {
      actorUserId: home.users.prescriber.id,
      action: "step-up",
      entityId: sessionId,
      outcome: "failure",
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.detail).toEqual({ factor: "password", for: "sign:session" });
  });

  it("refuses a sign-off without the attestation, or (after 5 minutes) without the password, with 400", async () => {
    const before = await rowCount(testDb.db, signOff);
    const unticked = await openAndSign(home.users.prescriber.id, sessionId, { attest: "" });
    expect(unticked.status).toBe(400);
    expect(errorsOf(unticked.body)).toEqual(["Tick the box to confirm that you reviewed the record."]);
    const page = await open(home.users.prescriber.id, sessionId);
    jumpClock();
    const unconfirmed = await sign(home.users.prescriber.id, sessionId, {
      digest: (page.body as { digest: string }).digest,
      attest: "on",
    });
    expect(unconfirmed.status).toBe(400);
    expect((unconfirmed.body as { stepUp?: { required: boolean; methods: string[] } }).stepUp).toMatchObject({
      required: true,
      methods: ["password"],
    });
    expect(await rowCount(testDb.db, signOff)).toBe(before);
  });

  it("refuses with 409 when the record changed after the page was opened", async () => {
    const page = await open(home.users.prescriber.id, sessionId);
    const digest = (page.body as { digest: string }).digest;
    const [entry] = await testDb.db
      .select()
      .from(vitalsEntry)
      .where(eq(vitalsEntry.dosingSessionId, sessionId))
      .limit(1);
    await testDb.db
      .update(vitalsEntry)
      .set({
        enteredInErrorAt: new Date(),
        enteredInErrorBy: home.users.nurse.id,
        enteredInErrorReason: "wrong cuff size",
      })
      .where(eq(vitalsEntry.id, entry!.id));
    const response = await sign(home.users.prescriber.id, sessionId, { digest, attest: "on" });
    expect(response.status).toBe(409);
    expect(errorsOf(response.body)).toEqual([
      "The record of this session changed since you opened it. Review it again, then sign.",
    ]);
    const [row] = await testDb.db.select().from(signOff).where(eq(signOff.dosingSessionId, sessionId));
    expect(row).toBeUndefined();
  });

  it("signs: stores the attestation and the summary the prescriber saw, audited, and leaves the queue", async () => {
    const page = await open(home.users.prescriber.id, sessionId);
    const shown = (page.body as { summary: ReviewSummary }).summary;
    const response = await openAndSign(home.users.prescriber.id, sessionId);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/sign-off/${sessionId}?signed=1`);
    const [row] = await testDb.db.select().from(signOff).where(eq(signOff.dosingSessionId, sessionId));
    expect(row).toMatchObject({ prescriberId: home.users.prescriber.id, clinicId: home.clinic.id });
    expect(row!.attestation).toMatch(/^I have reviewed the record of this dosing session/u);
    expect(row!.reviewed).toEqual(JSON.parse(JSON.stringify(shown)));
    const entries = await auditEntries(testDb.db, { action: "sign:session", entityId: sessionId, outcome: "success" });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: home.users.prescriber.id,
      patientId: home.patient.id,
      detail: { signOffId: row!.id, confirmedBy: "recent" },
    });
    expect(queued((await queue(home.users.prescriber.id)).body).map((session) => session.sessionId)).not.toContain(
      sessionId,
    );
    const after = await open(home.users.prescriber.id, sessionId);
    expect((after.body as { signed: { by: string } | null }).signed?.by).toBe(home.users.prescriber.name);
  });

  it("refuses a second sign-off with 409, and the database refuses any change to a sign-off", async () => {
    const before = await rowCount(testDb.db, signOff);
    const again = await openAndSign(coPrescriber.id, sessionId);
    expect(again.status).toBe(409);
    expect(errorsOf(again.body)[0]).toMatch(/already signed off by .* A sign-off cannot be changed\./u);
    expect(await rowCount(testDb.db, signOff)).toBe(before);
    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update sign_off set attestation = 'changed' where dosing_session_id = ${sessionId}`),
      ),
    ).toMatch(/append-only/u);
    expect(
      await databaseRefusal(testDb.db.execute(sql`delete from sign_off where dosing_session_id = ${sessionId}`)),
    ).toMatch(/append-only/u);
  });

  it("lets exactly one of two prescribers signing at once win", async () => {
    const race = await recordSession(home, appointmentIds[4]!, home.patient.id, seriesId, 4);
    const pages = await Promise.all([open(home.users.prescriber.id, race), open(coPrescriber.id, race)]);
    const digests = pages.map((page) => (page.body as { digest: string }).digest);
    const results = await Promise.all([
      sign(home.users.prescriber.id, race, { digest: digests[0]!, attest: "on" }),
      sign(coPrescriber.id, race, { digest: digests[1]!, attest: "on" }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([302, 409]);
    expect(await testDb.db.select().from(signOff).where(eq(signOff.dosingSessionId, race))).toHaveLength(1);
  });

  it("refuses a session not yet discharged with 409", async () => {
    const notYet = await recordSession(home, appointmentIds[5]!, home.patient.id, seriesId, 5, { discharged: false });
    const page = await open(home.users.prescriber.id, notYet);
    expect((page.body as { discharged: boolean }).discharged).toBe(false);
    const response = await openAndSign(home.users.prescriber.id, notYet);
    expect(response.status).toBe(409);
    expect(errorsOf(response.body)).toEqual([
      "This session has not been discharged yet. Sign off once the nurse has recorded the discharge.",
    ]);
  });
});

describe("the waiting list the queue reads (sign_off_pending)", () => {
  it("holds exactly the discharged sessions without a sign-off, kept by the database itself", async () => {
    const expected = await testDb.db.execute<{ id: string }>(
      sql`select d.id from dosing_session d where d.discharged_at is not null and not exists (select 1 from sign_off s where s.dosing_session_id = d.id) order by d.id`,
    );
    const pending = await testDb.db.execute<{ id: string }>(
      sql`select dosing_session_id as id from sign_off_pending order by dosing_session_id`,
    );
    const ids = (result: unknown): string[] =>
      ((Array.isArray(result) ? result : (result as { rows: { id: string }[] }).rows) as { id: string }[]).map(
        (row) => row.id,
      );
    expect(ids(expected).length).toBeGreaterThan(0);
    expect(ids(pending)).toEqual(ids(expected));
    // An open session is not waiting; discharging it (the only update a trigger allows) puts it on the list.
    // The session left open by "refuses a session not yet discharged" above.
    const [{ id: opened } = { id: "" }] = await testDb.db
      .select({ id: dosingSession.id })
      .from(dosingSession)
      .where(eq(dosingSession.appointmentId, appointmentIds[5]!));
    expect(opened).not.toBe("");
    expect(
      ids(
        await testDb.db.execute(
          sql`select dosing_session_id as id from sign_off_pending where dosing_session_id = ${opened}`,
        ),
      ),
    ).toEqual([]);
    await testDb.db
      .update(dosingSession)
      .set({ dischargedAt: sql`checked_in_at + interval '2 hours'` })
      .where(eq(dosingSession.id, opened));
    expect(
      ids(
        await testDb.db.execute(
          sql`select dosing_session_id as id from sign_off_pending where dosing_session_id = ${opened}`,
        ),
      ),
    ).toEqual([opened]);
  });
});

describe("who may sign off", () => {
  it("refuses a prescriber who is not on the patient's care team with 403, audited", async () => {
    const theirs = await open(home.users.prescriber.id, outsiderPatientSession);
    expect(theirs.status).toBe(403);
    const before = await rowCount(testDb.db, signOff);
    const response = await sign(home.users.prescriber.id, outsiderPatientSession, {
      digest: "0".repeat(64),
      attest: "on",
    });
    expect(response.status).toBe(403);
    expect(await rowCount(testDb.db, signOff)).toBe(before);
    const denied = await auditEntries(testDb.db, {
      actorUserId: home.users.prescriber.id,
      action: "sign:session",
      patientId: outsiderPatientId,
      outcome: "denied",
    });
    expect(denied).toHaveLength(2);
  });

  it("refuses nurses, therapists, front desk and admin with 403", async () => {
    for (const role of ["nurse", "therapist", "frontdesk", "admin"] as const) {
      expect((await open(home.users[role].id, outsiderPatientSession)).status, role).toBe(403);
      expect(
        (await sign(home.users[role].id, outsiderPatientSession, { digest: "0".repeat(64), attest: "on" })).status,
        role,
      ).toBe(403);
    }
  });

  it("answers 404 for another clinic's session and an unknown id, audited", async () => {
    expect((await open(home.users.prescriber.id, awaySession)).status).toBe(404);
    expect((await sign(home.users.prescriber.id, awaySession, { digest: "0".repeat(64), attest: "on" })).status).toBe(
      404,
    );
    expect((await open(home.users.prescriber.id, "not-a-uuid")).status).toBe(404);
    const missing = await auditEntries(testDb.db, {
      actorUserId: home.users.prescriber.id,
      entityId: awaySession,
      outcome: "not_found",
    });
    expect(missing).toHaveLength(2);
    expect(missing[0]?.patientId).toBeNull();
  });

  it("stops guessing: after five wrong step-up passwords even the right one waits (429)", async () => {
    const guesser = await createStaff(testDb.db, home.clinic.id, ["prescriber"]);
    await testDb.db
      .insert(careTeamMember)
      .values({ clinicId: home.clinic.id, patientId: home.patient.id, userId: guesser.id, role: "prescriber" });
    const target = queued((await queue(guesser.id)).body)[0]!.sessionId;
    jumpClock();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(
        (await openAndSign(guesser.id, target, { stepUpMethod: "password", stepUpPassword: `wrong guess ${attempt}` }))
          .status,
      ).toBe(400);
    }
    const blocked = await openAndSign(guesser.id, target, { stepUpMethod: "password", stepUpPassword: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(await testDb.db.select().from(signOff).where(eq(signOff.dosingSessionId, target))).toHaveLength(0);
  });
});
