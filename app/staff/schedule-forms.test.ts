import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { addTimeOffSchema, addWorkingHoursSchema, findOverlap, overlapMessage } from "./schedule-forms";

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) {
    data.append(key, value);
  }
  return data;
}

describe("working hours form", () => {
  it("accepts an interval", () => {
    const submission = parseWithZod(
      form({ intent: "add-hours", weekday: "2", startsAt: "08:30", endsAt: "12:00:00" }),
      { schema: addWorkingHoursSchema },
    );
    expect(submission.status === "success" && submission.value).toEqual({
      intent: "add-hours",
      weekday: 2,
      startsAt: "08:30",
      endsAt: "12:00",
    });
  });

  it("wants the start before the end", () => {
    const submission = parseWithZod(form({ intent: "add-hours", weekday: "2", startsAt: "12:00", endsAt: "12:00" }), {
      schema: addWorkingHoursSchema,
    });
    expect(submission.reply().error?.endsAt).toEqual(["The end must be after the start."]);
  });

  it("refuses a weekday outside 0–6", () => {
    const submission = parseWithZod(form({ intent: "add-hours", weekday: "7", startsAt: "08:00", endsAt: "12:00" }), {
      schema: addWorkingHoursSchema,
    });
    expect(submission.reply().error?.weekday).toEqual(["Choose a weekday."]);
  });
});

describe("findOverlap", () => {
  const morning = { startsAt: "08:00", endsAt: "12:00" };
  const afternoon = { startsAt: "13:00", endsAt: "17:00" };

  it("lets intervals touch", () => {
    expect(findOverlap([morning, afternoon], { startsAt: "12:00", endsAt: "13:00" })).toBeNull();
  });

  it.each([
    ["inside", { startsAt: "09:00", endsAt: "10:00" }, morning],
    ["around", { startsAt: "07:00", endsAt: "18:00" }, morning],
    ["across the start", { startsAt: "12:30", endsAt: "14:00" }, afternoon],
    ["across the end", { startsAt: "11:00", endsAt: "12:30" }, morning],
    ["identical", { startsAt: "13:00", endsAt: "17:00" }, afternoon],
  ])("finds an interval %s another", (_case, candidate, expected) => {
    expect(findOverlap([morning, afternoon], candidate)).toBe(expected);
  });

  it("names the day and the interval it collides with", () => {
    expect(overlapMessage(1, morning)).toBe("This overlaps the hours already set on Monday (08:00–12:00).");
  });
});

describe("time off form", () => {
  it("accepts local date-times and a reason", () => {
    const submission = parseWithZod(
      form({ intent: "add-time-off", startsAt: "2026-07-01T00:00", endsAt: "2026-07-08T00:00", reason: " Holiday " }),
      { schema: addTimeOffSchema },
    );
    expect(submission.status === "success" && submission.value).toEqual({
      intent: "add-time-off",
      startsAt: "2026-07-01T00:00",
      endsAt: "2026-07-08T00:00",
      reason: "Holiday",
    });
  });

  it("wants the end after the start", () => {
    const submission = parseWithZod(
      form({ intent: "add-time-off", startsAt: "2026-07-08T00:00", endsAt: "2026-07-01T00:00" }),
      { schema: addTimeOffSchema },
    );
    expect(submission.reply().error?.endsAt).toEqual(["The end must be after the start."]);
  });

  it("wants both ends", () => {
    const submission = parseWithZod(form({ intent: "add-time-off", startsAt: "", endsAt: "yesterday" }), {
      schema: addTimeOffSchema,
    });
    expect(submission.reply().error?.startsAt).toEqual(["Enter the start date and time."]);
    expect(submission.reply().error?.endsAt?.[0]).toMatch(/e\.g\./u);
  });
});
