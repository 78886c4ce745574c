import type { AppointmentKindValue, AppointmentStaffRole } from "#db/schema/scheduling";

export type SlotToBook = {
  kind: AppointmentKindValue;
  start: Date;
  end: Date;
  roomId: string | null;
  staff: { userId: string; role: AppointmentStaffRole }[];
  sequence?: number | null;
  doseNumber?: number | null;
};

/** What is already booked at a slot's time: a clinician, the room, or the patient. */
export type Taken = { what: "clinician" | "room" | "patient"; name: string; start: Date; end: Date };

export type SlotConflict = { index: number; slot: SlotToBook; taken: Taken[]; message: string };
