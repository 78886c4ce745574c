import type { AppointmentStatus } from "#db/schema/scheduling";

/** Where an appointment may go from each status; the last three are final. */
export function allowedNextStatuses(status: AppointmentStatus): AppointmentStatus[] {
  switch (status) {
    case "scheduled":
      return ["checked_in", "cancelled", "no_show"];
    case "checked_in":
      return ["in_progress", "completed", "cancelled", "scheduled"];
    case "in_progress":
      return ["completed"];
    case "completed":
    case "cancelled":
    case "no_show":
      return [];
  }
}

export function canMove(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return allowedNextStatuses(from).includes(to);
}

/** Time, room and clinicians can change only before the session has begun. */
export function isChangeable(status: AppointmentStatus): boolean {
  return status === "scheduled" || status === "checked_in";
}

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: "Scheduled",
  checked_in: "Checked in",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
  no_show: "No-show",
};
