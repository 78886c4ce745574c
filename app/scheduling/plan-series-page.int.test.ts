import { count, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointment, appointmentEvent, appointmentStaff, series, seriesTemplate, timeOff } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createStaff } from "#test/fixtures";
import { action, loader } from "#app/routes/series-new";
import { bookAppointments } from "./booking.server";
import { calendarEntries } from "./calendar-view.server";
import { daysBetween } from "./local-dates";
import { STANDARD_KAP_COURSE } from "./planner";
import type { ProposalReply, ProposalRow } from "./proposal.server";
import { call, createDemoLikeClinic, proposalForm, type DemoWorld } from "./testing/demo-world";

const testDb = setupTestDatabase();
const START = "2030-03-04";
let world: DemoWorld;

type Plan =
  | { ok: true; rows: ProposalRow[]; slotRefs: string; hidden: [string, string][] }
  | { ok: false; problems: string[]; alternatives: { description: string; query: string }[] };
type Page = {
  plan: Plan | null;
  values: Record<string, unknown> | null;
  query: { error?: Record<string, string[]> } | null;
  choices: { templates: { value: string; label: string }[] };
};

beforeAll(async () => {
  world = await createDemoLikeClinic(testDb.db);
});

async function newPatient(): Promise<string> {
  const created = await createPatient(testDb.db, world.clinic.id, [
    { userId: world.users.prescriber.id, role: "prescriber" },
    { userId: world.users.therapist.id, role: "therapist" },
    { userId: world.users.nurse.id, role: "nurse" },
  ]);
  return created.id;
}

async function plan(
  patientId: string,
  query = `?start=${START}`,
  userId = world.users.frontdesk.id,
): Promise<{ status: number; page: Page }> {
  const response = await call(testDb.db, loader, `/patients/${patientId}/series/new${query}`, {
    userId,
    params: { patientId },
  });
  return { status: response.status, page: response.body as Page };
}

async function proposal(patientId: string): Promise<Extract<Plan, { ok: true }>> {
  const { status, page } = await plan(patientId);
  expect(status).toBe(200);
  if (!page.plan?.ok) {
    throw new Error(`no plan: ${JSON.stringify(page.plan)}`);
  }
  return page.plan;
}

async function submit(patientId: string, form: Record<string, string | string[]>, userId = world.users.frontdesk.id) {
  const response = await call(testDb.db, action, `/patients/${patientId}/series/new`, {
    userId,
    params: { patientId },
    form,
  });
  return { ...response, reply: response.body as ProposalReply };
}

async function counts(): Promise<number[]> {
  return Promise.all(
    [series, appointment, appointmentStaff, appointmentEvent].map(
      async (table) => (await testDb.db.select({ n: count() }).from(table))[0]?.n ?? 0,
    ),
  );
}

const kinds = (rows: ProposalRow[]): Record<string, number> =>
  rows.reduce<Record<string, number>>((tally, row) => ({ ...tally, [row.kind]: (tally[row.kind] ?? 0) + 1 }), {});

