import { describe, expect, it } from "vitest";
import { APPOINTMENT_STATUSES } from "#db/schema/scheduling";
import { allowedNextStatuses, canMove, isChangeable } from "./status-transitions";

describe("appointment status transitions", () => {
  it("follows scheduled → checked-in → in-progress → completed", () => {
    expect(canMove("scheduled", "checked_in")).toBe(true);
    expect(canMove("checked_in", "in_progress")).toBe(true);
    expect(canMove("in_progress", "completed")).toBe(true);
  });

  it("never leaves a final status", () => {
    for (const final of ["completed", "cancelled", "no_show"] as const) {
      for (const next of APPOINTMENT_STATUSES) {
        expect(canMove(final, next)).toBe(false);
      }
    }
  });

  it("refuses skipping back or jumping ahead", () => {
    expect(canMove("in_progress", "cancelled")).toBe(false);
    expect(canMove("scheduled", "completed")).toBe(false);
    expect(canMove("scheduled", "in_progress")).toBe(false);
  });

  it("never lists a status as its own successor", () => {
    for (const status of APPOINTMENT_STATUSES) {
      expect(allowedNextStatuses(status)).not.toContain(status);
    }
  });

  it("lets only appointments that have not begun be moved", () => {
    expect(APPOINTMENT_STATUSES.filter(isChangeable)).toEqual(["scheduled", "checked_in"]);
  });
});
