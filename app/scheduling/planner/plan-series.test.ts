import { describe, expect, it } from "vitest";
import { planSeries, STANDARD_KAP_COURSE, validateSlots } from "./index";
import type { PlanRequest, PlanResult, ProposedSlot } from "./types";
import { byKey, daysBetween, dosesOf, isoWeek, localDate, localTime, weekday } from "./testing/course-checks";
import {
  between,
  days,
  LA,
  member,
  NURSE,
  PRESCRIBER,
  quietCalendar,
  request,
  SECOND_NURSE,
  THERAPIST,
} from "./testing/fixtures";

function planned(result: PlanResult): ProposedSlot[] {
  if (!result.ok) {
    throw new Error(`Expected a plan, got: ${result.problems.map((problem) => problem.message).join(" | ")}`);
  }
  return result.slots;
}

describe("the standard course on a quiet calendar", () => {
  const input = request();
  const slots = planned(planSeries(input));
  const doses = dosesOf(slots);

  it("proposes 2 preparation sessions, 6 doses, 6 integration sessions and 2 checkpoints", () => {
    const count = (kind: string): number => slots.filter((slot) => slot.kind === kind).length;
    expect([count("preparation"), count("dosing"), count("integration"), count("checkpoint")]).toEqual([2, 6, 6, 2]);
    expect(slots).toHaveLength(16);
  });

  it("keeps doses at least 2 days apart, at most 2 per ISO week, within 21 days", () => {
    doses.slice(1).forEach((dose, index) => {
      expect(daysBetween(doses[index] as ProposedSlot, dose)).toBeGreaterThanOrEqual(2);
    });
    const perWeek = new Map<string, number>();
    doses.forEach((dose) => perWeek.set(isoWeek(dose), (perWeek.get(isoWeek(dose)) ?? 0) + 1));
    expect(Math.max(...perWeek.values())).toBeLessThanOrEqual(2);
    expect(daysBetween(doses[0] as ProposedSlot, doses[5] as ProposedSlot) + 1).toBeLessThanOrEqual(21);
  });

  it("puts an integration session 1–3 days after each dose, before the next dose", () => {
    doses.forEach((dose, index) => {
      const integration = byKey(slots, `integration-after-dose-${index + 1}`);
      expect(integration.doseNumber).toBe(index + 1);
      expect(daysBetween(dose, integration)).toBeGreaterThanOrEqual(1);
      expect(daysBetween(dose, integration)).toBeLessThanOrEqual(3);
      const next = doses[index + 1];
      if (next) {
        expect(integration.end.getTime()).toBeLessThanOrEqual(next.start.getTime());
      }
    });
  });

  it("puts the prescriber checkpoints on a day before dose 1 and after dose 2 (before dose 3)", () => {
    const before = byKey(slots, "checkpoint-before-dose-1");
    const after = byKey(slots, "checkpoint-after-dose-2");
    expect(daysBetween(before, doses[0] as ProposedSlot)).toBeGreaterThanOrEqual(1);
    expect(after.start.getTime()).toBeGreaterThanOrEqual((doses[1] as ProposedSlot).end.getTime());
    expect(after.end.getTime()).toBeLessThanOrEqual((doses[2] as ProposedSlot).start.getTime());
    expect([before.staffIds, after.staffIds]).toEqual([[PRESCRIBER], [PRESCRIBER]]);
    expect([before.doseNumber, after.doseNumber]).toEqual([1, 2]);
  });

  it("holds preparation 1–14 days before dose 1, with the therapist", () => {
    for (const preparation of slots.filter((slot) => slot.kind === "preparation")) {
      expect(daysBetween(preparation, doses[0] as ProposedSlot)).toBeGreaterThanOrEqual(1);
      expect(daysBetween(preparation, doses[0] as ProposedSlot)).toBeLessThanOrEqual(14);
      expect(preparation.staffIds).toEqual([THERAPIST]);
    }
  });

  it("orders slots by time, numbers them 1..n and numbers the doses", () => {
    expect(slots.map((slot) => slot.sequence)).toEqual(slots.map((_, index) => index + 1));
    slots
      .slice(1)
      .forEach((slot, index) =>
        expect(slot.start.getTime()).toBeGreaterThanOrEqual((slots[index] as ProposedSlot).end.getTime()),
      );
    expect(doses.map((dose) => dose.doseNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(doses.map((dose) => dose.key)).toEqual(["dose-1", "dose-2", "dose-3", "dose-4", "dose-5", "dose-6"]);
  });

  it("gives each slot its local date and time and the right length", () => {
    for (const slot of slots) {
      expect(slot.localDate).toBe(localDate(slot));
      expect(slot.localStart).toBe(localTime(slot));
    }
    expect(doses.every((dose) => dose.end.getTime() - dose.start.getTime() === 180 * 60_000)).toBe(true);
  });

  it("starts dose 1 on the first day the rules allow: preparation on the start date, dose 1 the day after", () => {
    expect(slots[0]?.localDate).toBe("2026-04-06");
    expect(doses[0]?.localDate).toBe("2026-04-07");
  });

  it("gives every dose the same time, room and monitor, a nurse rather than the care team's prescriber", () => {
    expect(new Set(doses.map((dose) => dose.localStart)).size).toBe(1);
    expect(new Set(doses.map((dose) => dose.roomId)).size).toBe(1);
    expect(new Set(doses.map((dose) => dose.staffIds.join())).size).toBe(1);
    expect(doses[0]?.staffIds).toEqual([THERAPIST, NURSE]);
  });

  it("passes validateSlots and is the same every time", () => {
    expect(validateSlots(input, slots)).toEqual([]);
    expect(planned(planSeries(input))).toEqual(slots);
  });
});

describe("preferences", () => {
  it("keeps to the preferred weekdays, start times and rooms", () => {
    const input = request({
      preferences: { weekdays: [1, 2, 4, 5], earliestStart: "10:00", latestStart: "12:30", roomIds: ["room-maple"] },
    });
    const slots = planned(planSeries(input));
    for (const slot of slots) {
      expect([1, 2, 4, 5]).toContain(weekday(slot));
      expect(slot.localStart >= "10:00" && slot.localStart <= "12:30").toBe(true);
      expect(slot.roomId).toBe("room-maple");
    }
    expect(validateSlots(input, slots)).toEqual([]);
  });

  it("uses only the chosen monitors, in their order", () => {
    const input = request({
      team: { therapistId: THERAPIST, prescriberId: PRESCRIBER, monitorIds: [SECOND_NURSE, NURSE] },
    });
    const doses = dosesOf(planned(planSeries(input)));
    expect(doses.every((dose) => dose.staffIds[1] === SECOND_NURSE)).toBe(true);
  });

  it("falls back to the care team's prescriber as monitor only when no nurse is free", () => {
    const calendar = quietCalendar();
    calendar.staff = calendar.staff.map((person) =>
      person.roles.includes("nurse") ? { ...person, timeOff: [days("2026-04-01", "2026-06-30")] } : person,
    );
    const doses = dosesOf(planned(planSeries(request({ calendar }))));
    expect(doses.every((dose) => dose.staffIds.join() === `${THERAPIST},${PRESCRIBER}`)).toBe(true);
  });

  it("counts start times on the step grid from local midnight", () => {
    const slots = planned(planSeries(request({ stepMinutes: 45, preferences: { earliestStart: "09:00" } })));
    const minutes = slots.map((slot) => Number(slot.localStart.slice(0, 2)) * 60 + Number(slot.localStart.slice(3)));
    expect(minutes.every((minute) => minute % 45 === 0 && minute >= 540)).toBe(true);
  });

  it("would rather move every dose to a later hour than leave one dose at another time", () => {
    // A Friday dose's integration falls on Monday, before Monday's dose: 08:00 for doses leaves no room for it.
    const doses = dosesOf(planned(planSeries(request())));
    expect(doses.map((dose) => dose.localStart)).toEqual(Array(6).fill("09:00"));
  });
});

describe("the calendar", () => {
  it("skips the therapist's time off", () => {
    const calendar = quietCalendar();
    calendar.staff = calendar.staff.map((person) =>
      person.id === THERAPIST ? { ...person, timeOff: [days("2026-04-06", "2026-04-17")] } : person,
    );
    const input = request({ calendar });
    const slots = planned(planSeries(input));
    expect(slots.every((slot) => !slot.staffIds.includes(THERAPIST) || slot.localDate > "2026-04-17")).toBe(true);
    expect(slots[0]?.localDate).toBe("2026-04-20");
    expect(validateSlots(input, slots)).toEqual([]);
  });

  it("works around bookings of the therapist, monitors, rooms and patient", () => {
    const calendar = quietCalendar();
    const morning = (date: string): ReturnType<typeof between> => between(date, "08:00", "12:00");
    calendar.staff = calendar.staff.map((person) =>
      person.id === THERAPIST
        ? { ...person, busy: [morning("2026-04-07"), morning("2026-04-08")] }
        : person.id === NURSE
          ? { ...person, busy: [between("2026-04-09", "08:00", "18:00")] }
          : person,
    );
    calendar.rooms = calendar.rooms.map((room) => ({ ...room, busy: [between("2026-04-10", "08:00", "14:00")] }));
    calendar.patientBusy = [between("2026-04-13", "08:00", "13:00")];
    const input = request({ calendar });
    const slots = planned(planSeries(input));
    expect(validateSlots(input, slots)).toEqual([]);
    const doses = dosesOf(slots);
    expect(doses[0]?.localDate).toBe("2026-04-07");
    // Friday's rooms are free only from 14:00, and every dose keeps one time of day.
    expect(doses.map((dose) => dose.localStart)).toEqual(Array(6).fill("14:00"));
    expect(slots.some((slot) => slot.localDate === "2026-04-09" && slot.staffIds.includes(NURSE))).toBe(false);
  });

  it("joins working hours that touch, so a session may span them", () => {
    const calendar = quietCalendar();
    calendar.openingHours = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, opens: "09:00", closes: "12:00" },
      { weekday, opens: "12:00", closes: "13:00" },
    ]);
    calendar.staff = calendar.staff.map((person) => ({
      ...person,
      workingHours: [1, 2, 3, 4, 5].flatMap((weekday) => [
        { weekday, starts: "09:00", ends: "11:00" },
        { weekday, starts: "10:30", ends: "13:00" },
      ]),
    }));
    const input = request({ calendar });
    const slots = planned(planSeries(input));
    expect(dosesOf(slots).every((dose) => ["09:00", "09:30", "10:00"].includes(dose.localStart))).toBe(true);
    expect(validateSlots(input, slots)).toEqual([]);
  });

  it("lets a clinician who is both therapist and prescriber hold both roles", () => {
    const calendar = quietCalendar();
    calendar.staff = [
      member("staff-ada", "Ada Lindqvist", ["therapist", "prescriber"]),
      ...calendar.staff.filter((person) => person.roles.includes("nurse")),
    ];
    const input: PlanRequest = request({ calendar, team: { therapistId: "staff-ada", prescriberId: "staff-ada" } });
    const slots = planned(planSeries(input));
    expect(byKey(slots, "checkpoint-before-dose-1").staffIds).toEqual(["staff-ada"]);
    expect(byKey(slots, "dose-1").staffIds).toEqual(["staff-ada", NURSE]);
    expect(validateSlots(input, slots)).toEqual([]);
  });

  it("plans any template, e.g. integration after chosen doses and checkpoints before every dose", () => {
    const template = {
      ...STANDARD_KAP_COURSE,
      preparation: { ...STANDARD_KAP_COURSE.preparation, count: 1 },
      integration: { ...STANDARD_KAP_COURSE.integration, afterDoses: [3, 6] },
      checkpoints: { ...STANDARD_KAP_COURSE.checkpoints, beforeDoses: [1, 2, 3, 4, 5, 6], afterDoses: [6] },
    };
    const input = request({}, template);
    const slots = planned(planSeries(input));
    expect(slots.filter((slot) => slot.kind === "integration").map((slot) => slot.doseNumber)).toEqual([3, 6]);
    expect(slots.filter((slot) => slot.kind === "checkpoint")).toHaveLength(7);
    expect(validateSlots(input, slots)).toEqual([]);
  });

  it("plans loose templates, with more day patterns than it ranks, by walking the oracle", () => {
    const template = {
      ...STANDARD_KAP_COURSE,
      dosing: { ...STANDARD_KAP_COURSE.dosing, count: 12, minDaysApart: 1, maxPerWeek: 3, maxCourseDays: 60 },
    };
    const input = request({ searchDays: 90 }, template);
    const slots = planned(planSeries(input));
    expect(dosesOf(slots)).toHaveLength(12);
    expect(validateSlots(input, slots)).toEqual([]);
  });

  it("allows two doses on one day when the template does", () => {
    const template = {
      ...STANDARD_KAP_COURSE,
      dosing: { ...STANDARD_KAP_COURSE.dosing, durationMinutes: 120, minDaysApart: 0, maxCourseDays: 1, count: 2 },
      integration: { ...STANDARD_KAP_COURSE.integration, afterDoses: [2] },
      checkpoints: { ...STANDARD_KAP_COURSE.checkpoints, afterDoses: [] },
    };
    const input = request({}, template);
    const doses = dosesOf(planned(planSeries(input)));
    expect(doses.map((dose) => `${dose.localDate} ${dose.localStart}`)).toEqual([
      "2026-04-07 08:00",
      "2026-04-07 10:00",
    ]);
    // With an integration session due a day after dose 1 but before dose 2, the same day cannot work.
    const result = planSeries(
      request({}, { ...template, integration: { ...template.integration, afterDoses: "all" } }),
    );
    expect(result.ok ? [] : result.problems.map((problem) => problem.rule)).toContain("integration-window");
  });

  it("plans in any time zone", () => {
    const input = request({ calendar: quietCalendar("Europe/Berlin") });
    const slots = planned(planSeries(input));
    expect(dosesOf(slots).every((dose) => localTime(dose, "Europe/Berlin") === dose.localStart)).toBe(true);
    expect(validateSlots(input, slots)).toEqual([]);
  });

  it("plans the course in a Los Angeles clinic fast enough for a form", () => {
    const started = performance.now();
    planned(planSeries(request({ calendar: quietCalendar(LA) })));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
