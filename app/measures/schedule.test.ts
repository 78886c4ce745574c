import { describe, expect, it } from "vitest";
import { contextForKind, measurePlan, middleDose, type RecordedMeasure, type SeriesAppointment } from "./schedule";

const DAY = 86_400_000;
const T0 = Date.UTC(2030, 2, 4, 17, 0);

function at(day: number, hours = 0): Date {
  return new Date(T0 + day * DAY + hours * 3_600_000);
}

/** The standard course: two preparations, a checkpoint, six doses each followed by an integration. */
function standardCourse(): SeriesAppointment[] {
  const sessions: SeriesAppointment[] = [
    { id: "prep-1", kind: "preparation", doseNumber: null, start: at(0), end: at(0, 1.5), status: "scheduled" },
    { id: "prep-2", kind: "preparation", doseNumber: null, start: at(2), end: at(2, 1.5), status: "scheduled" },
    { id: "check-1", kind: "checkpoint", doseNumber: 1, start: at(3), end: at(3, 0.5), status: "scheduled" },
  ];
  for (let dose = 1; dose <= 6; dose += 1) {
    const day = 4 + (dose - 1) * 3;
    sessions.push({
      id: `dose-${dose}`,
      kind: "dosing",
      doseNumber: dose,
      start: at(day),
      end: at(day, 3),
      status: "scheduled",
    });
    sessions.push({
      id: `int-${dose}`,
      kind: "integration",
      doseNumber: dose,
      start: at(day + 1),
      end: at(day + 1, 1),
      status: "scheduled",
    });
  }
  return sessions;
}

function instrumentsBy(plan: ReturnType<typeof measurePlan>): Record<string, string> {
  return Object.fromEntries(
    plan.occasions.map((occasion) => [
      occasion.appointmentId,
      occasion.measures.map((measure) => measure.instrument).join(","),
    ]),
  );
}

