import type { AppointmentStaffRole } from "#db/schema/scheduling";
import type { SlotToBook } from "./booking-types";
import type { ProposedSlot } from "./planner/types";

/**
 * A planner slot as a booking: the series' therapist books as therapist, its prescriber as
 * prescriber at a checkpoint, anyone else on site as the medical monitor.
 */
export function toSlotToBook(slot: ProposedSlot, team: { therapistId: string; prescriberId: string }): SlotToBook {
  const roleOf = (userId: string): AppointmentStaffRole => {
    if (userId === team.therapistId) {
      return "therapist";
    }
    if (userId === team.prescriberId && slot.kind === "checkpoint") {
      return "prescriber";
    }
    return "monitor";
  };
  return {
    kind: slot.kind,
    start: slot.start,
    end: slot.end,
    roomId: slot.roomId,
    staff: slot.staffIds.map((userId) => ({ userId, role: roleOf(userId) })),
    sequence: slot.sequence,
    doseNumber: slot.doseNumber ?? null,
  };
}
