import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { administration, dosingSession, measureResponse, vitalsEntry } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, respond, routeArgs, TEST_PASSWORD } from "#test/fixtures";
import { expectAccessible, renderPage } from "#test/render-page";
import { jumpClock } from "#app/auth/step-up-testing";
import SignOffQueue, { loader as queueLoader } from "#app/routes/sign-off/queue";
import SignOffSessionPage, { action as signAction, loader as signLoader } from "#app/routes/sign-off/session";
import { bookAppointments } from "#app/scheduling/booking.server";

const testDb = setupTestDatabase();

afterEach(() => {
  vi.restoreAllMocks();
});
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let cookie: string;
let sessionId: string;

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  cookie = await cookieFor(testDb.db, world.users.prescriber.id);
  const start = new Date(Math.floor((Date.now() - 2 * 86_400_000) / 86_400_000) * 86_400_000 + 17 * 3_600_000);
  const booked = await bookAppointments(
    testDb.db,
    { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: world.clinic.id,
      timeZone: world.clinic.timeZone,
      patientId: world.patient.id,
      series: {
        templateId: null,
        rules: {},
        prescriberId: world.users.prescriber.id,
        therapistId: world.users.therapist.id,
      },
      slots: [
        {
          kind: "dosing",
          doseNumber: 1,
          start,
          end: new Date(start.getTime() + 3 * 3_600_000),
          roomId: null,
          staff: [],
        },
      ],
    },
  );
  if (!booked.ok || !booked.seriesId) {
    throw new Error("setup booking failed");
  }
  const nurse = world.users.nurse.id;
  const at = (minutes: number): Date => new Date(start.getTime() + minutes * 60_000);
  const [session] = await testDb.db
    .insert(dosingSession)
    .values({
      clinicId: world.clinic.id,
      appointmentId: booked.appointmentIds[0]!,
      seriesId: booked.seriesId,
      patientId: world.patient.id,
      checkedInAt: start,
      openedBy: nurse,
      dischargedAt: at(140),
      dischargedBy: nurse,
      dischargeEscortName: "Sam Escort",
      dischargeCriteria: {
        vitalsNearBaseline: true,
        oriented: true,
        walksSteadily: true,
        escortPresent: true,
        toldNotToDrive: true,
      },
    })
    .returning({ id: dosingSession.id });
  sessionId = session!.id;
  const entry = { clinicId: world.clinic.id, dosingSessionId: sessionId, recordedBy: nurse };
  await testDb.db
    .insert(administration)
    .values({ ...entry, at: at(10), drug: "ketamine", route: "IM", doseMg: "50", lotNumber: "KX-204", givenBy: nurse });
  await testDb.db.insert(vitalsEntry).values({
    ...entry,
    at: at(30),
    systolic: 166,
    diastolic: 101,
    heartRate: 90,
    spo2: 96,
    respiratoryRate: 15,
    alerts: ["Blood pressure 166/101 is above 160/100."],
  });
  await testDb.db.insert(measureResponse).values({
    clinicId: world.clinic.id,
    patientId: world.patient.id,
    seriesId: booked.seriesId,
    instrument: "phq9",
    context: "pre_dose",
    items: [1, 1, 1, 1, 1, 1, 1, 1, 2],
    total: 10,
    severity: "moderate",
    alert: "PHQ-9 item 9 answered “More than half the days”.",
    completedAt: at(-20),
    recordedBy: world.users.therapist.id,
  });
});

describe("the sign-off pages render", () => {
  it("the queue, with the item 9 alert and the vital-sign alert", async () => {
    const loaded = await respond(() => queueLoader(routeArgs("/sign-off", { cookie }) as never));
    const html = renderPage("/sign-off", SignOffQueue, loaded.body);
    expectAccessible(html);
    expect(html).toContain("One session awaits");
    expect(html).toContain("PHQ-9 item 9 — thoughts of self-harm:");
    expect(html).toContain("Blood pressure 166/101 is above 160/100.");
    expect(html).toContain("50 mg, lot KX-204");
    expect(html).toContain(`href="/sign-off/${sessionId}"`);
  });

  it("the sign-off page, its form, the step-up after 5 minutes with a wrong password, and the signed state", async () => {
    const path = `/sign-off/${sessionId}`;
    const params = { dosingSessionId: sessionId };
    const loaded = await respond(() => signLoader(routeArgs(path, { cookie, params }) as never));
    const html = renderPage(path, SignOffSessionPage, loaded.body);
    expectAccessible(html);
    expect(html).toContain("<legend>Sign off this session</legend>");
    expect(html).not.toContain('type="password"');
    expect(html).toContain("Everything recorded during the session, oldest first");

    const digest = (loaded.body as { digest: string }).digest;
    jumpClock();
    const stale = await respond(() => signLoader(routeArgs(path, { cookie, params }) as never));
    const asking = renderPage(path, SignOffSessionPage, stale.body);
    expectAccessible(asking);
    expect(asking).toContain("<legend>Confirm it is you</legend>");
    expect(asking).toContain('type="password"');
    const wrong = await respond(() =>
      signAction(
        routeArgs(path, {
          cookie,
          params,
          form: { digest, attest: "on", stepUpMethod: "password", stepUpPassword: "a wrong password" },
        }) as never,
      ),
    );
    expect(wrong.status).toBe(400);
    const withError = renderPage(path, SignOffSessionPage, stale.body, wrong.body);
    expect(withError).toContain("That password is not right.");
    expect(withError).not.toContain("a wrong password");

    const signed = await respond(() =>
      signAction(
        routeArgs(path, {
          cookie,
          params,
          form: { digest, attest: "on", stepUpMethod: "password", stepUpPassword: TEST_PASSWORD },
        }) as never,
      ),
    );
    expect(signed.status).toBe(302);
    const after = await respond(() => signLoader(routeArgs(`${path}?signed=1`, { cookie, params }) as never));
    const done = renderPage(`${path}?signed=1`, SignOffSessionPage, after.body);
    expectAccessible(done);
    expect(done).toContain("Signed off. The sign-off cannot be changed.");
    expect(done).toContain(`Signed off by ${world.users.prescriber.name} on`);
    expect(done).not.toContain("<form");
  });
});
