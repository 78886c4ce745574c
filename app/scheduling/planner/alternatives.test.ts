import { describe, expect, it } from "vitest";
import { planSeries, STANDARD_KAP_COURSE, validateSlots } from "./index";
import type { Alternative, Calendar, PlanRequest } from "./types";
import { days, NURSE, PRESCRIBER, quietCalendar, request, SECOND_NURSE, THERAPIST } from "./testing/fixtures";

function alternativesOf(input: PlanRequest): Alternative[] {
  const result = planSeries(input);
  if (result.ok) {
    throw new Error("expected no plan");
  }
  expect(result.alternatives.length).toBeLessThanOrEqual(3);
  for (const alternative of result.alternatives) {
    const replanned = planSeries(alternative.request);
    expect(replanned.ok).toBe(true);
    if (replanned.ok) {
      expect(validateSlots(alternative.request, replanned.slots)).toEqual([]);
    }
  }
  return result.alternatives;
}

function away(calendar: Calendar, id: string, first: string, last: string): Calendar {
  return {
    ...calendar,
    staff: calendar.staff.map((person) => (person.id === id ? { ...person, timeOff: [days(first, last)] } : person)),
  };
}

describe("alternatives", () => {
  it("offers the nearest later start date when the course runs past the planning window", () => {
    const input = request({ calendar: away(quietCalendar(), THERAPIST, "2026-04-06", "2026-05-15"), searchDays: 45 });
    const alternatives = alternativesOf(input);
    expect(alternatives.map((alternative) => alternative.kind)).toEqual(["later-start"]);
    // Back on Sat, May 16: preparation on Monday, dose 1 on Tuesday, the course packed into the window.
    expect(alternatives[0]?.request.startDate).toBe("2026-04-21");
    expect(alternatives[0]?.description).toBe(
      "Start on Tue, Apr 21 instead: the first dose could be on Tue, May 19 at 08:00.",
    );
    // Nothing else changes.
    expect({ ...alternatives[0]?.request, startDate: input.startDate }).toEqual(input);
  });

  it("offers other monitors when the chosen one is away", () => {
    const input = request({
      calendar: away(quietCalendar(), NURSE, "2026-04-01", "2026-07-31"),
      team: { therapistId: THERAPIST, prescriberId: PRESCRIBER, monitorIds: [NURSE] },
    });
    const alternatives = alternativesOf(input);
    expect(alternatives.map((alternative) => [alternative.kind, alternative.request.team.monitorIds])).toEqual([
      ["other-monitor", [NURSE, SECOND_NURSE]],
      ["other-monitor", [NURSE, PRESCRIBER]],
    ]);
    expect(alternatives[0]?.description).toBe(
      "Let Lee Park monitor too: the first dose could be on Tue, Apr 7 at 09:00.",
    );
  });

  it("offers another room when the chosen one is booked", () => {
    const calendar = quietCalendar();
    calendar.rooms = calendar.rooms.map((room) =>
      room.id === "room-cedar" ? { ...room, busy: [days("2026-04-01", "2026-07-31")] } : room,
    );
    const alternatives = alternativesOf(
      request({ calendar, preferences: { roomIds: ["room-cedar"], earliestStart: "09:00" } }),
    );
    expect(alternatives).toHaveLength(1);
    expect(alternatives[0]).toMatchObject({
      kind: "other-room",
      description: "Allow Maple Room too: the first dose could be on Tue, Apr 7 at 10:00.",
    });
    expect(alternatives[0]?.request.preferences).toEqual({
      roomIds: ["room-cedar", "room-maple"],
      earliestStart: "09:00",
    });
  });

  it("offers up to three, the best of each kind first, earliest first dose first", () => {
    const template = {
      ...STANDARD_KAP_COURSE,
      preparation: { ...STANDARD_KAP_COURSE.preparation, count: 1 },
      dosing: { ...STANDARD_KAP_COURSE.dosing, count: 2, maxCourseDays: 7 },
      checkpoints: { ...STANDARD_KAP_COURSE.checkpoints, afterDoses: [] },
    };
    // The chosen nurse is away until Apr 10; the chosen room is booked Apr 13–30: never both free.
    const calendar = away(quietCalendar(), NURSE, "2026-04-01", "2026-04-10");
    calendar.rooms = calendar.rooms.map((room) =>
      room.id === "room-cedar" ? { ...room, busy: [days("2026-04-13", "2026-04-30")] } : room,
    );
    const input = request(
      {
        calendar,
        searchDays: 20,
        team: { therapistId: THERAPIST, prescriberId: PRESCRIBER, monitorIds: [NURSE] },
        preferences: { roomIds: ["room-cedar"] },
      },
      template,
    );
    expect(alternativesOf(input).map((alternative) => alternative.description)).toEqual([
      "Let Lee Park monitor too: the first dose could be on Tue, Apr 7 at 08:00.",
      "Allow Maple Room too: the first dose could be on Mon, Apr 13 at 08:00.",
      "Start on Sat, Apr 18 instead: the first dose could be on Mon, May 4 at 08:00.",
    ]);
  });

  it("offers nothing that would not work", () => {
    const calendar = away(quietCalendar(), THERAPIST, "2026-04-01", "2026-08-31");
    expect(
      alternativesOf(
        request({
          calendar,
          team: { therapistId: THERAPIST, prescriberId: PRESCRIBER, monitorIds: [NURSE] },
          preferences: { roomIds: ["room-cedar"] },
        }),
      ),
    ).toEqual([]);
  });
});
