import { describe, expect, it } from "vitest";
import {
  formatLocalDateTime,
  isSupportedTimeZone,
  localDateTimeToUtc,
  toHourMinute,
  utcToLocalInput,
} from "./local-time";

const LA = "America/Los_Angeles";

describe("localDateTimeToUtc", () => {
  it("converts a summer time in Los Angeles (UTC-7)", () => {
    expect(localDateTimeToUtc("2026-06-01T09:00", LA)).toEqual({ ok: true, at: new Date("2026-06-01T16:00:00Z") });
  });

  it("converts a winter time in Los Angeles (UTC-8)", () => {
    expect(localDateTimeToUtc("2026-01-15T09:00", LA)).toEqual({ ok: true, at: new Date("2026-01-15T17:00:00Z") });
  });

  it("ignores seconds", () => {
    expect(localDateTimeToUtc("2026-06-01T09:00:59", LA)).toEqual({ ok: true, at: new Date("2026-06-01T16:00:00Z") });
  });

  it("refuses a time skipped by the spring daylight-saving change", () => {
    expect(localDateTimeToUtc("2026-03-08T02:30", LA)).toEqual({ ok: false, reason: "nonexistent" });
  });

  it("resolves a repeated autumn hour to its first occurrence", () => {
    expect(localDateTimeToUtc("2026-11-01T01:30", LA)).toEqual({ ok: true, at: new Date("2026-11-01T08:30:00Z") });
  });

  it.each(["2026-02-30T09:00", "2026-13-01T09:00", "2026-06-01 09:00", "tomorrow", "2026-06-01T24:00"])(
    "refuses %j",
    (value) => {
      expect(localDateTimeToUtc(value, LA)).toEqual({ ok: false, reason: "invalid" });
    },
  );
});

describe("showing instants in the clinic's zone", () => {
  it("round-trips through the datetime-local value", () => {
    expect(utcToLocalInput(new Date("2026-06-01T16:00:00Z"), LA)).toBe("2026-06-01T09:00");
    expect(utcToLocalInput(new Date("2026-06-01T16:00:00Z"), "Europe/Berlin")).toBe("2026-06-01T18:00");
  });

  it("formats for people", () => {
    expect(formatLocalDateTime(new Date("2026-03-09T16:30:00Z"), LA)).toBe("Mon 9 Mar 2026, 09:30");
  });
});

describe("time zones and times", () => {
  it("knows IANA zones and refuses invented ones", () => {
    expect(isSupportedTimeZone("America/Los_Angeles")).toBe(true);
    expect(isSupportedTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isSupportedTimeZone("")).toBe(false);
  });

  it("trims database times to hours and minutes", () => {
    expect(toHourMinute("09:30:00")).toBe("09:30");
    expect(toHourMinute("17:00")).toBe("17:00");
  });
});
