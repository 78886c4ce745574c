import { describe, expect, it } from "vitest";
import {
  formatLocalTime,
  isoWeekOf,
  isValidTimeZone,
  localDateOf,
  localPartsOf,
  parseLocalDate,
  parseLocalTime,
  weekdayOf,
  zonedInstant,
  zonedInstantIfExists,
} from "./local-time";
import { formatDay, formatDays } from "./format";

const LA = "America/Los_Angeles";
const day = (date: string): number => parseLocalDate(date) ?? Number.NaN;

describe("local dates and times", () => {
  it("parses real dates only", () => {
    expect(day("2026-03-08")).toBe(20520);
    expect(localDateOf(20520)).toBe("2026-03-08");
    expect(parseLocalDate("2026-02-29")).toBeNull();
    expect(parseLocalDate("2026-3-8")).toBeNull();
    for (let epochDay = -1000; epochDay < 80_000; epochDay += 97) {
      expect(localDateOf(epochDay)).toBe(new Date(epochDay * 86_400_000).toISOString().slice(0, 10));
    }
  });

  it("parses HH:mm, allowing 24:00 as the end of the day", () => {
    expect(parseLocalTime("08:30")).toBe(510);
    expect(parseLocalTime("24:00")).toBe(1440);
    expect([parseLocalTime("24:30"), parseLocalTime("8:30"), parseLocalTime("08:60")]).toEqual([null, null, null]);
    expect(formatLocalTime(510)).toBe("08:30");
  });

  it("knows weekdays and ISO weeks (Monday to Sunday)", () => {
    expect(weekdayOf(day("2026-03-08"))).toBe(0);
    expect(weekdayOf(day("2026-03-09"))).toBe(1);
    expect(isoWeekOf(day("2026-03-08"))).toBe(isoWeekOf(day("2026-03-02")));
    expect(isoWeekOf(day("2026-03-09"))).toBe(isoWeekOf(day("2026-03-08")) + 1);
  });

  it("turns wall-clock times into instants on both sides of daylight-saving changes", () => {
    expect(new Date(zonedInstant(day("2026-03-07"), 600, LA)).toISOString()).toBe("2026-03-07T18:00:00.000Z");
    expect(new Date(zonedInstant(day("2026-03-09"), 600, LA)).toISOString()).toBe("2026-03-09T17:00:00.000Z");
    expect(zonedInstantIfExists(day("2026-03-08"), 150, LA)).toBeNull();
    expect(new Date(zonedInstant(day("2026-03-08"), 150, LA)).toISOString()).toBe("2026-03-08T10:30:00.000Z");
    expect(new Date(zonedInstant(day("2026-11-01"), 90, LA)).toISOString()).toBe("2026-11-01T08:30:00.000Z");
    expect(zonedInstant(day("2026-03-08"), 1440, LA)).toBe(zonedInstant(day("2026-03-09"), 0, LA));
  });

  it("reads the local day and minute of an instant", () => {
    expect(localPartsOf(Date.parse("2026-11-01T09:30:00Z"), LA)).toEqual({ epochDay: day("2026-11-01"), minute: 90 });
    expect(localPartsOf(Date.parse("2026-11-01T06:59:00Z"), LA)).toEqual({ epochDay: day("2026-10-31"), minute: 1439 });
    expect(localPartsOf(Date.parse("2026-03-08T10:00:00Z"), "Asia/Kolkata")).toEqual({
      epochDay: day("2026-03-08"),
      minute: 930,
    });
  });

  it("knows real time zones", () => {
    expect(isValidTimeZone(LA)).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });

  it("writes days for people", () => {
    expect(formatDay(day("2026-03-03"))).toBe("Tue, Mar 3");
    expect(formatDays([day("2026-03-03"), day("2026-03-04"), day("2026-03-05")])).toBe("Mar 3–5");
    expect(formatDays([day("2026-03-30"), day("2026-03-31"), day("2026-04-01"), day("2026-04-03")])).toBe(
      "Mar 30–Apr 1 and Fri, Apr 3",
    );
    expect(formatDays([1, 3, 5, 7, 8].map((offset) => day("2026-03-01") + offset))).toBe(
      "Mon, Mar 2, Wed, Mar 4, Fri, Mar 6 and 2 more days",
    );
  });
});