describe("planning a series", () => {
  it("proposes the standard course for a demo-like clinic: 2 preparations, 6 doses within 21 days, integrations and checkpoints", async () => {
    const patientId = await newPatient();
    const { status, page } = await plan(patientId);
    expect(status).toBe(200);
    expect(page.choices.templates).toEqual([{ value: "standard", label: STANDARD_KAP_COURSE.name }]);
    expect(page.plan?.ok).toBe(true);
    const rows = (page.plan as Extract<Plan, { ok: true }>).rows;
    expect(kinds(rows)).toEqual({ preparation: 2, dosing: 6, integration: 6, checkpoint: 2 });
    const doses = rows.filter((row) => row.kind === "dosing");
    expect(doses.map((row) => row.doseNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(daysBetween(doses[0]!.date, doses[5]!.date) + 1).toBeLessThanOrEqual(21);
    // In time order, in the clinic's zone, on or after the first day, each dose with a therapist and a monitor in a room.
    const order = rows.map((row) => `${row.date}T${row.time}`);
    expect([...order].sort()).toEqual(order);
    expect(rows.every((row) => row.date >= START)).toBe(true);
    for (const dose of doses) {
      expect(dose.durationMinutes).toBe(180);
      expect(dose.roomName).not.toBeNull();
      expect(dose.staff.map((member) => member.role).sort()).toEqual(["monitor", "therapist"]);
    }
    expect(
      rows
        .filter((row) => row.kind === "checkpoint")
        .every((row) =>
          row.staff.some((member) => member.role === "prescriber" && member.id === world.users.prescriber.id),
        ),
    ).toBe(true);
    expect(rows.find((row) => row.kind === "dosing")?.title).toBe("Dosing session 1");
  });

  it("offers the clinic's own active templates instead of the standard course", async () => {
    const other = await createClinicWithTeam(testDb.db);
    await testDb.db.insert(seriesTemplate).values([
      {
        clinicId: other.clinic.id,
        name: "Short course",
        definition: {
          ...STANDARD_KAP_COURSE,
          name: "Short course",
          dosing: { ...STANDARD_KAP_COURSE.dosing, count: 4 },
        },
      },
      { clinicId: other.clinic.id, name: "Retired", definition: STANDARD_KAP_COURSE, active: false },
      { clinicId: other.clinic.id, name: "Broken", definition: { name: "Broken" } },
    ]);
    const response = await call(testDb.db, loader, `/patients/${other.patient.id}/series/new`, {
      userId: other.users.frontdesk.id,
      params: { patientId: other.patient.id },
    });
    expect((response.body as Page).choices.templates.map((choice) => choice.label)).toEqual(["Short course"]);
  });

  it("explains, in sentences, when no times fit", async () => {
    const patientId = await newPatient();
    // The clinic is closed on Sundays.
    const { status, page } = await plan(patientId, `?start=${START}&weekdays=0`);
    expect(status).toBe(200);
    expect(page.plan?.ok).toBe(false);
    const failed = page.plan as Extract<Plan, { ok: false }>;
    expect(failed.problems.length).toBeGreaterThan(0);
    expect(failed.problems.join(" ")).toMatch(/prefers other weekdays|No arrangement/u);
  });

  it("offers each alternative as a link that plans again with its settings", async () => {
    const patientId = await newPatient();
    // The only chosen monitor is away for the whole search.
    await testDb.db.insert(timeOff).values({
      clinicId: world.clinic.id,
      userId: world.users.nurse.id,
      startsAt: new Date("2030-06-01T00:00:00Z"),
      endsAt: new Date("2030-09-01T00:00:00Z"),
    });
    const { status, page } = await plan(patientId, `?start=2030-06-03&monitor=${world.users.nurse.id}`);
    expect(status).toBe(200);
    const failed = page.plan as Extract<Plan, { ok: false }>;
    expect(failed.ok).toBe(false);
    const alternative = failed.alternatives.find((candidate) => candidate.query.includes(world.users.prescriber.id));
    expect(alternative?.description).toContain(`Let ${world.users.prescriber.name} monitor too`);
    const params = new URLSearchParams(alternative!.query);
    expect(params.getAll("monitor")).toEqual([world.users.nurse.id, world.users.prescriber.id]);
    expect(params.get("start")).toBe("2030-06-03");
    const followed = await plan(patientId, alternative!.query);
    expect(followed.status).toBe(200);
    expect(followed.page.plan?.ok).toBe(true);
  });

  it("answers 400 with field errors for settings the page does not offer", async () => {
    const patientId = await newPatient();
    const outsider = await createStaff(testDb.db, world.clinic.id, ["therapist"]);
    const { status, page } = await plan(patientId, `?start=2030-02-30&therapist=${outsider.id}`);
    expect(status).toBe(400);
    expect(page.query?.error?.start).toBeDefined();
    const second = await plan(patientId, `?start=${START}&therapist=${outsider.id}`);
    expect(second.status).toBe(400);
    expect(second.page.query?.error?.therapist).toEqual(["Choose a therapist from the care team."]);
  });
});

describe("checking and booking a proposal", () => {
  it("books the whole series in one step and shows it on the therapist's, monitor's, prescriber's and room's calendars", async () => {
    const patientId = await newPatient();
    const proposed = await proposal(patientId);
    const response = await submit(patientId, proposalForm(proposed, "book"));
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/series\/[0-9a-f-]{36}\?saved=booked$/u);
    const seriesId = location.slice("/series/".length, "/series/".length + 36);
    const [booked] = await testDb.db.select().from(series).where(eq(series.id, seriesId));
    expect(booked).toMatchObject({
      patientId,
      templateId: null,
      therapistId: world.users.therapist.id,
      prescriberId: world.users.prescriber.id,
      status: "planned",
    });
    expect(booked?.rules).toEqual(STANDARD_KAP_COURSE);
    const rows = await testDb.db
      .select()
      .from(appointment)
      .where(eq(appointment.seriesId, seriesId))
      .orderBy(appointment.startsAt);
    expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 16 }, (_, index) => index + 1));

    const viewer = { id: world.users.frontdesk.id, clinicId: world.clinic.id };
    const range = { from: new Date("2030-03-01T00:00:00Z"), to: new Date("2030-05-01T00:00:00Z") };
    const mine = async (filter: Parameters<typeof calendarEntries>[3]) =>
      (await calendarEntries(testDb.db, viewer, "clinic", filter, range)).filter(
        (entry) => entry.seriesId === seriesId,
      );
    expect(await mine({ by: "clinician", userId: world.users.therapist.id })).toHaveLength(14);
    expect(
      (await mine({ by: "clinician", userId: world.users.prescriber.id })).filter(
        (entry) => entry.kind === "checkpoint",
      ),
    ).toHaveLength(2);
    const monitorId = proposed.rows
      .find((row) => row.kind === "dosing")!
      .staff.find((member) => member.role === "monitor")!.id;
    expect(
      (await mine({ by: "clinician", userId: monitorId })).filter((entry) => entry.kind === "dosing"),
    ).toHaveLength(6);
    const roomIds = [...new Set(proposed.rows.map((row) => row.roomId))];
    const perRoom = await Promise.all(
      roomIds.map(async (roomId) => (await mine({ by: "room", roomId: roomId! })).length),
    );
    expect(perRoom.reduce((sum, n) => sum + n, 0)).toBe(16);
  });

  it("checks edited times without writing anything", async () => {
    const patientId = await newPatient();
    const proposed = await proposal(patientId);
    const before = await counts();
    const clean = await submit(patientId, proposalForm(proposed, "check"));
    expect(clean.status).toBe(200);
    expect(clean.reply.review).toMatchObject({ warnings: [], conflicts: [], refusals: [] });
    const prep = proposed.rows.findIndex((row) => row.kind === "preparation");
    const edited = await submit(patientId, proposalForm(proposed, "check", { [prep]: { time: "18:30" } }));
    expect(edited.status).toBe(200);
    expect(edited.reply.review?.rowProblems[prep]?.some((message) => message.includes("opening hours"))).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it("refuses with 409, naming the room, a slot moved onto a room that is booked, and writes nothing", async () => {
    const patientId = await newPatient();
    const proposed = await proposal(patientId);
    const other = await createPatient(testDb.db, world.clinic.id);
    const taken = await bookAppointments(
      testDb.db,
      { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
      {
        clinicId: world.clinic.id,
        timeZone: world.clinic.timeZone,
        patientId: other.id,
        slots: [
          {
            kind: "integration",
            start: new Date("2030-04-24T21:00:00Z"),
            end: new Date("2030-04-24T22:00:00Z"),
            roomId: world.rooms.willow,
            staff: [],
          },
        ],
      },
    );
    expect(taken.ok).toBe(true);
    const before = await counts();
    const dose = proposed.rows.findIndex((row) => row.kind === "dosing");
    // 13:30 local on Wednesday 24 April 2030 overlaps the booking at 14:00.
    const response = await submit(
      patientId,
      proposalForm(
        proposed,
        "book",
        { [dose]: { date: "2030-04-24", time: "13:30", roomId: world.rooms.willow } },
        { confirm: "on" },
      ),
    );
    expect(response.status).toBe(409);
    const errors = response.reply.result.error?.[""] ?? [];
    expect(errors.join(" ")).toContain("Willow Room is already booked 14:00–15:00");
    expect(response.reply.review?.conflicts.map((conflict) => conflict.index)).toEqual([dose]);
    expect(await counts()).toEqual(before);
  });

  it("warns about a broken rule, then books when front desk confirms, recording the overridden rules", async () => {
    const patientId = await newPatient();
    const proposed = await proposal(patientId);
    const prep = proposed.rows.findIndex((row) => row.kind === "preparation");
    const edits = { [prep]: { time: "18:30" } };
    const before = await counts();
    const warned = await submit(patientId, proposalForm(proposed, "book", edits));
    expect(warned.status).toBe(400);
    const warnings = warned.reply.review?.warnings ?? [];
    expect(warnings.some((warning) => warning.includes("outside the clinic's opening hours"))).toBe(true);
    expect(await counts()).toEqual(before);
    // Ticking the box without the warnings shown is not a confirmation of them.
    const blind = await submit(patientId, proposalForm(proposed, "book", edits, { confirm: "on" }));
    expect(blind.status).toBe(400);
    const booked = await submit(
      patientId,
      proposalForm(proposed, "book", edits, { confirm: "on", confirmed: warnings }),
    );
    expect(booked.status).toBe(302);
    const seriesId = (booked.headers.get("Location") ?? "").slice("/series/".length, "/series/".length + 36);
    const ids = (
      await testDb.db.select({ id: appointment.id }).from(appointment).where(eq(appointment.seriesId, seriesId))
    ).map((row) => row.id);
    const events = await testDb.db.select().from(appointmentEvent).where(inArray(appointmentEvent.appointmentId, ids));
    expect(events).toHaveLength(16);
    expect(events.every((event) => JSON.stringify(event.overriddenRules) === JSON.stringify(warnings))).toBe(true);
  });

  it("answers 400 and writes nothing when the hidden slots are not what the page sent", async () => {
    const patientId = await newPatient();
    const proposed = await proposal(patientId);
    const before = await counts();
    const other = await createClinicWithTeam(testDb.db);
    const refs = JSON.parse(proposed.slotRefs) as { key: string; staffIds: string[] }[];
    const cases: string[] = [
      "not json at all",
      JSON.stringify({ key: "dose-1" }),
      JSON.stringify(refs.slice(1)),
      JSON.stringify(refs.map((ref, index) => (index === 0 ? { ...ref, key: "dose-99" } : ref))),
      JSON.stringify(refs.map((ref) => ({ ...ref, staffIds: [other.users.nurse.id] }))),
      JSON.stringify(refs.map((ref) => ({ ...ref, kind: "screening" }))),
    ];
    for (const slots of cases) {
      const response = await submit(patientId, { ...proposalForm(proposed, "book", {}, { confirm: "on" }), slots });
      expect(response.status, slots).toBe(400);
      expect(response.reply.result.error?.[""]?.[0]).toMatch(/Plan the series again/u);
    }
    const badRow = await submit(
      patientId,
      proposalForm(proposed, "book", { 0: { date: "2030-13-01", roomId: other.clinic.id } }),
    );
    expect(badRow.status).toBe(400);
    expect(badRow.reply.result.error?.["rows[0].date"]).toBeDefined();
    expect(await counts()).toEqual(before);
  });

  it("answers 400 to an unknown intent and to settings that no longer hold", async () => {
    const patientId = await newPatient();
    const proposed = await proposal(patientId);
    const unknown = await submit(patientId, proposalForm(proposed, "book", {}, { intent: "delete" }));
    expect(unknown.status).toBe(400);
    const outsider = await createStaff(testDb.db, world.clinic.id, ["therapist"]);
    const stale = await submit(patientId, proposalForm(proposed, "book", {}, { therapist: outsider.id }));
    expect(stale.status).toBe(400);
  });
});

describe("who may plan", () => {
  it("lets only front desk plan and book: clinicians and admins get 403, another clinic's patient 404", async () => {
    const patientId = await newPatient();
    const proposed = await proposal(patientId);
    const before = await counts();
    for (const role of ["therapist", "nurse", "prescriber", "admin"] as const) {
      expect((await plan(patientId, `?start=${START}`, world.users[role].id)).status).toBe(403);
      expect((await submit(patientId, proposalForm(proposed, "book"), world.users[role].id)).status).toBe(403);
    }
    const other = await createClinicWithTeam(testDb.db);
    expect((await plan(other.patient.id)).status).toBe(404);
    expect((await submit(other.patient.id, proposalForm(proposed, "book"))).status).toBe(404);
    expect(await counts()).toEqual(before);
    const anonymous = await call(testDb.db, loader, `/patients/${patientId}/series/new`, { params: { patientId } });
    expect(anonymous.status).toBe(302);
  });
});
