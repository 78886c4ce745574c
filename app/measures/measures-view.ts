import type { Instrument } from "#db/schema/measures";
import type { ChartPoint, DoseMark } from "./chart";
import type { Band } from "./instruments";
import type { DueState } from "./schedule";

// What the measures page shows, as plain strings in the viewer's time zone: shared by the loader
// that builds it and the components that render it.

export type MeasureRow = {
  id: string;
  when: string;
  context: string;
  session: string | null;
  score: string;
  severity: string;
  /** The PHQ-9 item 9 answer when it raised the alert, e.g. "Several days"; empty otherwise. */
  alert: string;
  recordedBy: string;
  enteredInError: { reason: string; by: string; when: string } | null;
};

export type InstrumentSection = {
  instrument: Instrument;
  name: string;
  fullName: string;
  maxTotal: number;
  bands: Band[];
  points: ChartPoint[];
  rows: MeasureRow[];
};

export type DueOccasionView = {
  appointmentId: string;
  title: string;
  when: string;
  measures: { instrument: Instrument; name: string; state: DueState; stateLabel: string }[];
};

export type AlertView = { responseId: string; text: string; when: string };

export type MeasuresPageData = {
  sections: InstrumentSection[];
  doses: DoseMark[];
  occasions: DueOccasionView[];
  dueCount: number;
  overdueCount: number;
  alerts: AlertView[];
  pcl5CutOff: number;
};

export const DUE_STATE_LABELS: Record<DueState, string> = {
  done: "Done",
  upcoming: "Upcoming",
  due: "Due now",
  overdue: "Missing",
};
