import { describe, expect, it } from "vitest";
import { STANDARD_KAP_COURSE, type Calendar } from "./planner";
import { alternativeQuery, planValuePairs, resolvePlanQuery, type PlanChoices } from "./plan-setup.server";

const T = "00000000-0000-4000-8000-00000000000a";
const P = "00000000-0000-4000-8000-00000000000b";
const N = "00000000-0000-4000-8000-00000000000c";
const R = "00000000-0000-4000-8000-00000000000d";

const choices: PlanChoices = {
  templates: [{ value: "standard", templateId: null, name: STANDARD_KAP_COURSE.name, template: STANDARD_KAP_COURSE }],
  therapists: [{ id: T, name: "Therapist" }],
  prescribers: [{ id: P, name: "Prescriber" }],
  monitors: [
    { id: P, name: "Prescriber" },
    { id: N, name: "Nurse" },
  ],
  rooms: [{ id: R, name: "Cedar Room" }],
};

describe("step 1 of planning", () => {
  it("fills in the template, the first therapist and prescriber, tomorrow and 60 days", () => {
    const resolved = resolvePlanQuery({}, choices, "2030-03-04");
    expect(resolved).toMatchObject({
      ok: true,
      inputs: {
        template: STANDARD_KAP_COURSE,
        team: { therapistId: T, prescriberId: P },
        startDate: "2030-03-04",
        searchDays: 60,
        preferences: {},
      },
      values: { template: "standard", therapist: T, prescriber: P, monitor: [], start: "2030-03-04", days: "60" },
    });
  });

  it("passes preferences on to the planner", () => {
    const resolved = resolvePlanQuery(
      { monitor: [N], weekdays: ["3", "1"], earliest: "09:00", latest: "14:00", room: [R], days: 30 },
      choices,
      "2030-03-04",
    );
    expect(resolved.ok && resolved.inputs).toMatchObject({
      team: { monitorIds: [N] },
      preferences: { weekdays: [1, 3], earliestStart: "09:00", latestStart: "14:00", roomIds: [R] },
      searchDays: 30,
    });
  });

  it("refuses people and templates the page does not offer", () => {
    const resolved = resolvePlanQuery(
      { template: "other", therapist: P, prescriber: T, monitor: [T], room: [T] },
      choices,
      "2030-03-04",
    );
    expect(resolved.ok ? [] : Object.keys(resolved.fieldErrors).sort()).toEqual([
      "monitor",
      "prescriber",
      "room",
      "template",
      "therapist",
    ]);
    const empty = resolvePlanQuery({}, { ...choices, therapists: [] }, "2030-03-04");
    expect(empty.ok ? null : empty.fieldErrors.therapist).toEqual([
      "The care team has no active therapist. Add one to the care team first.",
    ]);
  });

  it("writes an alternative's request as the query that re-runs it", () => {
    const calendar: Calendar = {
      timeZone: "America/Los_Angeles",
      openingHours: [],
      staff: [],
      rooms: [],
      patientBusy: [],
    };
    const query = alternativeQuery(
      {
        template: STANDARD_KAP_COURSE,
        calendar,
        team: { therapistId: T, prescriberId: P, monitorIds: [N] },
        startDate: "2030-03-11",
        preferences: { weekdays: [2], roomIds: [R] },
        searchDays: 90,
      },
      "standard",
    );
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      template: "standard",
      therapist: T,
      prescriber: P,
      monitor: N,
      start: "2030-03-11",
      weekdays: "2",
      days: "90",
      room: R,
    });
    expect(
      planValuePairs({
        template: "standard",
        therapist: T,
        prescriber: P,
        monitor: [],
        start: "2030-03-11",
        weekdays: ["1", "2"],
        earliest: "",
        latest: "",
        days: "60",
        room: [],
      }),
    ).toEqual([
      ["template", "standard"],
      ["therapist", T],
      ["prescriber", P],
      ["start", "2030-03-11"],
      ["weekdays", "1"],
      ["weekdays", "2"],
      ["days", "60"],
    ]);
  });
});
