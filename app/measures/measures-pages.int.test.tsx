import { and, asc, count, eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { appointment, auditEntry, measureResponse } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { expectAccessible, renderPage } from "#test/render-page";
import { createStaff } from "#test/fixtures";
import { clock } from "#app/auth/clock";
import MeasuresPage, { action as measuresAction, loader as measuresLoader } from "#app/routes/series-measures";
import RecordPage, { action as recordAction, loader as recordLoader } from "#app/routes/series-measures-new";
import { bookStandardSeries, call, createDemoLikeClinic, type DemoWorld } from "#app/scheduling/testing/demo-world";
import { latestMeasures, measuresSummaryView } from "./measures-summary.server";
import { MeasuresSummaryPanel } from "./measures-summary";
import type { MeasuresPageData } from "./measures-view";

const testDb = setupTestDatabase();
let world: DemoWorld;
let away: DemoWorld;
let seriesId: string;
let awaySeriesId: string;
let outsider: string;

const NOW = new Date("2030-03-12T18:00:00Z");

type Page = { page: MeasuresPageData; canRecord: boolean; notice: string | null; patient: { name: string } };

beforeAll(async () => {
  world = await createDemoLikeClinic(testDb.db);
  away = await createDemoLikeClinic(testDb.db);
  seriesId = (await bookStandardSeries(testDb.db, world, world.patient.id, "2030-03-04")).seriesId;
  awaySeriesId = (await bookStandardSeries(testDb.db, away, away.patient.id, "2030-03-04")).seriesId;
  outsider = (await createStaff(testDb.db, world.clinic.id, ["therapist"])).id;
});

beforeEach(() => {
  vi.spyOn(clock, "now").mockReturnValue(NOW);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const pagePath = (id: string): string => `/series/${id}/measures`;
const newPath = (id: string, query = "?instrument=phq9"): string => `/series/${id}/measures/new${query}`;

async function page(userId: string, id = seriesId, query = "") {
  return call(testDb.db, measuresLoader, `${pagePath(id)}${query}`, { userId, params: { seriesId: id } });
}

async function form(userId: string, query = "?instrument=phq9", id = seriesId) {
  return call(testDb.db, recordLoader, newPath(id, query), { userId, params: { seriesId: id } });
}

async function submit(userId: string, values: Record<string, string>, id = seriesId) {
  return call(testDb.db, recordAction, newPath(id), { userId, params: { seriesId: id }, form: values });
}

async function mark(userId: string, values: Record<string, string>, id = seriesId) {
  return call(testDb.db, measuresAction, pagePath(id), {
    userId,
    params: { seriesId: id },
    form: { intent: "entered-in-error", ...values },
  });
}

function phq9(answers: number[], extra: Record<string, string> = {}): Record<string, string> {
  return {
    instrument: "phq9",
    context: "pre_dose",
    completedAt: "2030-03-12T09:30",
    ...Object.fromEntries(answers.map((value, index) => [`item${index + 1}`, String(value)])),
    ...extra,
  };
}

async function responses(): Promise<number> {
  const [row] = await testDb.db.select({ n: count() }).from(measureResponse);
  return row?.n ?? 0;
}

async function dosingSession(dose: number) {
  const [row] = await testDb.db
    .select()
    .from(appointment)
    .where(and(eq(appointment.seriesId, seriesId), eq(appointment.kind, "dosing"), eq(appointment.doseNumber, dose)));
  return row!;
}

describe("who may see and record outcome measures", () => {
  it("lets the therapist and the prescriber on the care team record a PHQ-9, item by item", async () => {
    for (const role of ["therapist", "prescriber"] as const) {
      const userId = world.users[role].id;
      expect((await form(userId)).status).toBe(200);
      const saved = await submit(userId, phq9([1, 1, 1, 1, 1, 1, 1, 1, 0]));
      expect(saved.status).toBe(302);
      const location = saved.headers.get("Location") ?? "";
      expect(location).toMatch(
        new RegExp(`^/series/${seriesId}/measures\\?saved=recorded&response=[0-9a-f-]{36}$`, "u"),
      );
      const id = location.split("response=")[1]!;
      const [row] = await testDb.db.select().from(measureResponse).where(eq(measureResponse.id, id));
      expect(row).toMatchObject({
        recordedBy: userId,
        total: 8,
        severity: "mild",
        alert: "",
        context: "pre_dose",
        completedAt: new Date("2030-03-12T16:30:00Z"),
      });
      const shown = await page(userId, seriesId, `?saved=recorded&response=${id}`);
      expect((shown.body as Page).notice).toBe("PHQ-9 recorded: 8 of 27, mild.");
    }
  });

  it("lets the nurse read the measures but not record them (record:measure is for prescribers and therapists)", async () => {
    const before = await responses();
    const shown = await page(world.users.nurse.id);
    expect(shown.status).toBe(200);
    expect((shown.body as Page).canRecord).toBe(false);
    expect((await form(world.users.nurse.id)).status).toBe(403);
    expect((await submit(world.users.nurse.id, phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]))).status).toBe(403);
    const [any] = await testDb.db.select().from(measureResponse).limit(1);
    expect((await mark(world.users.nurse.id, { responseId: any!.id, reason: "nurse" })).status).toBe(403);
    expect(await responses()).toBe(before);
    const html = renderPage(pagePath(seriesId), MeasuresPage, shown.body);
    expect(html).not.toContain("<form");
    expect(html).not.toContain("Record PHQ-9");
  });

  it("refuses front desk and admin (403), a clinician off the care team (403), and another clinic's series (404), all audited", async () => {
    for (const userId of [world.users.frontdesk.id, world.users.admin.id, outsider]) {
      expect((await page(userId)).status).toBe(403);
      expect((await form(userId)).status).toBe(403);
      expect((await submit(userId, phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]))).status).toBe(403);
    }
    for (const role of ["therapist", "prescriber", "nurse"] as const) {
      expect((await page(world.users[role].id, awaySeriesId)).status).toBe(404);
    }
    expect((await form(world.users.therapist.id, "?instrument=phq9", awaySeriesId)).status).toBe(404);
    expect((await submit(world.users.therapist.id, phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), awaySeriesId)).status).toBe(404);
    expect((await page(world.users.therapist.id, "not-a-uuid")).status).toBe(404);
    const denied = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, outsider), eq(auditEntry.outcome, "denied")));
    expect(denied.some((entry) => entry.action === "read:clinical" && entry.patientId === world.patient.id)).toBe(true);
    const probes = await testDb.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, world.users.therapist.id), eq(auditEntry.outcome, "not_found")));
    expect(probes.some((entry) => entry.entityId === awaySeriesId && entry.patientId === null)).toBe(true);
  });

  it("audits every read of the measures page", async () => {
    await page(world.users.prescriber.id);
    const reads = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(
          eq(auditEntry.action, "read:measures"),
          eq(auditEntry.actorUserId, world.users.prescriber.id),
          eq(auditEntry.entityId, seriesId),
        ),
      );
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]).toMatchObject({ patientId: world.patient.id, outcome: "success" });
  });
});

