import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isLocalDate, localDayStart, tomorrowIn } from "./local-dates";

describe("local dates", () => {
  it("checks, adds and counts calendar days", () => {
    expect(isLocalDate("2030-02-28")).toBe(true);
    expect(isLocalDate("2030-02-29")).toBe(false);
    expect(isLocalDate("2030-2-1")).toBe(false);
    expect(addDays("2030-02-28", 1)).toBe("2030-03-01");
    expect(addDays("2030-03-01", -1)).toBe("2030-02-28");
    expect(daysBetween("2030-03-04", "2030-03-25")).toBe(21);
  });

  it("finds tomorrow and the start of a day in the clinic's zone, across a daylight-saving change", () => {
    // 06:30 UTC on 9 March 2030 is still 8 March in Los Angeles.
    expect(tomorrowIn("America/Los_Angeles", new Date("2030-03-09T06:30:00Z"))).toBe("2030-03-09");
    expect(localDayStart("2030-03-09", "America/Los_Angeles").toISOString()).toBe("2030-03-09T08:00:00.000Z");
    expect(localDayStart("2030-03-11", "America/Los_Angeles").toISOString()).toBe("2030-03-11T07:00:00.000Z");
  });
});
