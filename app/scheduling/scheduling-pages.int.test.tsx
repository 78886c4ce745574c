import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { appointment } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { expectAccessible, renderPage } from "#test/render-page";
import { clock } from "#app/auth/clock";
import AppointmentPage, { action as appointmentAction, loader as appointmentLoader } from "#app/routes/appointment";
import SeriesPage, { loader as seriesLoader } from "#app/routes/series";
import PlanSeries, { action as planAction, loader as planLoader } from "#app/routes/series-new";
import { changeAppointment } from "./changes.server";
import { PatientSeriesPanel } from "./patient-series-panel";
import { patientSeriesSummary } from "./patient-series.server";
import type { ProposalRow } from "./proposal.server";
import { bookStandardSeries, call, createDemoLikeClinic, proposalForm, type DemoWorld } from "./testing/demo-world";

// Server-renders each page from what its loader (and action) really answered: no React warnings
// (console.error fails the test), every input labelled, every table captioned.
const testDb = setupTestDatabase();
let world: DemoWorld;
let seriesId: string;

beforeAll(async () => {
  world = await createDemoLikeClinic(testDb.db);
  seriesId = (await bookStandardSeries(testDb.db, world, world.patient.id, "2030-03-04")).seriesId;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the scheduling pages render", () => {
  it("plan a series: the setup form, the proposal table and a check's problems", async () => {
    const path = `/patients/${world.patient.id}/series/new?start=2030-04-01`;
    const loaded = await call(testDb.db, planLoader, path, {
      userId: world.users.frontdesk.id,
      params: { patientId: world.patient.id },
    });
    const html = renderPage(path, PlanSeries, loaded.body);
    expectAccessible(html);
    expect(html).toContain("<legend>Course and care team</legend>");
    expect(html).toContain("<legend>Preferred weekdays (optional)</legend>");
    expect(html).toContain("Dosing session 6");
    expect(html).toMatch(/<caption>16 sessions, in time order\./u);
    expect(html).toContain("Start time of dosing session 1");
    expect(html).toContain("Preparation session 2");

    const plan = (loaded.body as { plan: { rows: ProposalRow[]; slotRefs: string; hidden: [string, string][] } }).plan;
    const prep = plan.rows.findIndex((row) => row.kind === "preparation");
    const checked = await call(testDb.db, planAction, path, {
      userId: world.users.frontdesk.id,
      params: { patientId: world.patient.id },
      form: proposalForm(plan, "check", { [prep]: { time: "18:30" } }),
    });
    const withProblems = renderPage(path, PlanSeries, loaded.body, checked.body);
    expectAccessible(withProblems);
    expect(withProblems).toContain("outside the clinic&#x27;s opening hours");
    expect(withProblems).toContain("<legend>These times break the course&#x27;s rules</legend>");
    expect(withProblems).toContain("Book anyway");
  });

  it("plan a series when nothing fits: the problems in sentences", async () => {
    const path = `/patients/${world.patient.id}/series/new?start=2030-04-01&weekdays=0`;
    const loaded = await call(testDb.db, planLoader, path, {
      userId: world.users.frontdesk.id,
      params: { patientId: world.patient.id },
    });
    const html = renderPage(path, PlanSeries, loaded.body);
    expect(html).toContain("The planner found no times for this course");
  });

  it("the series page, with the re-plan proposal after a missed dose", async () => {
    const [dose] = await testDb.db
      .select()
      .from(appointment)
      .where(and(eq(appointment.seriesId, seriesId), eq(appointment.doseNumber, 4), eq(appointment.kind, "dosing")));
    await changeAppointment(
      testDb.db,
      { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
      {
        clinicId: world.clinic.id,
        timeZone: world.clinic.timeZone,
        appointmentId: dose!.id,
        expectedVersion: 1,
        change: { type: "status", to: "no_show" },
        reason: "",
      },
    );
    vi.spyOn(clock, "now").mockReturnValue(new Date("2030-03-25T17:00:00Z"));
    const path = `/series/${seriesId}?replan=1`;
    const loaded = await call(testDb.db, seriesLoader, path, {
      userId: world.users.frontdesk.id,
      params: { seriesId },
    });
    const html = renderPage(path, SeriesPage, loaded.body);
    expectAccessible(html);
    expect(html).toContain("Every session of the series, past and upcoming");
    expect(html).toContain("No-show");
    expect(html).toContain("Dosing session 1, making up dose 4");
    expect(html).toContain("<legend>Cancel all remaining sessions</legend>");
    const asTherapist = await call(testDb.db, seriesLoader, path, {
      userId: world.users.therapist.id,
      params: { seriesId },
    });
    const readOnly = renderPage(path, SeriesPage, asTherapist.body);
    expect(readOnly).not.toContain("<form");
  });

  it("the appointment page, with its change forms, history and a rule warning to confirm", async () => {
    const [first] = await testDb.db
      .select()
      .from(appointment)
      .where(and(eq(appointment.seriesId, seriesId), eq(appointment.doseNumber, 1), eq(appointment.kind, "dosing")));
    const [second] = await testDb.db
      .select()
      .from(appointment)
      .where(and(eq(appointment.seriesId, seriesId), eq(appointment.doseNumber, 2), eq(appointment.kind, "dosing")));
    const path = `/appointments/${second!.id}`;
    const params = { appointmentId: second!.id };
    const loaded = await call(testDb.db, appointmentLoader, path, { userId: world.users.frontdesk.id, params });
    const html = renderPage(path, AppointmentPage, loaded.body);
    expectAccessible(html);
    for (const legend of [
      "Reschedule",
      "Change room",
      "Change clinician",
      "Check in",
      "No-show",
      "Cancel this session",
    ]) {
      expect(html).toContain(`<legend>${legend}</legend>`);
    }
    expect(html).toContain("Every change to this session, oldest first.");
    const nextDay = new Date(first!.startsAt.getTime() + 86_400_000).toISOString().slice(0, 10);
    const warned = await call(testDb.db, appointmentAction, path, {
      userId: world.users.frontdesk.id,
      params,
      form: { intent: "reschedule", version: "1", date: nextDay, time: "09:30", reason: "travel" },
    });
    expect(warned.status).toBe(400);
    const withWarning = renderPage(path, AppointmentPage, loaded.body, warned.body);
    expectAccessible(withWarning);
    expect(withWarning).toContain("This change breaks the series&#x27; rules");
    expect(withWarning).toContain("doses must be at least 2 days apart");
  });

  it("the patient's series panel", async () => {
    const series = await patientSeriesSummary(testDb.db, world.patient.id, world.clinic.id);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ templateName: "Standard KAP course", dosesCompleted: 0, dosesPlanned: 6 });
    const other = await patientSeriesSummary(testDb.db, world.patient.id, "00000000-0000-4000-8000-000000000000");
    expect(other).toEqual([]);
    const Panel = (): React.ReactNode => (
      <PatientSeriesPanel patientId={world.patient.id} series={series} canPlan timeZone={world.clinic.timeZone} />
    );
    const html = renderPage(`/patients/${world.patient.id}`, Panel, null);
    expectAccessible(html, { controls: false });
    expect(html).toContain(`href="/patients/${world.patient.id}/series/new"`);
    expect(html).toContain(`href="/series/${seriesId}"`);
    expect(html).toContain("Courses of treatment, newest first");
  });
});