describe("when outcome measures are due", () => {
  it("follows the course: baseline at the first preparation, before each dose, at each integration; PCL-5 at baseline, doses 1 and 4 and the last integration", () => {
    const plan = measurePlan(standardCourse(), [], at(-10));
    expect(instrumentsBy(plan)).toEqual({
      "prep-1": "phq9,gad7,pcl5",
      "dose-1": "phq9,gad7,pcl5",
      "int-1": "phq9,gad7",
      "dose-2": "phq9,gad7",
      "int-2": "phq9,gad7",
      "dose-3": "phq9,gad7",
      "int-3": "phq9,gad7",
      "dose-4": "phq9,gad7,pcl5",
      "int-4": "phq9,gad7",
      "dose-5": "phq9,gad7",
      "int-5": "phq9,gad7",
      "dose-6": "phq9,gad7",
      "int-6": "phq9,gad7,pcl5",
    });
    expect(plan.occasions.map((occasion) => occasion.context)).toEqual([
      "baseline",
      ...Array.from({ length: 6 }, () => ["pre_dose", "integration"]).flat(),
    ]);
    expect(plan.occasions.map((occasion) => occasion.title).slice(0, 3)).toEqual([
      "Baseline, at the first preparation session",
      "Before dose 1",
      "Integration after dose 1",
    ]);
    expect(plan.occasions.at(-1)?.title).toBe("Integration after dose 6 (last)");
    expect(plan.occasions.every((occasion) => occasion.measures.every((measure) => measure.state === "upcoming"))).toBe(
      true,
    );
    expect(plan.due).toEqual([]);
    expect(plan.overdue).toEqual([]);
  });

  it("takes the middle dose for PCL-5 in courses of other lengths", () => {
    expect([1, 2, 3, 4, 5, 6, 8].map(middleDose)).toEqual([1, 2, 2, 3, 3, 4, 5]);
    const fourDoses = standardCourse().filter((session) => (session.doseNumber ?? 0) <= 4);
    const plan = measurePlan(fourDoses, [], at(-10));
    expect(instrumentsBy(plan)["dose-3"]).toBe("phq9,gad7,pcl5");
    expect(instrumentsBy(plan)["dose-4"]).toBe("phq9,gad7");
    expect(instrumentsBy(plan)["int-4"]).toBe("phq9,gad7,pcl5");
  });

  it("moves the baseline to the next preparation and the last PCL-5 to the last integration held when sessions are cancelled", () => {
    const sessions = standardCourse().map((session) =>
      session.id === "prep-1" || session.id === "int-6" ? { ...session, status: "cancelled" as const } : session,
    );
    const ids = Object.keys(instrumentsBy(measurePlan(sessions, [], at(-10))));
    expect(ids).not.toContain("prep-1");
    expect(ids).not.toContain("int-6");
    const plan = instrumentsBy(measurePlan(sessions, [], at(-10)));
    expect(plan["prep-2"]).toBe("phq9,gad7,pcl5");
    expect(plan["int-5"]).toBe("phq9,gad7,pcl5");
  });

  it("keeps dose 4's PCL-5 when dose 6 was missed (the course length is the planned one)", () => {
    const sessions = standardCourse().map((session) =>
      session.id === "dose-6" ? { ...session, status: "no_show" as const } : session,
    );
    expect(instrumentsBy(measurePlan(sessions, [], at(-10)))["dose-4"]).toBe("phq9,gad7,pcl5");
  });

  it("needs no baseline at preparation when the series has none; before dose 1 has PCL-5 anyway", () => {
    const sessions = standardCourse().filter((session) => session.kind !== "preparation");
    const plan = measurePlan(sessions, [], at(-10));
    expect(plan.occasions[0]).toMatchObject({ appointmentId: "dose-1", context: "pre_dose" });
    expect(instrumentsBy(plan)["dose-1"]).toBe("phq9,gad7,pcl5");
  });

  it("says what is due now, done, and overdue", () => {
    const sessions = standardCourse();
    sessions[0] = { ...sessions[0]!, status: "completed" };
    const responses: RecordedMeasure[] = [
      { id: "r1", instrument: "phq9", appointmentId: "prep-1", enteredInError: false },
      { id: "r2", instrument: "gad7", appointmentId: "prep-1", enteredInError: true },
      { id: "r3", instrument: "pcl5", appointmentId: null, enteredInError: false },
    ];
    // The evening before dose 1.
    const plan = measurePlan(sessions, responses, at(3, 6));
    const baseline = plan.occasions[0]!;
    expect(baseline.measures).toEqual([
      { instrument: "phq9", state: "done", responseId: "r1" },
      { instrument: "gad7", state: "overdue", responseId: null },
      { instrument: "pcl5", state: "overdue", responseId: null },
    ]);
    expect(plan.overdue.map((item) => [item.appointmentId, item.instrument])).toEqual([
      ["prep-1", "gad7"],
      ["prep-1", "pcl5"],
    ]);
    expect(plan.due.map((item) => [item.appointmentId, item.instrument, item.context])).toEqual([
      ["dose-1", "phq9", "pre_dose"],
      ["dose-1", "gad7", "pre_dose"],
      ["dose-1", "pcl5", "pre_dose"],
    ]);
    expect(
      plan.occasions
        .find((occasion) => occasion.appointmentId === "int-1")
        ?.measures.every((measure) => measure.state === "upcoming"),
    ).toBe(true);
    // A preparation session left "scheduled" but long over is overdue too.
    expect(measurePlan(standardCourse(), [], at(1)).overdue.map((item) => item.appointmentId)).toEqual([
      "prep-1",
      "prep-1",
      "prep-1",
    ]);
  });

  it("counts a checked-in session as due even before its start, and overdue once it has ended", () => {
    const sessions = standardCourse().map((session) =>
      session.id === "dose-1" ? { ...session, status: "checked_in" as const } : session,
    );
    const early = measurePlan(sessions, [], at(2));
    expect(early.due.filter((item) => item.appointmentId === "dose-1")).toHaveLength(3);
    const late = measurePlan(sessions, [], at(4, 4));
    expect(late.overdue.filter((item) => item.appointmentId === "dose-1")).toHaveLength(3);
  });

  it("uses the start as the end when no end is given, and names a dose without a number plainly", () => {
    const plan = measurePlan(
      [{ id: "d", kind: "dosing", doseNumber: null, start: at(0), status: "scheduled" }],
      [],
      at(0, 1),
    );
    expect(plan.occasions[0]?.title).toBe("Before the dose");
    expect(plan.overdue).toHaveLength(2);
  });

  it("chooses the context a session's measure is usually recorded with", () => {
    expect((["screening", "preparation", "dosing", "integration", "checkpoint"] as const).map(contextForKind)).toEqual([
      "baseline",
      "baseline",
      "pre_dose",
      "integration",
      "follow_up",
    ]);
  });
});
