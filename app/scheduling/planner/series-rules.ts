import { dayRange, formatDay, plural } from "./format";
import { isoWeekOf, localDateOf } from "./local-time";
import type { Resolved } from "./resolve";
import { doseKey } from "./steps";
import type { Problem } from "./types";
import type { SlotFacts } from "./slot-rules";

/**
 * The rules between the steps of a course. Each compares only steps that are present, so a partial
 * course that breaks none of them can still be completed: the brute-force test relies on that.
 */
export function checkSeries(resolved: Resolved, byKey: ReadonlyMap<string, SlotFacts>): Problem[] {
  const problems: Problem[] = [];
  const { template, doseCount } = resolved;
  const add = (rule: string, facts: SlotFacts, message: string): void => {
    problems.push({ rule, message, date: localDateOf(facts.epochDay) });
  };
  const dose = (number: number): SlotFacts | undefined => byKey.get(doseKey(number));
  const doses = Array.from({ length: doseCount }, (_, index) => dose(index + 1)).filter((facts) => facts !== undefined);

  const inOrder = [...doses].sort((a, b) => a.start - b.start);
  inOrder.forEach((facts, index) => {
    const previous = inOrder[index - 1];
    if (previous && (previous.slot.doseNumber ?? 0) > (facts.slot.doseNumber ?? 0)) {
      add(
        "dose-order",
        facts,
        `${facts.label} comes before dose ${previous.slot.doseNumber ?? ""}; doses must keep their order.`,
      );
    }
  });
  for (let number = 1; number < doseCount; number += 1) {
    const earlier = dose(number);
    const later = dose(number + 1);
    if (earlier && later && later.epochDay - earlier.epochDay < template.dosing.minDaysApart) {
      add(
        "dose-spacing",
        later,
        `${later.label} is ${plural(later.epochDay - earlier.epochDay, "day")} after dose ${number}; doses must be at least ${plural(template.dosing.minDaysApart, "day")} apart.`,
      );
    }
  }
  const perWeek = new Map<number, SlotFacts[]>();
  for (const facts of doses) {
    const week = isoWeekOf(facts.epochDay);
    perWeek.set(week, [...(perWeek.get(week) ?? []), facts]);
  }
  for (const [week, inWeek] of perWeek) {
    const first = inWeek[0];
    if (first && inWeek.length > template.dosing.maxPerWeek) {
      add(
        "doses-per-week",
        first,
        `${inWeek.length} doses fall in the week of ${formatDay(week * 7 - 3)}; at most ${template.dosing.maxPerWeek} a week.`,
      );
    }
  }
  if (inOrder.length > 1) {
    const days = doses.map((facts) => facts.epochDay);
    const span = Math.max(...days) - Math.min(...days) + 1;
    const last = inOrder[inOrder.length - 1];
    if (last && span > template.dosing.maxCourseDays) {
      add(
        "course-span",
        last,
        `The doses span ${span} days (${formatDay(Math.min(...days))} to ${formatDay(Math.max(...days))}); the course allows ${template.dosing.maxCourseDays}.`,
      );
    }
  }
  problems.push(...checkSteps(resolved, byKey, dose));
  return problems;
}

function checkSteps(
  resolved: Resolved,
  byKey: ReadonlyMap<string, SlotFacts>,
  dose: (number: number) => SlotFacts | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const { template, doseCount } = resolved;
  const add = (rule: string, facts: SlotFacts, message: string): void => {
    problems.push({ rule, message, date: localDateOf(facts.epochDay) });
  };
  const preparations = resolved.steps
    .filter((step) => step.kind === "preparation")
    .flatMap((step) => byKey.get(step.key) ?? []);
  const first = dose(1);
  const { minDaysBeforeFirstDose: minBefore, maxDaysBeforeFirstDose: maxBefore } = template.preparation;
  if (first) {
    for (const facts of preparations) {
      const before = first.epochDay - facts.epochDay;
      if (before < minBefore || before > maxBefore || facts.end > first.start) {
        add(
          "preparation-window",
          facts,
          `${facts.label} is ${plural(before, "day")} before dose 1; preparation must be ${dayRange(minBefore, maxBefore)} before it and end before it starts.`,
        );
      }
    }
  }
  const { minDaysAfter, maxDaysAfter } = template.integration;
  for (const step of resolved.steps) {
    const facts = byKey.get(step.key);
    const number = step.doseNumber ?? 0;
    if (!facts || step.kind === "dosing" || step.kind === "preparation") {
      continue;
    }
    const earlier = dose(step.checkpoint === "before" ? number - 1 : number);
    const later = dose(step.checkpoint === "before" ? number : number + 1);
    if (step.kind === "integration") {
      const after = earlier ? facts.epochDay - earlier.epochDay : 0;
      if (earlier && (after < minDaysAfter || after > maxDaysAfter || facts.start < earlier.end)) {
        add(
          "integration-window",
          facts,
          `${facts.label} is ${plural(after, "day")} after dose ${number}; integration must be ${dayRange(minDaysAfter, maxDaysAfter)} after it and start after it ends.`,
        );
      }
      if (later && facts.end > later.start) {
        add("integration-window", facts, `${facts.label} must end before dose ${number + 1} starts.`);
      }
      continue;
    }
    if (earlier && facts.start < earlier.end) {
      add("checkpoint-window", facts, `${facts.label} must start after dose ${earlier.slot.doseNumber ?? ""} ends.`);
    }
    if (step.checkpoint === "before") {
      if (later && facts.epochDay >= later.epochDay) {
        add("checkpoint-window", facts, `${facts.label} must be on a day before dose ${number}.`);
      }
      if (number === 1 && preparations.some((preparation) => facts.start < preparation.end)) {
        add("checkpoint-window", facts, `${facts.label} must come after the preparation sessions.`);
      }
    } else if (later && facts.end > later.start) {
      add("checkpoint-window", facts, `${facts.label} must end before dose ${number + 1} starts.`);
    } else if (number === doseCount && earlier && facts.epochDay - earlier.epochDay > maxDaysAfter) {
      add("checkpoint-window", facts, `${facts.label} must be within ${plural(maxDaysAfter, "day")} of the last dose.`);
    }
  }
  return problems;
}
