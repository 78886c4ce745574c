import { and, asc, count, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { appointment, appointmentEvent, series } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createStaff } from "#test/fixtures";
import { clock } from "#app/auth/clock";
import { action, loader } from "#app/routes/series";
import { changeAppointment } from "./changes.server";
import type { ProposalReply, ProposalRow } from "./proposal.server";
import type { TimelineEntry } from "./series-view.server";
import { bookStandardSeries, call, createDemoLikeClinic, proposalForm, type DemoWorld } from "./testing/demo-world";

const testDb = setupTestDatabase();
let world: DemoWorld;
let seriesId: string;

type Page = {
  series: {
    templateName: string;
    status: string;
    statusLabel: string;
    plannedStart: string;
    plannedEnd: string;
    therapistName: string;
    prescriberName: string;
    statusReason: string;
  };
  patient: { id: string; name: string };
  careTeam: { name: string; role: string }[];
  timeline: TimelineEntry[];
  canManage: boolean;
  canCancel: boolean;
  missed: string | null;
  replan:
    { ok: true; startDate: string; rows: ProposalRow[]; slotRefs: string } | { ok: false; problems: string[] } | null;
};

beforeAll(async () => {
  world = await createDemoLikeClinic(testDb.db);
  seriesId = (await bookStandardSeries(testDb.db, world, world.patient.id, "2030-03-04")).seriesId;
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function page(id: string, userId: string, query = ""): Promise<{ status: number; page: Page }> {
  const response = await call(testDb.db, loader, `/series/${id}${query}`, { userId, params: { seriesId: id } });
  return { status: response.status, page: response.body as Page };
}

async function post(id: string, userId: string, form: Record<string, string | string[]>) {
  return call(testDb.db, action, `/series/${id}`, { userId, params: { seriesId: id }, form });
}

async function sessionOf(id: string, kind: "dosing" | "integration", doseNumber: number) {
  const [row] = await testDb.db
    .select()
    .from(appointment)
    .where(and(eq(appointment.seriesId, id), eq(appointment.kind, kind), eq(appointment.doseNumber, doseNumber)));
  return row!;
}

describe("the series page", () => {
  it("shows front desk the patient, template, status, window, care team and every session in time order", async () => {
    const { status, page: shown } = await page(seriesId, world.users.frontdesk.id);
    expect(status).toBe(200);
    expect(shown.patient.name).toBe(`${world.patient.firstName} ${world.patient.lastName}`);
    expect(shown.series).toMatchObject({
      templateName: "Standard KAP course",
      status: "planned",
      statusLabel: "Planned",
      plannedStart: "2030-03-04",
      therapistName: world.users.therapist.name,
      prescriberName: world.users.prescriber.name,
    });
    expect(shown.careTeam.map((member) => member.name).sort()).toEqual(
      [world.users.nurse.name, world.users.prescriber.name, world.users.therapist.name].sort(),
    );
    expect(shown.timeline).toHaveLength(16);
    expect(shown.timeline.filter((entry) => entry.kind === "dosing").map((entry) => entry.title)).toEqual(
      [1, 2, 3, 4, 5, 6].map((dose) => `Dosing session ${dose}`),
    );
    const titles = shown.timeline.map((entry) => entry.title);
    expect(titles.filter((title) => !title.startsWith("Dosing") && !title.startsWith("Integration"))).toEqual([
      "Preparation session 1",
      "Preparation session 2",
      "Prescriber checkpoint before dose 1",
      "Prescriber checkpoint after dose 2",
    ]);
    expect(shown.timeline[0]).toMatchObject({
      kind: "preparation",
      status: "scheduled",
      statusLabel: "Scheduled",
      date: "Mon 4 Mar 2030",
    });
    expect(shown.timeline[0]?.time).toMatch(/^\d{2}:\d{2}–\d{2}:\d{2}$/u);
    expect(shown).toMatchObject({ canManage: true, canCancel: true, missed: null, replan: null });
  });

  it("lets the care team read it, but not a clinician off the team, an admin or another clinic", async () => {
    for (const role of ["therapist", "nurse", "prescriber"] as const) {
      const { status, page: shown } = await page(seriesId, world.users[role].id);
      expect(status).toBe(200);
      expect(shown.canManage).toBe(false);
    }
    const outsider = await createStaff(testDb.db, world.clinic.id, ["therapist"]);
    expect((await page(seriesId, outsider.id)).status).toBe(403);
    expect((await page(seriesId, world.users.admin.id)).status).toBe(403);
    const other = await createClinicWithTeam(testDb.db);
    expect((await page(seriesId, other.users.frontdesk.id)).status).toBe(404);
    expect((await page("not-a-uuid", world.users.frontdesk.id)).status).toBe(404);
  });

  it("refuses clinicians' and admins' writes with 403", async () => {
    for (const role of ["therapist", "nurse", "prescriber", "admin"] as const) {
      const response = await post(seriesId, world.users[role].id, { intent: "cancel-remaining", reason: "testing" });
      expect(response.status).toBe(403);
    }
    const [unchanged] = await testDb.db.select().from(series).where(eq(series.id, seriesId));
    expect(unchanged?.status).toBe("planned");
  });
});

describe("re-planning after a missed dose", () => {
  it("proposes make-up sessions for the missed dose and books them into the same series", async () => {
    const actor = { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" };
    const request = {
      clinicId: world.clinic.id,
      timeZone: world.clinic.timeZone,
      expectedVersion: 1,
      reason: "did not come",
    };
    const dose = await sessionOf(seriesId, "dosing", 3);
    const integration = await sessionOf(seriesId, "integration", 3);
    expect(
      (
        await changeAppointment(testDb.db, actor, {
          ...request,
          appointmentId: dose.id,
          change: { type: "status", to: "no_show" },
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await changeAppointment(testDb.db, actor, {
          ...request,
          appointmentId: integration.id,
          change: { type: "status", to: "cancelled" },
        })
      ).ok,
    ).toBe(true);

    vi.spyOn(clock, "now").mockReturnValue(new Date("2030-03-25T17:00:00Z"));
    const offered = await page(seriesId, world.users.frontdesk.id);
    expect(offered.page.missed).toBe("Dose 3 of the course is not held or booked.");
    expect(offered.page.replan).toBeNull();
    const { status, page: shown } = await page(seriesId, world.users.frontdesk.id, "?replan=1");
    expect(status).toBe(200);
    const replan = shown.replan;
    if (!replan?.ok) {
      throw new Error(`no re-plan: ${JSON.stringify(replan)}`);
    }
    expect(replan.startDate).toBe("2030-03-26");
    expect(replan.rows.map((row) => [row.kind, row.title])).toEqual([
      ["dosing", "Dosing session 1, making up dose 3"],
      ["integration", "Integration after dose 1, making up dose 3"],
    ]);
    expect(replan.rows.every((row) => row.date >= "2030-03-26")).toBe(true);
    // A clinician may read the page but is not offered the re-plan.
    expect((await page(seriesId, world.users.therapist.id, "?replan=1")).page.replan).toBeNull();

    const plan = { ...replan, hidden: [["start", replan.startDate]] as [string, string][] };
    const checked = await post(seriesId, world.users.frontdesk.id, proposalForm(plan, "check"));
    expect(checked.status).toBe(200);
    expect((checked.body as ProposalReply).review).toMatchObject({ warnings: [], conflicts: [] });
    expect((await post(seriesId, world.users.therapist.id, proposalForm(plan, "book"))).status).toBe(403);
    const booked = await post(seriesId, world.users.frontdesk.id, proposalForm(plan, "book"));
    expect(booked.status).toBe(302);
    expect(booked.headers.get("Location")).toBe(`/series/${seriesId}?saved=replanned`);
    const added = await testDb.db
      .select()
      .from(appointment)
      .where(
        and(eq(appointment.seriesId, seriesId), eq(appointment.status, "scheduled"), eq(appointment.doseNumber, 3)),
      )
      .orderBy(asc(appointment.startsAt));
    expect(added.map((row) => [row.kind, row.sequence])).toEqual([
      ["dosing", 17],
      ["integration", 18],
    ]);
    const [extended] = await testDb.db.select().from(series).where(eq(series.id, seriesId));
    expect(extended!.plannedEnd >= "2030-03-26").toBe(true);
    const after = await page(seriesId, world.users.frontdesk.id, "?replan=1");
    expect(after.page).toMatchObject({ missed: null, replan: null });
    expect(after.page.timeline).toHaveLength(18);
    // Nothing left to re-plan: a second booking of the same proposal is refused.
    const again = await post(seriesId, world.users.frontdesk.id, proposalForm(plan, "book"));
    expect(again.status).toBe(409);
  });
});

describe("cancelling all remaining sessions", () => {
  it("needs a reason, cancels every session not yet begun, discontinues the series and keeps the reason", async () => {
    const patient = await createPatient(testDb.db, world.clinic.id, [
      { userId: world.users.prescriber.id, role: "prescriber" },
      { userId: world.users.therapist.id, role: "therapist" },
    ]);
    const booked = await bookStandardSeries(testDb.db, world, patient.id, "2030-06-03");
    const missing = await post(booked.seriesId, world.users.frontdesk.id, { intent: "cancel-remaining", reason: "  " });
    expect(missing.status).toBe(400);
    expect(
      (
        await testDb.db
          .select({ n: count() })
          .from(appointment)
          .where(and(eq(appointment.seriesId, booked.seriesId), eq(appointment.status, "cancelled")))
      )[0]?.n,
    ).toBe(0);
    const done = await post(booked.seriesId, world.users.frontdesk.id, {
      intent: "cancel-remaining",
      reason: "Patient withdrew consent",
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/series/${booked.seriesId}?saved=cancelled`);
    const rows = await testDb.db.select().from(appointment).where(eq(appointment.seriesId, booked.seriesId));
    expect(rows.every((row) => row.status === "cancelled")).toBe(true);
    const events = await testDb.db
      .select()
      .from(appointmentEvent)
      .where(and(eq(appointmentEvent.appointmentId, rows[0]!.id), eq(appointmentEvent.action, "cancelled")));
    expect(events.map((event) => event.reason)).toEqual(["Patient withdrew consent"]);
    const { page: shown } = await page(booked.seriesId, world.users.frontdesk.id);
    expect(shown.series).toMatchObject({ status: "discontinued", statusReason: "Patient withdrew consent" });
    expect(shown).toMatchObject({ canCancel: false, missed: null });
    expect(
      (await post(booked.seriesId, world.users.frontdesk.id, { intent: "cancel-remaining", reason: "again" })).status,
    ).toBe(409);
    expect((await post(booked.seriesId, world.users.frontdesk.id, { intent: "explode" })).status).toBe(400);
  });
});
