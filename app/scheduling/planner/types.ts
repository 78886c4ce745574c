export type AppointmentKind = "screening" | "preparation" | "dosing" | "integration" | "checkpoint";
/** "HH:mm" in the clinic's time zone; "24:00" is accepted as the end of a day in hours. */
export type LocalTime = string;
/** "yyyy-MM-dd" in the clinic's time zone. */
export type LocalDate = string;
/** Instants (UTC), half-open: an interval ending at 10:00 does not overlap one starting at 10:00. */
export type Interval = { start: Date; end: Date };
export type StaffRole = "prescriber" | "therapist" | "nurse";
/** monitor = a prescriber or nurse on site, who is not already the slot's therapist or prescriber. */
export type Need = "therapist" | "prescriber" | "monitor" | "room";

export type SeriesTemplate = {
  name: string;
  preparation: {
    count: number;
    durationMinutes: number;
    needs: Need[];
    minDaysBeforeFirstDose: number;
    maxDaysBeforeFirstDose: number;
  };
  /** maxCourseDays: first dose to last dose inclusive span, e.g. 21. Weeks are ISO weeks (Mon–Sun). */
  dosing: {
    count: number;
    durationMinutes: number;
    needs: Need[];
    minDaysApart: number;
    maxPerWeek: number;
    maxCourseDays: number;
  };
  /** 1-based dose numbers; each integration ends before the next dose starts. */
  integration: {
    afterDoses: number[] | "all";
    durationMinutes: number;
    needs: Need[];
    minDaysAfter: number;
    maxDaysAfter: number;
  };
  /**
   * Before dose n: on a day before dose n, starting after the previous dose ends (for dose 1: after
   * the last preparation session). After dose n: after dose n ends and before dose n+1 starts; after
   * the last dose: no later than integration.maxDaysAfter days after it.
   */
  checkpoints: { beforeDoses: number[]; afterDoses: number[]; durationMinutes: number; needs: Need[] };
};

export type Calendar = {
  /** IANA, e.g. "America/Los_Angeles". */
  timeZone: string;
  /** 0=Sunday; a weekday with no entry is closed. Several entries on one weekday are joined. */
  openingHours: { weekday: number; opens: LocalTime; closes: LocalTime }[];
  staff: {
    id: string;
    name: string;
    roles: StaffRole[];
    workingHours: { weekday: number; starts: LocalTime; ends: LocalTime }[];
    timeOff: Interval[];
    busy: Interval[];
  }[];
  rooms: { id: string; name: string; busy: Interval[] }[];
  patientBusy: Interval[];
};

export type PlanRequest = {
  template: SeriesTemplate;
  calendar: Calendar;
  /**
   * monitorIds: when given, only these may monitor, in this order of preference. When absent any
   * prescriber or nurse may, the care team's prescriber last (they are busiest).
   */
  team: { therapistId: string; prescriberId: string; monitorIds?: string[] };
  /** First day anything may be scheduled. */
  startDate: LocalDate;
  /** weekdays: 0=Sunday. earliestStart/latestStart bound each slot's local start, inclusive. */
  preferences?: { weekdays?: number[]; earliestStart?: LocalTime; latestStart?: LocalTime; roomIds?: string[] };
  /** Granularity of candidate start times, counted from local midnight; default 30. */
  stepMinutes?: number;
  /** Every slot falls on one of the searchDays days starting with startDate; default 60. */
  searchDays?: number;
};

/**
 * key names the template step the slot fills (see seriesSteps): "preparation-1", "dose-3",
 * "integration-after-dose-3", "checkpoint-before-dose-1", "checkpoint-after-dose-2".
 */
export type ProposedSlot = {
  key: string;
  kind: AppointmentKind;
  sequence: number;
  doseNumber?: number;
  start: Date;
  end: Date;
  localDate: LocalDate;
  localStart: LocalTime;
  staffIds: string[];
  roomId: string | null;
};

/** message is a sentence for front desk; who is the staff member's or room's id when one is to blame. */
export type Problem = { rule: string; message: string; date?: LocalDate; who?: string };
export type Alternative = {
  kind: "later-start" | "other-monitor" | "other-room";
  description: string;
  request: PlanRequest;
};
export type PlanResult =
  { ok: true; slots: ProposedSlot[] } | { ok: false; problems: Problem[]; alternatives: Alternative[] };

/** The rules a Problem can name. */
export const RULES = [
  "request",
  "time-zone",
  "template",
  "team",
  "calendar",
  "step",
  "count",
  "duration",
  "local-time",
  "search-window",
  "opening-hours",
  "weekday-preference",
  "time-preference",
  "room-preference",
  "staffing",
  "working-hours",
  "time-off",
  "staff-busy",
  "monitor",
  "room",
  "room-busy",
  "patient-busy",
  "availability",
  "overlap",
  "dose-order",
  "dose-spacing",
  "doses-per-week",
  "course-span",
  "preparation-window",
  "integration-window",
  "checkpoint-window",
] as const;
export type Rule = (typeof RULES)[number];
