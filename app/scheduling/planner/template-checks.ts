import type { Need, Problem, SeriesTemplate } from "./types";

const MAX_DOSES = 60;
const NEEDS: readonly Need[] = ["therapist", "prescriber", "monitor", "room"];

export function isWholeNumber(value: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** What is wrong with a template on its own, before any calendar is looked at. */
export function templateProblems(template: SeriesTemplate): Problem[] {
  const problems: Problem[] = [];
  const fail = (message: string): void => {
    problems.push({ rule: "template", message });
  };
  const { preparation, dosing, integration, checkpoints } = template;
  if (!isWholeNumber(dosing.count, 1, MAX_DOSES)) {
    fail(`The template "${template.name}" must have between 1 and ${MAX_DOSES} dosing sessions.`);
  }
  if (!isWholeNumber(preparation.count, 0, MAX_DOSES)) {
    fail(`The template "${template.name}" has an invalid number of preparation sessions.`);
  }
  const durations: [string, number][] = [
    ["preparation", preparation.durationMinutes],
    ["dosing", dosing.durationMinutes],
    ["integration", integration.durationMinutes],
    ["checkpoint", checkpoints.durationMinutes],
  ];
  for (const [label, minutes] of durations) {
    if (!isWholeNumber(minutes, 1, 1440)) {
      fail(`The ${label} duration must be a whole number of minutes between 1 and 1440.`);
    }
  }
  const days: [string, number, number][] = [
    ["preparation days before the first dose", preparation.minDaysBeforeFirstDose, preparation.maxDaysBeforeFirstDose],
    ["integration days after a dose", integration.minDaysAfter, integration.maxDaysAfter],
  ];
  for (const [label, min, max] of days) {
    if (!isWholeNumber(min, 0) || !isWholeNumber(max, 0) || min > max) {
      fail(`The ${label} must be whole numbers with the minimum no more than the maximum.`);
    }
  }
  if (
    !isWholeNumber(dosing.minDaysApart, 0) ||
    !isWholeNumber(dosing.maxPerWeek, 1) ||
    !isWholeNumber(dosing.maxCourseDays, 1)
  ) {
    fail("Dose spacing, doses per week and course length must be whole numbers (at least 1 per week and 1 day).");
  }
  const doseLists: [string, readonly number[]][] = [
    ["checkpoints before doses", checkpoints.beforeDoses],
    ["checkpoints after doses", checkpoints.afterDoses],
  ];
  if (integration.afterDoses !== "all") {
    doseLists.push(["integration sessions after doses", integration.afterDoses]);
  }
  for (const [label, doses] of doseLists) {
    if (doses.some((dose) => !isWholeNumber(dose, 1, dosing.count)) || new Set(doses).size !== doses.length) {
      fail(`The ${label} must name each dose once, between 1 and ${dosing.count}.`);
    }
  }
  const needLists = [preparation.needs, dosing.needs, integration.needs, checkpoints.needs];
  if (needLists.some((needs) => needs.some((need) => !NEEDS.includes(need)))) {
    fail("Each step may need only a therapist, a prescriber, a monitor or a room.");
  }
  return problems;
}
