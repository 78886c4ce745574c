import { describe, expect, it } from "vitest";
import { seriesSteps, STANDARD_KAP_COURSE } from "./planner";
import { remainingCourse, type BookedAppointment } from "./remaining-course";

const held = (
  kind: BookedAppointment["kind"],
  doseNumber: number | null,
  status: BookedAppointment["status"] = "completed",
): BookedAppointment => ({ kind, doseNumber, status });

function course(missed: number[], integrationMissed: number[] = missed): BookedAppointment[] {
  return [1, 2, 3, 4, 5, 6].flatMap((dose) => [
    held("dosing", dose, missed.includes(dose) ? "no_show" : "completed"),
    held("integration", dose, integrationMissed.includes(dose) ? "cancelled" : "scheduled"),
  ]);
}

describe("what is left of a course", () => {
  it("is nothing when every dose is held or booked", () => {
    expect(remainingCourse(STANDARD_KAP_COURSE, course([]))).toBeNull();
  });

  it("keeps the rules but only the missed doses with their integrations: no preparation, no checkpoints", () => {
    const remaining = remainingCourse(STANDARD_KAP_COURSE, course([3, 5]));
    expect(remaining?.missedDoses).toEqual([3, 5]);
    expect(remaining?.template).toMatchObject({
      name: "Standard KAP course (make-up sessions)",
      preparation: { count: 0 },
      dosing: { count: 2, minDaysApart: 2, maxPerWeek: 2, maxCourseDays: 21 },
      integration: { afterDoses: "all" },
      checkpoints: { beforeDoses: [], afterDoses: [] },
    });
    expect(seriesSteps(remaining!.template).map((step) => step.key)).toEqual([
      "dose-1",
      "integration-after-dose-1",
      "dose-2",
      "integration-after-dose-2",
    ]);
  });

  it("does not repeat an integration that is still booked, nor one the template never had", () => {
    expect(remainingCourse(STANDARD_KAP_COURSE, course([2, 4], [4]))?.template.integration.afterDoses).toEqual([2]);
    const some = { ...STANDARD_KAP_COURSE, integration: { ...STANDARD_KAP_COURSE.integration, afterDoses: [1, 6] } };
    expect(remainingCourse(some, course([1, 2]))?.template.integration.afterDoses).toEqual([1]);
  });

  it("counts a dose never booked at all as missing", () => {
    const booked = course([]).filter((row) => !(row.kind === "dosing" && row.doseNumber === 6));
    expect(remainingCourse(STANDARD_KAP_COURSE, booked)?.missedDoses).toEqual([6]);
  });
});
