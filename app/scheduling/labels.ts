import type { AppointmentKindValue, AppointmentStaffRole, SeriesStatus } from "#db/schema/scheduling";

// Type-only imports of the schema: these labels are used by components that run in the browser.

export const KIND_LABELS: Record<AppointmentKindValue, string> = {
  screening: "Screening",
  preparation: "Preparation",
  dosing: "Dosing",
  integration: "Integration",
  checkpoint: "Prescriber checkpoint",
};

export const SERIES_STATUS_LABELS: Record<SeriesStatus, string> = {
  planned: "Planned",
  active: "Active",
  completed: "Completed",
  discontinued: "Discontinued",
};

export const STAFF_ROLE_LABELS: Record<AppointmentStaffRole, string> = {
  therapist: "Therapist",
  monitor: "Monitor",
  prescriber: "Prescriber",
};

export const STAFF_ROLE_VALUES = [
  "therapist",
  "monitor",
  "prescriber",
] as const satisfies readonly AppointmentStaffRole[];

/** "Dosing session 3", "Integration after dose 3", "Prescriber checkpoint (dose 1)", "Preparation". */
export function appointmentTitle(kind: AppointmentKindValue, doseNumber: number | null | undefined): string {
  if (!doseNumber) {
    return KIND_LABELS[kind];
  }
  switch (kind) {
    case "dosing":
      return `Dosing session ${doseNumber}`;
    case "integration":
      return `Integration after dose ${doseNumber}`;
    case "checkpoint":
      return `Prescriber checkpoint (dose ${doseNumber})`;
    case "screening":
    case "preparation":
      return KIND_LABELS[kind];
  }
}

export const WEEKDAY_OPTIONS = [
  { value: "1", label: "Monday" },
  { value: "2", label: "Tuesday" },
  { value: "3", label: "Wednesday" },
  { value: "4", label: "Thursday" },
  { value: "5", label: "Friday" },
  { value: "6", label: "Saturday" },
  { value: "0", label: "Sunday" },
] as const;

/** "90 minutes", "3 hours", "2 hours 30 minutes". */
export function durationText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  if (minutes % 60 === 0) {
    return `${hours} hour${hours === 1 ? "" : "s"}`;
  }
  return minutes < 120 ? `${minutes} minutes` : `${hours} hours ${minutes % 60} minutes`;
}

const STEP_TITLES: Record<string, (number: string) => string> = {
  preparation: (number) => `Preparation session ${number}`,
  dose: (number) => `Dosing session ${number}`,
  "integration-after-dose": (number) => `Integration after dose ${number}`,
  "checkpoint-before-dose": (number) => `Prescriber checkpoint before dose ${number}`,
  "checkpoint-after-dose": (number) => `Prescriber checkpoint after dose ${number}`,
};

/** A planner step key in words: "preparation-2" → "Preparation session 2"; null for a key it does not know. */
export function stepTitle(key: string): string | null {
  const match = /^([a-z-]+)-(\d+)$/u.exec(key);
  const title = match ? STEP_TITLES[match[1]!] : undefined;
  return match && title ? title(match[2]!) : null;
}

/** "Dosing session 3" → "dosing session 3", for use inside a sentence or label. */
export function inSentence(title: string): string {
  return title.charAt(0).toLowerCase() + title.slice(1);
}