describe("refusing bad input", () => {
  it("answers 400 with a message on each unanswered or impossible item, and writes nothing", async () => {
    const before = await responses();
    const values = phq9([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    delete values.item3;
    values.item5 = "7";
    const refused = await submit(world.users.therapist.id, values);
    expect(refused.status).toBe(400);
    const errors = (refused.body as { result: { error: Record<string, string[]> } }).result.error;
    expect(errors.item3).toEqual([
      "Choose an answer for item 3: the PHQ-9 is only scored when every item is answered.",
    ]);
    expect(errors.item5).toEqual(["Item 5 must be one of the answers, scored 0 to 3."]);
    expect(await responses()).toBe(before);
    const html = renderPage(newPath(seriesId), RecordPage, (await form(world.users.therapist.id)).body, refused.body);
    expectAccessible(html);
    expect(html).toContain("Choose an answer for item 3");
  });

  it("answers 400 for an unknown questionnaire, a time in the future or one that does not exist, and a session of another series", async () => {
    const before = await responses();
    expect(
      (await submit(world.users.therapist.id, { ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 0]), instrument: "bdi" })).status,
    ).toBe(400);
    const future = await submit(
      world.users.therapist.id,
      phq9([0, 0, 0, 0, 0, 0, 0, 0, 0], { completedAt: "2030-03-13T09:30" }),
    );
    expect(future.status).toBe(400);
    expect((future.body as { result: { error: Record<string, string[]> } }).result.error.completedAt?.[0]).toMatch(
      /in the future/u,
    );
    const skipped = await submit(
      world.users.therapist.id,
      phq9([0, 0, 0, 0, 0, 0, 0, 0, 0], { completedAt: "2030-03-10T02:30" }),
    );
    expect(skipped.status).toBe(400);
    const [elsewhere] = await testDb.db
      .select()
      .from(appointment)
      .where(eq(appointment.seriesId, awaySeriesId))
      .orderBy(asc(appointment.startsAt))
      .limit(1);
    const wrongSession = await submit(
      world.users.therapist.id,
      phq9([0, 0, 0, 0, 0, 0, 0, 0, 0], { appointmentId: elsewhere!.id }),
    );
    expect(wrongSession.status).toBe(400);
    expect((wrongSession.body as { result: { error: Record<string, string[]> } }).result.error.appointmentId).toEqual([
      "Choose a session of this series, or none.",
    ]);
    expect((await form(world.users.therapist.id, "?instrument=bdi")).status).toBe(400);
    expect(await responses()).toBe(before);
  });
});

