import { describe, expect, it } from "vitest";
import { ageOn, formatDateOfBirth, parseDateInput, todayInZone } from "./dates";

describe("parseDateInput", () => {
  it("accepts what a date input sends and the US order", () => {
    expect(parseDateInput("1980-05-17")).toBe("1980-05-17");
    expect(parseDateInput("05/17/1980")).toBe("1980-05-17");
    expect(parseDateInput(" 5/7/1980 ")).toBe("1980-05-07");
  });

  it("refuses dates that do not exist and text that is not a date", () => {
    expect(parseDateInput("1980-02-30")).toBeNull();
    expect(parseDateInput("1900-02-29")).toBeNull();
    expect(parseDateInput("17/05/1980")).toBeNull();
    expect(parseDateInput("May 17 1980")).toBeNull();
    expect(parseDateInput("")).toBeNull();
  });
});

describe("formatDateOfBirth", () => {
  it("writes the date the way people read it", () => {
    expect(formatDateOfBirth("1980-05-17")).toBe("May 17, 1980");
    expect(formatDateOfBirth("2001-01-01")).toBe("January 1, 2001");
  });
});

describe("todayInZone", () => {
  it("is the clinic's date, not the server's", () => {
    const lateEveningInCalifornia = new Date("2026-03-02T06:30:00Z");
    expect(todayInZone("America/Los_Angeles", lateEveningInCalifornia)).toBe("2026-03-01");
    expect(todayInZone("Europe/Berlin", lateEveningInCalifornia)).toBe("2026-03-02");
  });
});

describe("ageOn", () => {
  it("counts whole years, turning on the birthday", () => {
    expect(ageOn("1980-05-17", "2026-05-16")).toBe(45);
    expect(ageOn("1980-05-17", "2026-05-17")).toBe(46);
  });
});
