import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "#test/db";
import { expectAccessible, renderPage } from "#test/render-page";
import { clock } from "#app/auth/clock";
import AppointmentSessionPage, { loader as sessionLoader } from "#app/routes/appointment-session";
import PatientProfile, { loader as profileLoader } from "#app/routes/patients/profile";
import SeriesPage, { loader as seriesLoader } from "#app/routes/series";
import { call } from "#app/scheduling/testing/demo-world";
import { createExportWorld, type ExportWorld } from "./testing/export-world";

// The pages a clinician downloads from offer the PDFs to those who may read them, and only to them.

const testDb = setupTestDatabase();
let world: ExportWorld;

beforeAll(async () => {
  vi.spyOn(clock, "now").mockImplementation(() => new Date("2030-04-02T17:30:00Z"));
  world = await createExportWorld(testDb.db);
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe("download links", () => {
  it("the patient page offers the chart extract and each series summary to the care team, not to the front desk", async () => {
    const path = `/patients/${world.patient.id}`;
    const params = { patientId: world.patient.id };
    const asPrescriber = await call(testDb.db, profileLoader, path, { userId: world.users.prescriber.id, params });
    const html = renderPage(path, PatientProfile, asPrescriber.body);
    expect(html).toContain(`href="/patients/${world.patient.id}/chart-extract.pdf"`);
    expect(html).toContain(`href="/series/${world.booked.seriesId}/summary.pdf"`);
    expectAccessible(html);
    const asFrontDesk = await call(testDb.db, profileLoader, path, { userId: world.users.frontdesk.id, params });
    const desk = renderPage(path, PatientProfile, asFrontDesk.body);
    expect(desk).not.toContain(".pdf");
  });

  it("the series page lists the summary in its clinical record", async () => {
    const path = `/series/${world.booked.seriesId}`;
    const loaded = await call(testDb.db, seriesLoader, path, {
      userId: world.users.nurse.id,
      params: { seriesId: world.booked.seriesId },
    });
    expect(renderPage(path, SeriesPage, loaded.body)).toContain(`href="/series/${world.booked.seriesId}/summary.pdf"`);
  });

  it("the session page links the record of a started session", async () => {
    const appointmentId = world.booked.appointmentIds[0]!;
    const path = `/appointments/${appointmentId}/session`;
    const loaded = await call(testDb.db, sessionLoader, path, {
      userId: world.users.nurse.id,
      params: { appointmentId },
    });
    expect(loaded.status).toBe(200);
    expect(renderPage(path, AppointmentSessionPage, loaded.body)).toContain(
      `href="/dosing-sessions/${world.dosingSessionIds[0]}/record.pdf"`,
    );
  });
});
