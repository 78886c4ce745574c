import { describe, expect, it } from "vitest";
import { calendarDays, localMidnight, localMinutes, placeOnDay, shiftDate } from "./calendar-grid";

const LA = "America/Los_Angeles";

describe("calendar days", () => {
  it("runs Monday to Sunday in the clinic's zone", () => {
    const days = calendarDays("2026-03-04", "week", LA);
    expect(days.map((day) => day.date)).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
    ]);
    expect(days[0]?.start.toISOString()).toBe("2026-03-02T08:00:00.000Z");
  });

  it("makes the spring-forward day 23 hours and the fall-back day 25 hours long", () => {
    const spring = calendarDays("2026-03-08", "day", LA)[0]!;
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const fall = calendarDays("2026-11-01", "day", LA)[0]!;
    expect((fall.end.getTime() - fall.start.getTime()) / 3_600_000).toBe(25);
  });

  it("keeps 10:00 at 10:00 local across the change, though the UTC hour moves", () => {
    const before = new Date("2026-03-06T18:00:00Z");
    const after = new Date("2026-03-09T17:00:00Z");
    expect(localMinutes(before, LA)).toBe(600);
    expect(localMinutes(after, LA)).toBe(600);
    expect(new Date(localMidnight("2026-03-09", LA).getTime() + 10 * 3_600_000)).toEqual(after);
  });

  it("moves a week or a day at a time", () => {
    expect(shiftDate("2026-03-04", "week", 1)).toBe("2026-03-11");
    expect(shiftDate("2026-03-01", "day", -1)).toBe("2026-02-28");
  });
});

describe("placing appointments on a day", () => {
  const at = (hhmm: string): Date => new Date(`2026-03-03T${hhmm}:00-08:00`);

  it("puts non-overlapping appointments in one lane at their local minute", () => {
    const placed = placeOnDay(
      [
        { start: at("10:00"), end: at("13:00") },
        { start: at("13:00"), end: at("14:00") },
      ],
      LA,
    );
    expect(placed.map((item) => [item.top, item.height, item.lane, item.lanes])).toEqual([
      [600, 180, 0, 1],
      [780, 60, 0, 1],
    ]);
  });

  it("puts overlapping appointments side by side and reuses freed lanes", () => {
    const placed = placeOnDay(
      [
        { start: at("09:00"), end: at("12:00") },
        { start: at("10:00"), end: at("11:00") },
        { start: at("11:00"), end: at("12:30") },
        { start: at("14:00"), end: at("15:00") },
      ],
      LA,
    );
    expect(placed.map((item) => [item.lane, item.lanes])).toEqual([
      [0, 2],
      [1, 2],
      [1, 2],
      [0, 1],
    ]);
  });
});
