import { describe, expect, it } from "vitest";
import { STANDARD_KAP_COURSE } from "./planner";
import { parseSeriesTemplate, seriesTemplateSchema } from "./template-schema";

const variant = (change: (template: typeof STANDARD_KAP_COURSE) => void) => {
  const copy = structuredClone(STANDARD_KAP_COURSE);
  change(copy);
  return copy;
};

function messages(value: unknown): string[] {
  const result = seriesTemplateSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe("series template schema", () => {
  it("accepts the standard KAP course unchanged", () => {
    expect(parseSeriesTemplate(STANDARD_KAP_COURSE)).toEqual(STANDARD_KAP_COURSE);
  });

  it("refuses doses that cannot fit the course length", () => {
    expect(messages(variant((t) => (t.dosing.maxCourseDays = 9)))).toEqual([
      "6 doses 2 days apart need at least 11 days.",
    ]);
  });

  it("refuses a checkpoint or integration after a dose that does not exist", () => {
    expect(messages(variant((t) => (t.checkpoints.afterDoses = [7])))).toEqual([
      "The course has 6 doses; dose 7 does not exist.",
    ]);
    expect(messages(variant((t) => (t.integration.afterDoses = [2, 9])))).toEqual([
      "The course has 6 doses; dose 9 does not exist.",
    ]);
  });

  it("refuses a dosing session without a room or a medical monitor", () => {
    expect(messages(variant((t) => (t.dosing.needs = ["therapist"])))).toEqual([
      "A dosing session needs a room.",
      "A dosing session needs a medical monitor (a prescriber or nurse) on site.",
    ]);
  });

  it("refuses reversed windows and nonsense numbers", () => {
    expect(messages(variant((t) => (t.integration.minDaysAfter = 5)))).toContain(
      "The latest day must not be before the earliest.",
    );
    expect(messages(variant((t) => (t.dosing.durationMinutes = 5)))).toEqual([
      "Dosing session length: at least 15 minutes.",
    ]);
    expect(parseSeriesTemplate({ name: "half a template" })).toBeNull();
  });
});
