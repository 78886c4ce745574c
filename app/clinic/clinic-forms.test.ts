import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { addRoomSchema, clinicDetailsSchema, openingHoursSchema, renameRoomSchema } from "./clinic-forms";

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) {
    data.append(key, value);
  }
  return data;
}

describe("clinic details", () => {
  it("accepts a name and an IANA zone", () => {
    const submission = parseWithZod(form({ intent: "details", name: "  Bay KAP  ", timeZone: "America/New_York" }), {
      schema: clinicDetailsSchema(),
    });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual({
      intent: "details",
      name: "Bay KAP",
      timeZone: "America/New_York",
    });
  });

  it("refuses an unknown zone and an empty name", () => {
    const submission = parseWithZod(form({ intent: "details", name: " ", timeZone: "Pacific/Atlantis" }), {
      schema: clinicDetailsSchema(),
    });
    expect(submission.status).toBe("error");
    expect(submission.reply().error?.timeZone).toEqual(["Choose a time zone from the list."]);
    expect(submission.reply().error?.name).toEqual(["Enter the clinic's name."]);
  });

  it("checks against the list it is given", () => {
    const submission = parseWithZod(form({ intent: "details", name: "A", timeZone: "Europe/Paris" }), {
      schema: clinicDetailsSchema(["America/Chicago"]),
    });
    expect(submission.status).toBe("error");
  });
});

describe("opening hours", () => {
  // The page always sends all seven days, empty when closed.
  function week(overrides: Record<string, string> = {}): FormData {
    const empty = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [`days[${d}].opensAt`, ""]));
    return form({ intent: "hours", ...empty, ...overrides });
  }

  it("keeps only the open days, as hours and minutes", () => {
    const submission = parseWithZod(
      week({
        "days[1].open": "on",
        "days[1].opensAt": "08:00",
        "days[1].closesAt": "18:00:00",
        "days[6].open": "on",
        "days[6].opensAt": "09:00",
        "days[6].closesAt": "13:00",
        "days[3].opensAt": "10:00",
      }),
      { schema: openingHoursSchema },
    );
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual([
      { weekday: 1, opensAt: "08:00", closesAt: "18:00" },
      { weekday: 6, opensAt: "09:00", closesAt: "13:00" },
    ]);
  });

  it("refuses a week that is not seven days", () => {
    expect(parseWithZod(form({ intent: "hours", "days[0].opensAt": "" }), { schema: openingHoursSchema }).status).toBe(
      "error",
    );
  });

  it("accepts a week with every day closed", () => {
    const submission = parseWithZod(week(), { schema: openingHoursSchema });
    expect(submission.status === "success" && submission.value).toEqual([]);
  });

  it("wants opening before closing, on the day concerned", () => {
    const submission = parseWithZod(
      week({ "days[2].open": "on", "days[2].opensAt": "18:00", "days[2].closesAt": "08:00" }),
      { schema: openingHoursSchema },
    );
    expect(submission.status).toBe("error");
    expect(submission.reply().error?.["days[2].closesAt"]).toEqual([
      "On Tuesday the clinic must open before it closes.",
    ]);
  });

  it("wants both times of an open day", () => {
    const submission = parseWithZod(week({ "days[0].open": "on", "days[0].opensAt": "09:00" }), {
      schema: openingHoursSchema,
    });
    expect(submission.reply().error?.["days[0].closesAt"]).toEqual([
      "Enter when the clinic closes on Sunday, e.g. 18:00.",
    ]);
  });

  it("refuses a malformed time", () => {
    const submission = parseWithZod(
      week({ "days[4].open": "on", "days[4].opensAt": "25:00", "days[4].closesAt": "26:00" }),
      { schema: openingHoursSchema },
    );
    expect(submission.reply().error?.["days[4].opensAt"]).toBeDefined();
  });
});

describe("rooms", () => {
  it("trims the name and wants one", () => {
    expect(parseWithZod(form({ intent: "add-room", name: "  Cedar " }), { schema: addRoomSchema }).status).toBe(
      "success",
    );
    expect(parseWithZod(form({ intent: "add-room", name: "" }), { schema: addRoomSchema }).reply().error?.name).toEqual(
      ["Enter the room's name."],
    );
  });

  it("wants a room id to rename", () => {
    expect(
      parseWithZod(form({ intent: "rename-room", roomId: "nope", name: "Cedar" }), { schema: renameRoomSchema }).status,
    ).toBe("error");
  });
});
