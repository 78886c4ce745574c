import { describe, expect, it } from "vitest";
import { formatInTimeZone, formatWithZone, zoneOffsetMinutes } from "./dates";

const ZONES = [
  "America/Los_Angeles",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "America/St_Johns",
  "UTC",
];
// The two patterns with their own fast path, and one date-fns reads.
const PATTERNS = ["HH:mm", "yyyy-MM-dd", "EEE d MMM yyyy, HH:mm:ss"];

describe("formatInTimeZone", () => {
  it("shows the clinic's wall clock, on both sides of a daylight-saving change", () => {
    // 2026-03-08 02:00 PST becomes 03:00 PDT.
    expect(formatInTimeZone(new Date("2026-03-08T09:59:00Z"), "America/Los_Angeles", "yyyy-MM-dd HH:mm")).toBe(
      "2026-03-08 01:59",
    );
    expect(formatInTimeZone(new Date("2026-03-08T10:00:00Z"), "America/Los_Angeles", "yyyy-MM-dd HH:mm")).toBe(
      "2026-03-08 03:00",
    );
    expect(formatInTimeZone("2026-11-01T08:30:00Z", "America/Los_Angeles", "EEE d MMM yyyy, HH:mm")).toBe(
      "Sun 1 Nov 2026, 01:30",
    );
    expect(formatInTimeZone("2026-11-01T09:30:00Z", "America/Los_Angeles", "EEE d MMM yyyy, HH:mm")).toBe(
      "Sun 1 Nov 2026, 01:30",
    );
  });

  it("agrees with @date-fns/tz at every quarter hour around each zone's changes, including half-hour and 45-minute zones", () => {
    const starts = [
      "2026-03-07T00:00:00Z",
      "2026-03-28T00:00:00Z",
      "2026-04-04T00:00:00Z",
      "2026-09-26T00:00:00Z",
      "2026-10-03T00:00:00Z",
      "2026-10-24T00:00:00Z",
      "2026-10-31T00:00:00Z",
    ];
    for (const zone of ZONES) {
      for (const start of starts) {
        for (let step = 0; step < 4 * 48; step += 1) {
          const instant = new Date(Date.parse(start) + step * 15 * 60_000 + 7 * 60_000);
          for (const pattern of PATTERNS) {
            expect(formatInTimeZone(instant, zone, pattern), `${zone} ${instant.toISOString()} ${pattern}`).toBe(
              formatWithZone(instant, zone, pattern),
            );
          }
        }
      }
    }
  }, 30_000);

  it("keeps a zone token on the general path", () => {
    expect(formatInTimeZone("2026-07-01T12:00:00Z", "America/New_York", "HH:mm xxx")).toBe("08:00 -04:00");
    expect(formatInTimeZone("2026-07-01T12:00:00Z", "America/New_York", "HH:mm 'o''clock'")).toBe("08:00 o'clock");
  });

  it("refuses an invalid instant as date-fns does", () => {
    expect(() => formatInTimeZone("not a date", "UTC", "HH:mm")).toThrow(RangeError);
  });

  it("gives the offset in minutes, east positive", () => {
    expect(zoneOffsetMinutes(new Date("2026-07-01T12:00:00Z"), "America/Los_Angeles")).toBe(-420);
    expect(zoneOffsetMinutes(new Date("2026-07-01T12:00:00Z"), "Asia/Kathmandu")).toBe(345);
  });
});