describe("the PHQ-9 item 9 alert", () => {
  it("is stored with the response and shown as an unmistakable banner on the measures page", async () => {
    const dose = await dosingSession(3);
    const saved = await submit(
      world.users.therapist.id,
      phq9([2, 2, 1, 1, 1, 1, 1, 1, 1], { appointmentId: dose.id, completedAt: "2030-03-12T08:00" }),
    );
    expect(saved.status).toBe(302);
    const id = (saved.headers.get("Location") ?? "").split("response=")[1]!;
    const [row] = await testDb.db.select().from(measureResponse).where(eq(measureResponse.id, id));
    expect(row?.alert).toMatch(/“Several days”: thoughts that you would be better off dead or of hurting yourself/u);
    const notice = await page(world.users.therapist.id, seriesId, `?saved=recorded&response=${id}`);
    expect((notice.body as Page).notice).toBe(
      "PHQ-9 recorded: 11 of 27, moderate. Item 9 is above zero: the care team sees the safety alert.",
    );
    const shown = await page(world.users.nurse.id);
    const data = (shown.body as Page).page;
    expect(data.alerts).toHaveLength(1);
    expect(data.alerts[0]?.text).toBe(row?.alert);
    const html = renderPage(pagePath(seriesId), MeasuresPage, shown.body);
    expect(html).toMatch(
      /<div class="alert-banner" role="alert"[^>]*><h2 id="self-harm-alert-title">Safety alert: PHQ-9 item 9 above zero<\/h2>/u,
    );
    expect(html).toContain("thoughts that you would be better off dead or of hurting yourself");
    expect(html).toContain('class="measure-point alert"');
  });
});

