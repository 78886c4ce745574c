import { describe, expect, it } from "vitest";
import { buildDayGrid } from "./day-grid";
import { parseLocalDate } from "./local-time";
import { planSeries, STANDARD_KAP_COURSE, validateSlots } from "./index";
import type { ProposedSlot } from "./types";
import { dosesOf, localTime } from "./testing/course-checks";
import { LA, request } from "./testing/fixtures";

function plannedAtTen(startDate: string): ProposedSlot[] {
  const input = request({ startDate, preferences: { earliestStart: "10:00", latestStart: "10:00" } });
  const result = planSeries(input);
  if (!result.ok) {
    throw new Error(result.problems.map((problem) => problem.message).join(" | "));
  }
  expect(validateSlots(input, result.slots)).toEqual([]);
  return result.slots;
}

describe("daylight-saving changes in Los Angeles", () => {
  it("keeps every slot at 10:00 local across the spring change (2026-03-08), so the UTC hour moves", () => {
    const slots = plannedAtTen("2026-02-26");
    const doses = dosesOf(slots);
    expect((doses[0]?.localDate ?? "") < "2026-03-08" && (doses[5]?.localDate ?? "") > "2026-03-08").toBe(true);
    expect(slots.every((slot) => slot.localStart === "10:00" && localTime(slot, LA) === "10:00")).toBe(true);
    const before = doses.filter((dose) => dose.localDate < "2026-03-08");
    const after = doses.filter((dose) => dose.localDate > "2026-03-08");
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(before.map((dose) => dose.start.getUTCHours()))).toEqual(new Set([18]));
    expect(new Set(after.map((dose) => dose.start.getUTCHours()))).toEqual(new Set([17]));
    expect(doses.every((dose) => dose.end.getTime() - dose.start.getTime() === 3 * 3_600_000)).toBe(true);
  });

  it("keeps every slot at 10:00 local across the autumn change (2026-11-01)", () => {
    const doses = dosesOf(plannedAtTen("2026-10-20"));
    const before = doses.filter((dose) => dose.localDate < "2026-11-01");
    const after = doses.filter((dose) => dose.localDate > "2026-11-01");
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(doses.every((dose) => dose.localStart === "10:00" && localTime(dose) === "10:00")).toBe(true);
    expect(new Set(before.map((dose) => dose.start.getUTCHours()))).toEqual(new Set([17]));
    expect(new Set(after.map((dose) => dose.start.getUTCHours()))).toEqual(new Set([18]));
  });

  it("never offers a time the spring change skips, and means the first of a repeated hour", () => {
    const spring = buildDayGrid(LA, parseLocalDate("2026-03-08") ?? 0, 1, 30);
    expect(spring.days[0]?.uniform).toBe(false);
    expect(Number.isNaN(spring.gridMs[4] ?? 0)).toBe(true); // 02:00
    expect(Number.isNaN(spring.gridMs[5] ?? 0)).toBe(true); // 02:30
    expect(new Date(spring.gridMs[6] ?? 0).toISOString()).toBe("2026-03-08T10:00:00.000Z"); // 03:00 PDT
    const autumn = buildDayGrid(LA, parseLocalDate("2026-11-01") ?? 0, 1, 30);
    expect(new Date(autumn.gridMs[2] ?? 0).toISOString()).toBe("2026-11-01T08:00:00.000Z"); // 01:00 PDT
    expect(new Date(autumn.gridMs[4] ?? 0).toISOString()).toBe("2026-11-01T10:00:00.000Z"); // 02:00 PST
    expect((autumn.days[0]?.endMs ?? 0) - (autumn.days[0]?.startMs ?? 0)).toBe(25 * 3_600_000);
  });

  it("measures sessions in real hours: 00:00–02:00 on the autumn change night holds a 3-hour dose", () => {
    const template = {
      ...STANDARD_KAP_COURSE,
      preparation: { ...STANDARD_KAP_COURSE.preparation, count: 0 },
      dosing: { ...STANDARD_KAP_COURSE.dosing, count: 1 },
      integration: { ...STANDARD_KAP_COURSE.integration, afterDoses: [] },
      checkpoints: { ...STANDARD_KAP_COURSE.checkpoints, beforeDoses: [], afterDoses: [] },
    };
    const input = request({ startDate: "2026-10-25", searchDays: 14 }, template);
    const everyDay = [0, 1, 2, 3, 4, 5, 6];
    input.calendar.openingHours = everyDay.map((weekday) => ({ weekday, opens: "00:00", closes: "02:00" }));
    input.calendar.staff = input.calendar.staff.map((person) => ({
      ...person,
      workingHours: everyDay.map((weekday) => ({ weekday, starts: "00:00", ends: "02:00" })),
    }));
    const result = planSeries(input);
    if (!result.ok) {
      throw new Error(result.problems.map((problem) => problem.message).join(" | "));
    }
    expect(result.slots.map((slot) => [slot.localDate, slot.localStart])).toEqual([["2026-11-01", "00:00"]]);
    expect(result.slots[0]?.start.toISOString()).toBe("2026-11-01T07:00:00.000Z");
    expect(result.slots[0]?.end.toISOString()).toBe("2026-11-01T10:00:00.000Z");
    expect(validateSlots(input, result.slots)).toEqual([]);
  });
});
