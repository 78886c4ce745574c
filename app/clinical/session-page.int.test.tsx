import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "#test/db";
import { expectAccessible, renderPage } from "#test/render-page";
import { createClinicWithTeam } from "#test/fixtures";
import { clock } from "#app/auth/clock";
import SessionDayPage, { action, loader } from "#app/routes/appointment-session";
import { call } from "#app/scheduling/testing/demo-world";
import { bookDosingSeries, writeAllPrerequisites, writeScreening, type SessionWorld } from "./session-testing";

// Server-renders the session page from what its loader (and action) really answered: no React
// warnings (console.error fails the test), every input labelled, every table captioned.
const testDb = setupTestDatabase();
let world: SessionWorld;
const now = new Date("2030-03-04T18:30:00Z"); // 10:30 in Los Angeles

beforeAll(async () => {
  vi.spyOn(clock, "now").mockImplementation(() => now);
  world = await createClinicWithTeam(testDb.db);
});

afterAll(() => {
  vi.restoreAllMocks();
});

const at = (time: string) => ({ time, date: "2030-03-04" });

describe("the session day page renders", () => {
  it("before the session: what is missing, and no start button", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-04T17:00:00Z")]);
    await writeScreening(testDb.db, world, booked, { signed: false, cleared: false });
    const appointmentId = booked.appointmentIds[0]!;
    const path = `/appointments/${appointmentId}/session`;
    const loaded = await call(testDb.db, loader, path, { userId: world.users.nurse.id, params: { appointmentId } });
    const html = renderPage(path, SessionDayPage, loaded.body);
    expectAccessible(html);
    expect(html).toContain("This dosing session cannot start yet. Missing:");
    expect(html).toContain("No signed clearance from the prescriber: the screening is still a draft.");
    expect(html).toContain("There is no active dose order");
    expect(html).not.toContain("Start session");
  });

  it("ready: the order and the start form; a refused start lists what is missing", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-04T20:00:00Z")]);
    await writeAllPrerequisites(testDb.db, world, booked);
    const appointmentId = booked.appointmentIds[0]!;
    const path = `/appointments/${appointmentId}/session`;
    const loaded = await call(testDb.db, loader, path, { userId: world.users.nurse.id, params: { appointmentId } });
    const html = renderPage(path, SessionDayPage, loaded.body);
    expectAccessible(html);
    expect(html).toContain("Screening, consent and the dose order are in place.");
    expect(html).toContain("<legend>Check in and start the session</legend>");
    expect(html).toContain("Intramuscular (IM)");
    expect(html).toContain("50 mg (0.714 mg/kg at 70 kg)");
    const conflict = {
      intent: "start",
      subject: null,
      result: { status: "error", error: { "": ["This dosing session cannot start yet."] } },
      warning: null,
      missing: ["Dose 1 has not been signed off by the prescriber yet."],
    };
    const refused = renderPage(path, SessionDayPage, loaded.body, conflict);
    expect(refused).toContain("Dose 1 has not been signed off by the prescriber yet.");
    const therapist = await call(testDb.db, loader, path, {
      userId: world.users.therapist.id,
      params: { appointmentId },
    });
    expect(renderPage(path, SessionDayPage, therapist.body)).not.toContain("Start session");
  });

  it("during the session: the timeline with alert rows as alerts, the alert banner, and one form per entry", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-04T22:00:00Z")]);
    await writeAllPrerequisites(testDb.db, world, booked);
    const appointmentId = booked.appointmentIds[0]!;
    const path = `/appointments/${appointmentId}/session`;
    const nurse = { userId: world.users.nurse.id, params: { appointmentId } };
    // Booked for 14:00 but the patient came early; the session day is what counts.
    expect((await call(testDb.db, action, path, { ...nurse, form: { intent: "start", ...at("09:30") } })).status).toBe(
      302,
    );
    await call(testDb.db, action, path, {
      ...nurse,
      form: {
        intent: "administration",
        ...at("09:40"),
        doseMg: "50",
        lotNumber: "KET-2291",
        givenBy: world.users.nurse.id,
      },
    });
    await call(testDb.db, action, path, {
      ...nurse,
      form: { intent: "vitals", ...at("09:35"), systolic: "128", diastolic: "82", heartRate: "76", spo2: "98" },
    });
    const high = await call(testDb.db, action, path, {
      ...nurse,
      form: { intent: "vitals", ...at("10:00"), systolic: "168", diastolic: "104", heartRate: "92", spo2: "96" },
    });
    await call(testDb.db, action, path, {
      userId: world.users.therapist.id,
      params: { appointmentId },
      form: { intent: "observation", ...at("10:05"), text: "Calm, eyes closed." },
    });
    const location = high.headers.get("Location")!;
    const shownPath = location;
    const loaded = await call(testDb.db, loader, shownPath, nurse);
    const html = renderPage(shownPath, SessionDayPage, loaded.body);
    expectAccessible(html);
    expect(html).toMatch(
      /<div class="alert-banner" role="alert"><h2>Alert: the vital signs just recorded are outside the clinic&#x27;s thresholds<\/h2><ul><li>Blood pressure 168\/104 is above 160\/100.<\/li>/u,
    );
    expect(html).toMatch(
      /<tr class="has-alert vitals">.*?<div class="vital-alerts" role="alert"><strong>Alert:<\/strong><ul><li>Blood pressure 168\/104 is above 160\/100.<\/li><\/ul><\/div>/u,
    );
    expect(html.match(/<tr class="has-alert/gu)).toHaveLength(1);
    expect(html).toContain("Everything recorded in this session, oldest first, the newest at the bottom.");
    // Oldest first: check-in, vitals 09:35, dose 09:40, vitals 10:00, observation 10:05.
    const order = ["Check-in", "Vital signs", "Dose given", "Vital signs", "Observation"].map((what) => what);
    const rows = [...html.matchAll(/<tr class="[^"]*"><th scope="row">(\d\d:\d\d)<\/th><td>([^<]+)/gu)].map(
      (match) => match[2],
    );
    expect(rows).toEqual(order);
    expect(html).toContain("Ketamine 50 mg IM");
    expect(html).toContain("Lot KET-2291");
    for (const legend of [
      "Vital signs",
      "Dose given",
      "Sedation and dissociation check",
      "Observation",
      "Adverse event",
      "Discharge",
      "Discharge criteria: all must be met",
    ]) {
      expect(html).toContain(`<legend>${legend}</legend>`);
    }
    expect(html).toMatch(/inputMode="numeric"|inputmode="numeric"/u);
    expect(html).toContain('value="10:30"');
    expect(html).toContain('value="Robin Escort"');

    const asTherapist = await call(testDb.db, loader, path, {
      userId: world.users.therapist.id,
      params: { appointmentId },
    });
    const therapistHtml = renderPage(path, SessionDayPage, asTherapist.body);
    expect(therapistHtml).toContain("<legend>Observation</legend>");
    expect(therapistHtml).not.toContain("<legend>Vital signs</legend>");
    expect(therapistHtml).not.toContain("<legend>Discharge</legend>");

    const refused = await call(testDb.db, action, path, {
      ...nurse,
      form: {
        intent: "administration",
        ...at("10:10"),
        doseMg: "70",
        lotNumber: "KET-2291",
        givenBy: world.users.nurse.id,
      },
    });
    expect(refused.status).toBe(400);
    const withWarning = renderPage(path, SessionDayPage, loaded.body, refused.body);
    expectAccessible(withWarning);
    expect(withWarning).toContain("<legend>This is not the dose ordered</legend>");
    expect(withWarning).toContain("I confirm this dose was given.");
  });

  it("after discharge: the summary and no forms", async () => {
    const booked = await bookDosingSeries(testDb.db, world, [new Date("2030-03-05T17:00:00Z")]);
    await writeAllPrerequisites(testDb.db, world, booked);
    const appointmentId = booked.appointmentIds[0]!;
    const path = `/appointments/${appointmentId}/session`;
    const nurse = { userId: world.users.nurse.id, params: { appointmentId } };
    const later = new Date("2030-03-05T20:00:00Z");
    vi.spyOn(clock, "now").mockImplementation(() => later);
    await call(testDb.db, action, path, { ...nurse, form: { intent: "start", time: "09:00", date: "2030-03-05" } });
    const criteria = {
      vitalsNearBaseline: "on",
      oriented: "on",
      walksSteadily: "on",
      escortPresent: "on",
      toldNotToDrive: "on",
    };
    expect(
      (
        await call(testDb.db, action, path, {
          ...nurse,
          form: { intent: "discharge", time: "11:30", date: "2030-03-05", ...criteria, escortName: "Robin Escort" },
        })
      ).status,
    ).toBe(302);
    const loaded = await call(testDb.db, loader, path, nurse);
    const html = renderPage(path, SessionDayPage, loaded.body);
    expectAccessible(html);
    expect(html).toContain("150 minutes");
    expect(html).toContain("This session was discharged and is closed");
    expect(html).not.toContain("<form");
    vi.spyOn(clock, "now").mockImplementation(() => now);
  });
});