describe("the measures page", () => {
  it("charts each instrument across the series with its dose dates, beside a table, and lists what is due", async () => {
    const shown = await page(world.users.therapist.id);
    const data = (shown.body as Page).page;
    const phq = data.sections.find((section) => section.instrument === "phq9")!;
    expect(phq.points).toHaveLength(3);
    expect(phq.rows).toHaveLength(3);
    expect(data.doses.map((dose) => dose.doseNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    // By 12 March the preparations and doses 1–2 with their integrations are past; dose 3 has a PHQ-9.
    const dose3 = data.occasions.find((occasion) => occasion.title === "Before dose 3");
    expect(dose3?.measures.map((measure) => [measure.name, measure.stateLabel])).toEqual([
      ["PHQ-9", "Done"],
      ["GAD-7", expect.stringMatching(/Due now|Missing|Upcoming/u)],
    ]);
    expect(data.occasions[0]).toMatchObject({ title: "Baseline, at the first preparation session" });
    expect(data.overdueCount).toBeGreaterThan(0);
    const html = renderPage(pagePath(seriesId), MeasuresPage, shown.body);
    expectAccessible(html);
    expect(html.match(/<svg\b[^>]*role="img"/gu)).toHaveLength(1);
    expect(html).toContain("No GAD-7 recorded in this series yet.");
    const line = /<polyline class="measure-line" points="([^"]+)"/u.exec(html)?.[1] ?? "";
    expect(line.split(" ")).toHaveLength(3);
    expect(html.match(/class="dose-marker"/gu)).toHaveLength(6);
    expect(html).toContain("<caption>PHQ-9 responses in this series, oldest first</caption>");
    expect(html).toContain("<caption>Measures by session</caption>");
    expect(html).toContain(`href="/series/${seriesId}/measures/new?instrument=gad7&amp;appointment=`);
  });

  it("marks a response entered in error with a reason: struck through in the table, gone from the chart", async () => {
    const listed = (await page(world.users.therapist.id)).body as Page;
    const target = listed.page.sections[0]!.rows[0]!;
    const noReason = await mark(world.users.therapist.id, { responseId: target.id, reason: "" });
    expect(noReason.status).toBe(400);
    const [unchanged] = await testDb.db.select().from(measureResponse).where(eq(measureResponse.id, target.id));
    expect(unchanged?.enteredInErrorAt).toBeNull();
    const html400 = renderPage(pagePath(seriesId), MeasuresPage, listed, noReason.body);
    expect(html400).toContain("Say why it was entered in error.");
    expect(html400).toMatch(/<details open="">/u);
    const marked = await mark(world.users.prescriber.id, {
      responseId: target.id,
      reason: "Answered for last month, not the last two weeks",
    });
    expect(marked.status).toBe(302);
    expect(marked.headers.get("Location")).toBe(`/series/${seriesId}/measures?saved=entered-in-error`);
    const again = await mark(world.users.prescriber.id, { responseId: target.id, reason: "again" });
    expect(again.status).toBe(409);
    const shown = await page(world.users.therapist.id, seriesId, "?saved=entered-in-error");
    const data = (shown.body as Page).page;
    const phq = data.sections[0]!;
    expect(phq.points).toHaveLength(2);
    expect(phq.rows).toHaveLength(3);
    expect(phq.rows[0]?.enteredInError).toMatchObject({
      reason: "Answered for last month, not the last two weeks",
      by: world.users.prescriber.name,
    });
    const html = renderPage(pagePath(seriesId), MeasuresPage, shown.body);
    expect(html).toContain('<tr class="entered-in-error">');
    expect(html).toMatch(/<del>[^<]*<\/del>/u);
    expect(html).toContain("Entered in error — Answered for last month, not the last two weeks");
    expect(/<polyline class="measure-line" points="([^"]+)"/u.exec(html)?.[1]?.split(" ")).toHaveLength(2);
    // The second marking's conflict is shown at the top, since that row has no form any more.
    expect(renderPage(pagePath(seriesId), MeasuresPage, shown.body, again.body)).toMatch(
      /<div class="form-errors" role="alert"><p>This PHQ-9 was already marked entered in error/u,
    );
    expect((await mark(world.users.therapist.id, { responseId: target.id, reason: "x" }, awaySeriesId)).status).toBe(
      404,
    );
  });

  it("offers the form for the chosen questionnaire and session: one fieldset per item, its legend the item", async () => {
    const dose = await dosingSession(4);
    const loaded = await form(world.users.therapist.id, `?instrument=pcl5&appointment=${dose.id}`);
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({
      instrument: "pcl5",
      defaults: { context: "pre_dose", appointmentId: dose.id, completedAt: "2030-03-12T11:00" },
    });
    const html = renderPage(newPath(seriesId, `?instrument=pcl5&appointment=${dose.id}`), RecordPage, loaded.body);
    expectAccessible(html);
    expect(html.match(/class="radio-group"/gu)).toHaveLength(20);
    expect(html.match(/type="radio"/gu)).toHaveLength(100);
    expect(html).toContain(
      "<legend>1. Repeated, disturbing, and unwanted memories of the stressful experience?</legend>",
    );
    expect(html).toContain("<legend>In the past month, how much were you bothered by:</legend>");
    expect(html).toContain("Extremely (4)");
    const gad = await form(world.users.therapist.id, "?instrument=gad7");
    expect(gad.body).toMatchObject({ instrument: "gad7", defaults: { context: "follow_up", appointmentId: "" } });
  });
});

describe("the measures summary for other pages (the sign-off queue)", () => {
  it("shows the latest of each questionnaire, what is missing, and the open item 9 alert first", async () => {
    // The earlier item 9 alert was marked entered in error above: none is open.
    expect((await latestMeasures(testDb.db, world.clinic.id, seriesId, NOW)).openAlert).toBeNull();
    expect(
      (await submit(world.users.therapist.id, phq9([3, 3, 2, 2, 1, 1, 1, 1, 3], { completedAt: "2030-03-12T10:00" })))
        .status,
    ).toBe(302);
    const summary = await latestMeasures(testDb.db, world.clinic.id, seriesId, NOW);
    const view = measuresSummaryView(summary, world.clinic.timeZone);
    expect(view.measures.map((measure) => [measure.name, measure.score, measure.severity, measure.alert])).toEqual([
      ["PHQ-9", "17 of 27", "moderately severe", true],
    ]);
    expect(view.measures[0]?.when).toBe("Tue 12 Mar 2030 (before a dose)");
    expect(view.missing).toEqual(["GAD-7", "PCL-5"]);
    expect(view.alert).toEqual({
      text: "PHQ-9 item 9 answered “Nearly every day”: thoughts that you would be better off dead or of hurting yourself.",
      when: "Tue 12 Mar 2030, 10:00",
    });
    const Panel = (): React.ReactNode => <MeasuresSummaryPanel view={view} seriesId={seriesId} />;
    const html = renderPage(`/series/${seriesId}`, Panel, null);
    expect(html).toContain("<h3>Latest outcome measures</h3>");
    expect(html.indexOf("Safety alert")).toBeLessThan(html.indexOf("PHQ-9</strong>"));
    expect(html).toContain("Not recorded in this series: GAD-7, PCL-5.");
    expect(html).toContain(`href="/series/${seriesId}/measures"`);
  });
});
