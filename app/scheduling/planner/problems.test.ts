import { describe, expect, it } from "vitest";
import { planSeries, RULES, STANDARD_KAP_COURSE } from "./index";
import type { Calendar, PlanRequest, Problem } from "./types";
import { days, NURSE, PRESCRIBER, quietCalendar, request, THERAPIST } from "./testing/fixtures";

function problemsOf(input: PlanRequest): Problem[] {
  const result = planSeries(input);
  if (result.ok) {
    throw new Error("expected no plan");
  }
  expect(result.problems.length).toBeGreaterThan(0);
  expect(result.problems.length).toBeLessThanOrEqual(8);
  expect(result.problems.every((problem) => (RULES as readonly string[]).includes(problem.rule))).toBe(true);
  return result.problems;
}

function withStaff(change: (person: Calendar["staff"][number]) => Calendar["staff"][number]): Calendar {
  const calendar = quietCalendar();
  calendar.staff = calendar.staff.map(change);
  return calendar;
}

describe("when no course fits", () => {
  it("names a fully booked therapist", () => {
    const calendar = withStaff((person) =>
      person.id === THERAPIST ? { ...person, busy: [days("2026-04-01", "2026-07-31")] } : person,
    );
    expect(problemsOf(request({ calendar }))).toEqual([
      { rule: "availability", message: "No 3-hour dosing window fits anywhere from Mon, Apr 6 to Thu, Jun 4." },
      {
        rule: "staff-busy",
        who: THERAPIST,
        date: "2026-04-06",
        message: "No 3-hour dosing window on Apr 6–10, Apr 13–17, Apr 20–24 and 29 more days: Jordan Reyes is booked.",
      },
    ]);
  });

  it("names time off, short working hours, busy rooms and the patient's own appointments", () => {
    const away = withStaff((person) =>
      person.id === THERAPIST ? { ...person, timeOff: [days("2026-04-01", "2026-07-31")] } : person,
    );
    expect(problemsOf(request({ calendar: away }))[1]).toMatchObject({
      rule: "time-off",
      who: THERAPIST,
      message: expect.stringContaining("Jordan Reyes is on time off"),
    });

    const short = withStaff((person) =>
      person.id === THERAPIST
        ? { ...person, workingHours: [2, 4].map((weekday) => ({ weekday, starts: "08:30", ends: "11:00" })) }
        : person,
    );
    const shortProblems = problemsOf(request({ calendar: short }));
    expect(shortProblems.map((problem) => problem.message)).toEqual([
      "No 3-hour dosing window fits anywhere from Mon, Apr 6 to Thu, Jun 4.",
      "No 3-hour dosing window on Tue, Apr 7, Thu, Apr 9, Tue, Apr 14 and 15 more days: Jordan Reyes works 08:30–11:00.",
      "No 3-hour dosing window on Mon, Apr 6, Mon, Apr 13, Mon, Apr 20 and 6 more days: Jordan Reyes does not work on Mondays.",
      "No 3-hour dosing window on Wed, Apr 8, Wed, Apr 15, Wed, Apr 22 and 6 more days: Jordan Reyes does not work on Wednesdays.",
      "No 3-hour dosing window on Fri, Apr 10, Fri, Apr 17, Fri, Apr 24 and 5 more days: Jordan Reyes does not work on Fridays.",
    ]);

    const rooms = quietCalendar();
    rooms.rooms = rooms.rooms.map((room) => ({ ...room, busy: [days("2026-04-01", "2026-07-31")] }));
    expect(problemsOf(request({ calendar: rooms }))[1]?.message).toBe(
      "No 3-hour dosing window on Apr 6–10, Apr 13–17, Apr 20–24 and 29 more days: no room is free for 3 hours.",
    );

    const patient = quietCalendar();
    patient.patientBusy = [days("2026-04-06", "2026-05-20")];
    const patientProblems = problemsOf(request({ calendar: patient }));
    expect(patientProblems[0]).toMatchObject({
      rule: "course-span",
      message: expect.stringContaining(
        "Only 5 of 6 dosing sessions fit within 21 days before the planning window ends",
      ),
    });
    expect(patientProblems[1]).toMatchObject({
      rule: "patient-busy",
      message: expect.stringContaining("the patient has other appointments"),
    });
  });

  it("says when the template's own rules leave too few dosing days", () => {
    const template = {
      ...STANDARD_KAP_COURSE,
      dosing: { ...STANDARD_KAP_COURSE.dosing, maxPerWeek: 1, maxCourseDays: 14 },
    };
    expect(problemsOf(request({}, template))[0]).toEqual({
      rule: "course-span",
      date: "2026-04-07",
      message:
        "Only 3 of 6 dosing sessions fit within 14 days (at best from Tue, Apr 7), given at least 2 days apart and at most 1 a week.",
    });
  });

  it("explains an integration session with nowhere to go", () => {
    const calendar = quietCalendar();
    calendar.openingHours = [1, 3, 5].map((weekday) => ({ weekday, opens: "08:00", closes: "18:00" }));
    const template = { ...STANDARD_KAP_COURSE, integration: { ...STANDARD_KAP_COURSE.integration, maxDaysAfter: 1 } };
    const problems = problemsOf(request({ calendar }, template));
    expect(problems[1]).toMatchObject({
      rule: "integration-window",
      message:
        "No slot for the integration session after dose 1 fits 1 day after dose 1, before dose 2, with dose 1 on Wed, Apr 8, Fri, Apr 10, Mon, Apr 13 and 2 more days.",
    });
    expect(problems.map((problem) => problem.message)).toContain("The clinic is closed on Tuesdays.");
  });

  it("explains a prescriber checkpoint the prescriber cannot attend", () => {
    const calendar = withStaff((person) =>
      person.id === PRESCRIBER ? { ...person, timeOff: [days("2026-04-01", "2026-07-31")] } : person,
    );
    const problems = problemsOf(request({ calendar }));
    expect(problems.slice(1, 3)).toEqual([
      {
        rule: "checkpoint-window",
        date: "2026-04-07",
        message:
          "No slot for the checkpoint before dose 1 fits after the preparation sessions, on a day before dose 1, with dose 1 on Apr 7–10 and Mon, Apr 13.",
      },
      {
        rule: "time-off",
        who: PRESCRIBER,
        date: "2026-04-06",
        message: "No 30-minute checkpoint window on Apr 6–10: Priya Natarajan is on time off.",
      },
    ]);
  });

  it("reports a broken request without searching", () => {
    const calendar = quietCalendar();
    calendar.timeZone = "Mars/Olympus_Mons";
    expect(problemsOf(request({ calendar }))).toEqual([
      { rule: "time-zone", message: '"Mars/Olympus_Mons" is not a time zone this planner knows.' },
    ]);
    expect(
      problemsOf(request({ team: { therapistId: "staff-ghost", prescriberId: NURSE } })).map((problem) => problem.rule),
    ).toEqual(["team", "team"]);
    const template = { ...STANDARD_KAP_COURSE, integration: { ...STANDARD_KAP_COURSE.integration, afterDoses: [7] } };
    expect(problemsOf(request({}, template))).toEqual([
      { rule: "template", message: "The integration sessions after doses must name each dose once, between 1 and 6." },
    ]);
    expect(problemsOf(request({ startDate: "2026-02-30" }))[0]?.rule).toBe("request");
    const noMonitors = quietCalendar();
    noMonitors.staff = noMonitors.staff.filter((person) => person.id === THERAPIST);
    expect(
      problemsOf(request({ calendar: noMonitors, team: { therapistId: THERAPIST, prescriberId: THERAPIST } })).map(
        (problem) => problem.rule,
      ),
    ).toEqual(["team", "monitor"]);
    const result = planSeries(request({ preferences: { earliestStart: "9am" } }));
    expect(result.ok ? [] : result.alternatives).toEqual([]);
  });
});
