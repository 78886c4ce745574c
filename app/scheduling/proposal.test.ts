import { describe, expect, it } from "vitest";
import type { ProposedSlot } from "./planner/types";
import { toSlotToBook } from "./proposal";

const slot = (kind: ProposedSlot["kind"], staffIds: string[]): ProposedSlot => ({
  key: "k",
  kind,
  sequence: 3,
  doseNumber: 2,
  start: new Date("2026-03-03T18:00:00Z"),
  end: new Date("2026-03-03T21:00:00Z"),
  localDate: "2026-03-03",
  localStart: "10:00",
  staffIds,
  roomId: "room-1",
});

describe("toSlotToBook", () => {
  const team = { therapistId: "t", prescriberId: "p" };

  it("books the therapist as therapist and the other clinician on a dose as monitor", () => {
    expect(toSlotToBook(slot("dosing", ["t", "n"]), team).staff).toEqual([
      { userId: "t", role: "therapist" },
      { userId: "n", role: "monitor" },
    ]);
  });

  it("books the series' prescriber as prescriber at a checkpoint, but as monitor on a dose", () => {
    expect(toSlotToBook(slot("checkpoint", ["p"]), team).staff).toEqual([{ userId: "p", role: "prescriber" }]);
    expect(toSlotToBook(slot("dosing", ["t", "p"]), team).staff[1]).toEqual({ userId: "p", role: "monitor" });
  });

  it("keeps time, room, order and dose number", () => {
    expect(toSlotToBook(slot("dosing", ["t"]), team)).toMatchObject({
      start: new Date("2026-03-03T18:00:00Z"),
      roomId: "room-1",
      sequence: 3,
      doseNumber: 2,
    });
  });
});
