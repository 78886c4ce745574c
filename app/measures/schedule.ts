import type { Instrument } from "#db/schema/measures";
import type { AppointmentKindValue, AppointmentStatus } from "#db/schema/scheduling";
import type { MeasureContext } from "./instruments";

export type SeriesAppointment = {
  id: string;
  kind: AppointmentKindValue;
  doseNumber: number | null;
  start: Date;
  end?: Date;
  status: AppointmentStatus;
};

/** A recorded response, as far as the schedule cares: which session it was given for. */
export type RecordedMeasure = {
  id: string;
  instrument: Instrument;
  appointmentId: string | null;
  enteredInError: boolean;
};

/**
 * done: recorded for this session; upcoming: the session is more than a day away; due: give it now
 * (the day before the session up to its end); overdue: the session was held or is over, and nothing
 * was recorded.
 */
export type DueState = "done" | "upcoming" | "due" | "overdue";

export type DueMeasure = { instrument: Instrument; state: DueState; responseId: string | null };

export type MeasureOccasion = {
  appointmentId: string;
  kind: AppointmentKindValue;
  doseNumber: number | null;
  start: Date;
  context: MeasureContext;
  title: string;
  measures: DueMeasure[];
};

export type DueItem = {
  appointmentId: string;
  title: string;
  start: Date;
  context: MeasureContext;
  instrument: Instrument;
};

export type MeasurePlan = { occasions: MeasureOccasion[]; due: DueItem[]; overdue: DueItem[] };

/** How long before a session its measures may be given (e.g. the evening before a dose). */
export const DUE_WINDOW_MS = 24 * 60 * 60 * 1000;

const NOT_HELD: readonly AppointmentStatus[] = ["cancelled", "no_show"];

const EVERY_TIME: readonly Instrument[] = ["phq9", "gad7"];
const WITH_PCL5: readonly Instrument[] = ["phq9", "gad7", "pcl5"];

/** The dose in the middle of a course, when PCL-5 is repeated: dose 4 of 6, dose 3 of 4 or 5. */
export function middleDose(courseDoses: number): number {
  return Math.floor(courseDoses / 2) + 1;
}

/** The context a measure given at this kind of session is usually recorded with. */
export function contextForKind(kind: AppointmentKindValue): MeasureContext {
  switch (kind) {
    case "preparation":
    case "screening":
      return "baseline";
    case "dosing":
      return "pre_dose";
    case "integration":
      return "integration";
    case "checkpoint":
      return "follow_up";
  }
}

/**
 * When the series' outcome measures are due, following the course: a baseline at the first
 * preparation session; before each dose; at each integration session. PHQ-9 and GAD-7 every time;
 * PCL-5 at baseline, before dose 1, before the middle dose (dose 4 of 6) and at the last integration.
 * Cancelled and missed sessions need nothing; a response counts for the session it was recorded for.
 */
export function measurePlan(
  appointments: readonly SeriesAppointment[],
  responses: readonly RecordedMeasure[],
  now: Date,
): MeasurePlan {
  const held = appointments
    .filter((appointment) => !NOT_HELD.includes(appointment.status))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const courseDoses = Math.max(
    0,
    ...appointments
      .filter((appointment) => appointment.kind === "dosing")
      .map((appointment) => appointment.doseNumber ?? 0),
  );
  const pcl5Doses = new Set([1, middleDose(courseDoses)]);
  const firstPreparation = held.find((appointment) => appointment.kind === "preparation");
  const lastIntegration = held.filter((appointment) => appointment.kind === "integration").at(-1);
  const recorded = responses.filter((response) => !response.enteredInError);
  const occasions: MeasureOccasion[] = [];
  for (const appointment of held) {
    const wanted = wantedAt(appointment, { firstPreparation, lastIntegration, pcl5Doses });
    if (!wanted) {
      continue;
    }
    occasions.push({
      appointmentId: appointment.id,
      kind: appointment.kind,
      doseNumber: appointment.doseNumber,
      start: appointment.start,
      context: wanted.context,
      title: wanted.title,
      measures: wanted.instruments.map((instrument) => {
        const response = recorded.find(
          (candidate) => candidate.appointmentId === appointment.id && candidate.instrument === instrument,
        );
        return { instrument, state: response ? "done" : stateAt(appointment, now), responseId: response?.id ?? null };
      }),
    });
  }
  const items = (state: DueState): DueItem[] =>
    occasions.flatMap((occasion) =>
      occasion.measures
        .filter((measure) => measure.state === state)
        .map((measure) => ({
          appointmentId: occasion.appointmentId,
          title: occasion.title,
          start: occasion.start,
          context: occasion.context,
          instrument: measure.instrument,
        })),
    );
  return { occasions, due: items("due"), overdue: items("overdue") };
}

type Landmarks = {
  firstPreparation: SeriesAppointment | undefined;
  lastIntegration: SeriesAppointment | undefined;
  pcl5Doses: Set<number>;
};

function wantedAt(
  appointment: SeriesAppointment,
  landmarks: Landmarks,
): { context: MeasureContext; title: string; instruments: readonly Instrument[] } | null {
  const dose = appointment.doseNumber;
  switch (appointment.kind) {
    case "preparation":
      return appointment === landmarks.firstPreparation
        ? { context: "baseline", title: "Baseline, at the first preparation session", instruments: WITH_PCL5 }
        : null;
    case "dosing":
      return {
        context: "pre_dose",
        title: dose ? `Before dose ${dose}` : "Before the dose",
        instruments: dose && landmarks.pcl5Doses.has(dose) ? WITH_PCL5 : EVERY_TIME,
      };
    case "integration": {
      const last = appointment === landmarks.lastIntegration;
      const title = dose ? `Integration after dose ${dose}` : "Integration";
      return {
        context: "integration",
        title: last ? `${title} (last)` : title,
        instruments: last ? WITH_PCL5 : EVERY_TIME,
      };
    }
    case "screening":
    case "checkpoint":
      return null;
  }
}

function stateAt(appointment: SeriesAppointment, now: Date): DueState {
  const end = appointment.end ?? appointment.start;
  switch (appointment.status) {
    case "completed":
      return "overdue";
    case "checked_in":
    case "in_progress":
      return now > end ? "overdue" : "due";
    case "scheduled":
    case "cancelled":
    case "no_show":
      break;
  }
  if (now > end) {
    return "overdue";
  }
  return now.getTime() >= appointment.start.getTime() - DUE_WINDOW_MS ? "due" : "upcoming";
}
