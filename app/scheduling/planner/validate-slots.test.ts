import { describe, expect, it } from "vitest";
import { planSeries, renumberSlots, slotValidator, validateSlots } from "./index";
import type { PlanRequest, Problem, ProposedSlot } from "./types";
import { between, days, moveSlot, NURSE, PRESCRIBER, quietCalendar, request, THERAPIST } from "./testing/fixtures";

function basePlan(input: PlanRequest): ProposedSlot[] {
  const result = planSeries(input);
  if (!result.ok) {
    throw new Error("expected a plan");
  }
  return result.slots;
}

const input = request();
const plan = basePlan(input);

function edited(key: string, change: (slot: ProposedSlot) => ProposedSlot, slots = plan): ProposedSlot[] {
  return slots.map((slot) => (slot.key === key ? change(slot) : slot));
}

function rules(problems: readonly Problem[]): string[] {
  return [...new Set(problems.map((problem) => problem.rule))].sort();
}

describe("validateSlots", () => {
  it("accepts the planner's own plan, and a slot moved off the step grid that breaks no rule", () => {
    expect(validateSlots(input, plan)).toEqual([]);
    expect(
      validateSlots(
        input,
        edited("integration-after-dose-1", (slot) => moveSlot(slot, "2026-04-08", "14:15")),
      ),
    ).toEqual([]);
  });

  it("names the staff member who is already booked", () => {
    const calendar = quietCalendar();
    calendar.staff = calendar.staff.map((person) =>
      person.id === THERAPIST ? { ...person, busy: [between("2026-04-16", "10:00", "11:00")] } : person,
    );
    const problems = validateSlots({ ...input, calendar }, plan);
    expect(problems).toEqual([
      expect.objectContaining({
        rule: "staff-busy",
        who: THERAPIST,
        date: "2026-04-16",
        message: "Dose 4 on Thu, Apr 16 at 09:00: Jordan Reyes is already booked.",
      }),
    ]);
  });

  it("finds time off, working hours, closed days and bookings of rooms and the patient", () => {
    const calendar = quietCalendar();
    calendar.staff = calendar.staff.map((person) =>
      person.id === NURSE ? { ...person, timeOff: [days("2026-04-13", "2026-04-13")] } : person,
    );
    calendar.rooms = calendar.rooms.map((room) => ({ ...room, busy: [between("2026-04-14", "08:30", "09:00")] }));
    calendar.patientBusy = [between("2026-04-08", "08:00", "08:30")];
    expect(rules(validateSlots({ ...input, calendar }, plan))).toEqual(["patient-busy", "room-busy", "time-off"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-4", (slot) => moveSlot(slot, "2026-04-16", "16:00")),
        ),
      ),
    ).toEqual(["opening-hours", "working-hours"]);
    const sunday = validateSlots(
      input,
      edited("integration-after-dose-4", (slot) => moveSlot(slot, "2026-04-19", "09:00")),
    );
    expect(sunday.map((problem) => problem.message)).toContain(
      "The integration session after dose 4 on Sun, Apr 19 at 09:00 is on a day the clinic is closed (Sundays).",
    );
    expect(rules(sunday)).toEqual(["opening-hours", "working-hours"]);
  });

  it("checks dose spacing, doses per ISO week, course length and dose order", () => {
    const tooClose = edited(
      "dose-2",
      (slot) => moveSlot(slot, "2026-04-08", "13:00"),
      edited("integration-after-dose-1", (slot) => moveSlot(slot, "2026-04-08", "09:00")),
    );
    // Dose 2 on Wednesday also leaves its integration (Monday) 5 days after it.
    expect(rules(validateSlots(input, tooClose))).toEqual(["dose-spacing", "integration-window"]);
    const crowded = edited("dose-3", (slot) => moveSlot(slot, "2026-04-12", "09:00"));
    expect(rules(validateSlots(input, crowded))).toContain("doses-per-week");
    const long = edited(
      "dose-6",
      (slot) => moveSlot(slot, "2026-04-28", "09:00"),
      edited("integration-after-dose-6", (slot) => moveSlot(slot, "2026-04-29", "09:00")),
    );
    expect(validateSlots(input, long)).toEqual([
      expect.objectContaining({
        rule: "course-span",
        message: "The doses span 22 days (Tue, Apr 7 to Tue, Apr 28); the course allows 21.",
      }),
    ]);
    const swapped = plan.map((slot) =>
      slot.key === "dose-5"
        ? { ...slot, key: "dose-6", doseNumber: 6 }
        : slot.key === "dose-6"
          ? { ...slot, key: "dose-5", doseNumber: 5 }
          : slot,
    );
    expect(rules(validateSlots(input, swapped))).toContain("dose-order");
  });

  it("checks preparation, integration and checkpoint timing", () => {
    // The checkpoint before dose 1 must also follow every preparation session.
    expect(
      rules(
        validateSlots(
          input,
          edited("preparation-1", (slot) => moveSlot(slot, "2026-04-07", "14:00")),
        ),
      ),
    ).toEqual(["checkpoint-window", "preparation-window"]);
    const late = validateSlots(
      input,
      edited("integration-after-dose-1", (slot) => moveSlot(slot, "2026-04-10", "14:00")),
    );
    expect(late.map((problem) => problem.message)).toEqual([
      "The integration session after dose 1 on Fri, Apr 10 at 14:00 must end before dose 2 starts.",
    ]);
    expect(
      rules(
        validateSlots(
          input,
          edited("integration-after-dose-6", (slot) => moveSlot(slot, "2026-04-28", "09:00")),
        ),
      ),
    ).toEqual(["integration-window"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("checkpoint-before-dose-1", (slot) => moveSlot(slot, "2026-04-07", "13:00")),
        ),
      ),
    ).toEqual(["checkpoint-window"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("checkpoint-before-dose-1", (slot) => moveSlot(slot, "2026-04-06", "08:30")),
        ),
      ),
    ).toEqual(["checkpoint-window", "overlap"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("checkpoint-after-dose-2", (slot) => moveSlot(slot, "2026-04-14", "14:00")),
        ),
      ),
    ).toEqual(["checkpoint-window"]);
  });

  it("finds overlaps, missing, repeated and unknown steps", () => {
    const overlapping = validateSlots(
      input,
      edited("integration-after-dose-1", (slot) => moveSlot(slot, "2026-04-07", "11:00")),
    );
    expect(overlapping.map((problem) => problem.rule)).toEqual(["overlap", "integration-window"]);
    expect(overlapping[0]?.message).toBe(
      "Dose 1 on Tue, Apr 7 at 09:00 overlaps the integration session after dose 1 on Tue, Apr 7 at 11:00: the patient cannot be in two places.",
    );
    expect(
      validateSlots(
        input,
        plan.filter((slot) => slot.key !== "dose-6"),
      ),
    ).toContainEqual({ rule: "count", message: "Dose 6 is not planned." });
    const dose = plan.find((slot) => slot.key === "dose-6") as ProposedSlot;
    expect(rules(validateSlots(input, [...plan, moveSlot(dose, "2026-04-30", "09:00")]))).toContain("step");
    expect(rules(validateSlots(input, [...plan, { ...dose, key: "dose-7", doseNumber: 7 }]))).toContain("step");
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-2", (slot) => ({ ...slot, kind: "integration" })),
        ),
      ),
    ).toContain("step");
  });

  it("checks lengths, local labels, the planning window, staff and rooms", () => {
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-1", (slot) => ({ ...slot, end: new Date(slot.end.getTime() - 1_800_000) })),
        ),
      ),
    ).toEqual(["duration"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-1", (slot) => ({ ...slot, localStart: "10:00" })),
        ),
      ),
    ).toEqual(["local-time"]);
    expect(rules(validateSlots({ ...input, startDate: "2026-04-07" }, plan))).toContain("search-window");
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-1", (slot) => ({ ...slot, staffIds: [THERAPIST] })),
        ),
      ),
    ).toEqual(["monitor"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-1", (slot) => ({ ...slot, staffIds: [NURSE, PRESCRIBER] })),
        ),
      ),
    ).toEqual(["staffing"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-1", (slot) => ({ ...slot, staffIds: [THERAPIST, "staff-ghost"] })),
        ),
      ),
    ).toEqual(["monitor", "staffing"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-1", (slot) => ({ ...slot, roomId: null })),
        ),
      ),
    ).toEqual(["room"]);
    expect(
      rules(
        validateSlots(
          input,
          edited("dose-1", (slot) => ({ ...slot, roomId: "room-ghost" })),
        ),
      ),
    ).toEqual(["room"]);
    const preferring = { ...input, preferences: { roomIds: ["room-maple"] } };
    expect(rules(validateSlots(preferring, plan))).toEqual(["room-preference"]);
    const chosenMonitors = { ...input, team: { ...input.team, monitorIds: [PRESCRIBER] } };
    expect(rules(validateSlots(chosenMonitors, plan))).toEqual(["monitor"]);
  });

  it("checks the patient's preferred weekdays and start times", () => {
    expect(rules(validateSlots({ ...input, preferences: { weekdays: [2, 3, 4, 5] } }, plan))).toEqual([
      "weekday-preference",
    ]);
    expect(rules(validateSlots({ ...input, preferences: { earliestStart: "08:30" } }, plan))).toEqual([
      "time-preference",
    ]);
  });

  it("reports a broken request instead of judging slots against it", () => {
    const problems = validateSlots({ ...input, team: { therapistId: "staff-ghost", prescriberId: PRESCRIBER } }, plan);
    expect(problems).toEqual([
      {
        rule: "team",
        message: "The care team's therapist (staff-ghost) is not on the clinic's staff.",
        who: "staff-ghost",
      },
    ]);
  });

  it("renumbers slots in time order after a move, and validates many edits against one request", () => {
    const moved = edited("integration-after-dose-1", (slot) => moveSlot(slot, "2026-04-09", "10:00"));
    const renumbered = renumberSlots(moved);
    expect(renumbered.map((slot) => slot.sequence)).toEqual(plan.map((_, index) => index + 1));
    expect(renumbered.findIndex((slot) => slot.key === "integration-after-dose-1")).toBe(4);
    const validate = slotValidator(input);
    expect(validate(renumbered)).toEqual([]);
    expect(validate(plan)).toEqual([]);
  });
});
