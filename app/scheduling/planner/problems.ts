import { failureProblems, sequenceFailure, type Failure } from "./course-failures";
import { dayPatterns } from "./day-patterns";
import { dayProblems, withoutClosedDays } from "./day-problems";
import { durationAdjective, formatDay, plural } from "./format";
import { range } from "./intervals";
import type { Model } from "./model";
import type { DoseSearch } from "./search";
import type { Problem } from "./types";

export const MAX_PROBLEMS = 8;
/** First-dose days whose failure is worth explaining: more repeats the same story. */
const DAYS_EXPLAINED = 5;

/** first, first + 1, …, last. */
function dayIndexes(first: number, last: number): number[] {
  return range(first, last + 1);
}

/** The most doses that fit in any course-length stretch of days, by the day rules alone, and where. */
function bestDayWindow(model: Model, search: DoseSearch): { count: number; first: number } {
  const { dosing } = model.resolved.template;
  const doses = model.candidates.dosing;
  const days = model.availability.grid.days;
  const { first: windowFirst, last: windowLast } = search.window;
  const hasDose = (day: number): boolean => (doses.dayFirst[day + 1] ?? 0) > (doses.dayFirst[day] ?? 0);
  let best = { count: 0, first: windowFirst };
  for (let start = windowFirst; start <= windowLast; start += 1) {
    if (!hasDose(start)) {
      continue;
    }
    const end = Math.min(start + dosing.maxCourseDays - 1, windowLast);
    // longest[day][w]: most doses in a run from `start` ending on `day` with w doses in its week.
    const width = dosing.maxPerWeek;
    const longest = new Map<number, number>([[start * width, 1]]);
    const extend = (key: number, length: number): void => {
      longest.set(key, Math.max(longest.get(key) ?? 0, length));
    };
    for (let day = start; day <= end; day += 1) {
      if (!hasDose(day)) {
        continue;
      }
      for (let previous = start; day > start && previous <= day - Math.max(dosing.minDaysApart, 1); previous += 1) {
        const sameWeek = days[previous]?.week === days[day]?.week;
        for (let inWeek = 1; inWeek <= width; inWeek += 1) {
          const length = longest.get(previous * width + inWeek - 1);
          if (length !== undefined && (!sameWeek || inWeek < width)) {
            extend(day * width + (sameWeek ? inWeek : 0), length + 1);
          }
        }
      }
      // Doses may share a day when the template allows 0 days apart.
      for (let inWeek = 1; dosing.minDaysApart === 0 && inWeek < width; inWeek += 1) {
        const length = longest.get(day * width + inWeek - 1);
        if (length !== undefined) {
          extend(day * width + inWeek, length + 1);
        }
      }
    }
    const count = Math.max(...longest.values());
    if (count > best.count) {
      best = { count, first: start };
    }
  }
  return best;
}

/** The reasons no course fits, most useful first, at most MAX_PROBLEMS. */
export function explainFailure(model: Model, search: DoseSearch): Problem[] {
  const { template, doseCount } = model.resolved;
  const { dosing } = template;
  const doses = model.candidates.dosing;
  const { first, last } = search.window;
  const days = model.availability.grid.days;
  const from = formatDay(days[first]?.epochDay ?? 0);
  const to = formatDay(days[last]?.epochDay ?? 0);
  const problems: Problem[] = [];
  if (doses.dayFirst[last + 1] === doses.dayFirst[first]) {
    problems.push({
      rule: "availability",
      message: `No ${durationAdjective(dosing.durationMinutes)} dosing window fits anywhere from ${from} to ${to}.`,
    });
    problems.push(...withoutClosedDays(dayProblems(model, "dosing", dayIndexes(first, last))));
  } else if (bestDayWindow(model, search).count < doseCount) {
    const best = bestDayWindow(model, search);
    const end = best.first + dosing.maxCourseDays - 1;
    const cutShort = end > last ? ` before the planning window ends on ${to}` : "";
    problems.push({
      rule: "course-span",
      message:
        `Only ${best.count} of ${doseCount} dosing sessions fit within ${dosing.maxCourseDays} days${cutShort} ` +
        `(at best from ${formatDay(days[best.first]?.epochDay ?? 0)}), ` +
        `given at least ${plural(dosing.minDaysApart, "day")} apart and at most ${dosing.maxPerWeek} a week.`,
      date: days[best.first]?.date ?? "",
    });
    problems.push(...withoutClosedDays(dayProblems(model, "dosing", dayIndexes(first, last))));
  } else {
    problems.push({ rule: "availability", message: `No complete course fits from ${from} to ${to}.` });
    const failures: { failure: Failure; firstDay: number }[] = [];
    for (let day = first; day <= last && failures.length < DAYS_EXPLAINED; day += 1) {
      const lastAllowed = Math.min(day + dosing.maxCourseDays - 1, last);
      const needsPreparation = model.resolved.steps.some((step) => step.kind === "preparation");
      // A first dose too close to the start date for preparation says nothing about the calendar.
      if (
        doses.dayFirst[day + 1] === doses.dayFirst[day] ||
        search.dayBound(1, day, 1) > lastAllowed ||
        (needsPreparation && day - template.preparation.minDaysBeforeFirstDose < first)
      ) {
        continue;
      }
      const sequence = dayPatterns(model, search.window, day, lastAllowed).sequences[0];
      if (sequence) {
        failures.push({ failure: sequenceFailure(model, search, sequence), firstDay: day });
      }
    }
    problems.push(...failureProblems(model, failures));
  }
  const seen = new Set<string>();
  return problems.filter((problem) => !seen.has(problem.message) && seen.add(problem.message)).slice(0, MAX_PROBLEMS);
}
