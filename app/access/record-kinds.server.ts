import { appointmentKind } from "./kinds/appointment.server";
import { patientKind } from "./kinds/patient.server";
import { seriesKind } from "./kinds/series.server";

/**
 * Every kind of record requireRecord can load. A new kind is one file in ./kinds (a `recordKind`
 * with `load` and `authorize`) and one line here.
 */
export const RECORD_KINDS = {
  patient: patientKind,
  series: seriesKind,
  appointment: appointmentKind,
} as const;

export type RecordKind = keyof typeof RECORD_KINDS;

export type RecordOf<K extends RecordKind> = Awaited<ReturnType<(typeof RECORD_KINDS)[K]["authorize"]>>;
