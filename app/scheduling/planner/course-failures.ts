import { dayProblems, sentence, withoutClosedDays } from "./day-problems";
import { dayRange, formatDays, plural } from "./format";
import { NO_DOSE, type Filler } from "./gaps";
import { range } from "./intervals";
import { localDateOf } from "./local-time";
import type { Model } from "./model";
import type { PlannedKind } from "./resolve";
import type { DoseSearch } from "./search";
import { describeStep } from "./steps";
import type { Problem, Rule } from "./types";

function fillerRule(filler: Filler): Rule {
  switch (filler.role) {
    case "preparation":
      return "preparation-window";
    case "integration":
      return "integration-window";
    case "checkpoint-before-first":
    case "checkpoint-after":
    case "checkpoint-before":
      return "checkpoint-window";
  }
}

/** Where a filler must fall, in words that hold whichever day the doses are on. */
function fillerWindow(model: Model, filler: Filler, last: boolean): string {
  const { template } = model.resolved;
  const number = filler.step.doseNumber ?? 0;
  switch (filler.role) {
    case "preparation":
      return `${dayRange(template.preparation.minDaysBeforeFirstDose, template.preparation.maxDaysBeforeFirstDose)} before dose 1`;
    case "checkpoint-before-first":
      return "after the preparation sessions, on a day before dose 1";
    case "integration":
      return `${dayRange(template.integration.minDaysAfter, template.integration.maxDaysAfter)} after dose ${number}${last ? "" : `, before dose ${number + 1}`}`;
    case "checkpoint-after":
      return last
        ? `within ${plural(template.integration.maxDaysAfter, "day")} after dose ${number}`
        : `between dose ${number} and dose ${number + 1}`;
    case "checkpoint-before":
      return `after dose ${number - 1}, on a day before dose ${number}`;
  }
}

/** One way a course broke for one first-dose day; failures with the same key are told once. */
export type Failure = { key: string; rule: Rule; text: string; kind: PlannedKind | null; days: number[] };

function joinWithAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

/** Why the appointments of one gap (before the first dose, between two, after the last) cannot be placed. */
function gapFailure(model: Model, search: DoseSearch, gap: number, a: number, b: number): Failure {
  const fillers = search.gaps.fillers[gap] ?? [];
  const last = b === NO_DOSE;
  const windowDays = (filler: Filler): number[] => {
    const [from, to] = search.gaps.dayWindow(filler, a, b);
    return range(from, to + 1);
  };
  for (const filler of fillers) {
    const [low, high] = search.gaps.range(filler, a, b);
    if (low >= high) {
      return {
        key: filler.step.key,
        rule: fillerRule(filler),
        text: `No slot for ${describeStep(filler.step)} fits ${fillerWindow(model, filler, last)}`,
        kind: filler.kind,
        days: windowDays(filler),
      };
    }
  }
  const first = fillers[0];
  const preparations = fillers.filter((filler) => filler.role === "preparation");
  if (first && gap === 0 && countPreparations(model, search, preparations, b) < preparations.length) {
    return {
      key: "preparations",
      rule: "preparation-window",
      text: `Only ${countPreparations(model, search, preparations, b)} of ${plural(preparations.length, "preparation session")} fit ${fillerWindow(model, first, last)}`,
      kind: "preparation",
      days: windowDays(first),
    };
  }
  const where = gap === 0 ? "before dose 1" : last ? `after dose ${gap}` : `between dose ${gap} and dose ${gap + 1}`;
  return {
    key: `gap-${gap}`,
    rule: first ? fillerRule(first) : "availability",
    text: `${sentence(joinWithAnd(fillers.map((filler) => describeStep(filler.step))))} cannot all fit ${where}`,
    kind: null,
    days: [],
  };
}

function countPreparations(model: Model, search: DoseSearch, preparations: readonly Filler[], b: number): number {
  const first = preparations[0];
  if (!first) {
    return 0;
  }
  const list = model.candidates.preparation;
  const [low, high] = search.gaps.range(first, NO_DOSE, b);
  let placed = 0;
  let lastEnd = -Infinity;
  for (let index = low; index < high && placed < preparations.length; index += 1) {
    if ((list.start[index] ?? 0) >= lastEnd) {
      placed += 1;
      lastEnd = list.end[index] ?? Infinity;
    }
  }
  return placed;
}

/**
 * Walks one pattern of dose days and finds the first place the course breaks, judging each gap
 * with the loosest dose times of those days (the earliest dose before it, the latest after it).
 */
export function sequenceFailure(model: Model, search: DoseSearch, sequence: readonly number[]): Failure {
  const doses = model.candidates.dosing;
  const earliest = (day: number): number => doses.dayFirst[day] ?? 0;
  const latest = (day: number): number => (doses.dayFirst[day + 1] ?? 0) - 1;
  const firstDay = sequence[0] ?? 0;
  if (!search.gaps.feasible(0, NO_DOSE, latest(firstDay))) {
    return gapFailure(model, search, 0, NO_DOSE, latest(firstDay));
  }
  for (let gap = 1; gap < sequence.length; gap += 1) {
    const a = earliest(sequence[gap - 1] ?? 0);
    const b = latest(sequence[gap] ?? 0);
    if (!search.gaps.feasible(gap, a, b)) {
      return gapFailure(model, search, gap, a, b);
    }
  }
  const lastDose = earliest(sequence[sequence.length - 1] ?? 0);
  if (!search.gaps.feasible(sequence.length, lastDose, NO_DOSE)) {
    return gapFailure(model, search, sequence.length, lastDose, NO_DOSE);
  }
  return {
    key: "times",
    rule: "availability",
    text: "No time of day lets each dose fit between the sessions that must come before and after it",
    kind: null,
    days: [],
  };
}

/** Tells each way the course broke once, with the first-dose days it broke for and the days behind it. */
export function failureProblems(model: Model, failures: readonly { failure: Failure; firstDay: number }[]): Problem[] {
  const days = model.availability.grid.days;
  const grouped = new Map<string, { failure: Failure; firstDays: number[]; days: Set<number> }>();
  for (const { failure, firstDay } of failures) {
    const group = grouped.get(failure.key) ?? { failure, firstDays: [], days: new Set<number>() };
    group.firstDays.push(days[firstDay]?.epochDay ?? 0);
    failure.days.forEach((day) => group.days.add(day));
    grouped.set(failure.key, group);
  }
  return [...grouped.values()].flatMap(({ failure, firstDays, days: windowDays }) => [
    {
      rule: failure.rule,
      message: `${failure.text}, with dose 1 on ${formatDays(firstDays)}.`,
      date: localDateOf(Math.min(...firstDays)),
    },
    ...(failure.kind
      ? withoutClosedDays(
          dayProblems(
            model,
            failure.kind,
            [...windowDays].sort((a, b) => a - b),
          ),
        )
      : []),
  ]);
}
