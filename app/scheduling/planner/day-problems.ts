import { explainDay, type Reason } from "./explain";
import { durationAdjective, formatDays, kindLabel } from "./format";
import { localDateOf } from "./local-time";
import type { Model } from "./model";
import type { PlannedKind } from "./resolve";
import type { Problem } from "./types";

export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why no slot of a kind fits on these days, one problem per reason, the most telling first. */
export function dayProblems(model: Model, kind: PlannedKind, dayIndexes: readonly number[]): Problem[] {
  const groups = new Map<string, { reason: Reason; days: number[] }>();
  for (const index of dayIndexes) {
    const reason = explainDay(model, kind, index);
    const day = model.availability.grid.days[index];
    if (!reason || !day) {
      continue;
    }
    const group = groups.get(reason.key) ?? { reason, days: [] };
    group.days.push(day.epochDay);
    groups.set(reason.key, group);
  }
  const adjective = durationAdjective(model.resolved.specs[kind].durationMinutes);
  const weight = (reason: Reason): number =>
    reason.key.startsWith("closed-") || reason.rule === "weekday-preference" ? 1 : 0;
  return [...groups.values()]
    .sort(
      (a, b) =>
        weight(a.reason) - weight(b.reason) || b.days.length - a.days.length || (a.days[0] ?? 0) - (b.days[0] ?? 0),
    )
    .map(({ reason, days }) => {
      const problem: Problem = {
        rule: reason.rule,
        message: reason.key.startsWith("closed-")
          ? `${sentence(reason.text)}.`
          : `No ${adjective} ${kindLabel(kind)} window on ${formatDays(days)}: ${reason.text}.`,
        date: localDateOf(Math.min(...days)),
      };
      if (reason.who !== undefined) {
        problem.who = reason.who;
      }
      return problem;
    });
}

/** "The clinic is closed on Sundays" is true but rarely why a course does not fit: keep it only when it is all there is. */
export function withoutClosedDays(problems: Problem[]): Problem[] {
  const telling = problems.filter((problem) => !problem.message.startsWith("The clinic is closed on"));
  return telling.length > 0 ? telling : problems;
}
