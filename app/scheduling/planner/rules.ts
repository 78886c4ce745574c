import { resolveRequest } from "./resolve";
import { checkSeries } from "./series-rules";
import { blocksOf, checkSlot, slotFacts, type SlotFacts } from "./slot-rules";
import { describeStep, type SeriesStep } from "./steps";
import { overlaps } from "./intervals";
import type { PlanRequest, Problem, ProposedSlot } from "./types";

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Checks a (possibly hand-edited) set of slots against every rule the planner follows; [] means
 * valid. Slots are matched to template steps by key; sequence numbers are not checked (see
 * renumberSlots). Grid alignment is not a rule: front desk may move a slot to 10:15.
 */
export function validateSlots(request: PlanRequest, slots: ProposedSlot[]): Problem[] {
  const resolution = resolveRequest(request);
  if (!resolution.ok) {
    return resolution.problems;
  }
  const resolved = resolution.resolved;
  const problems: Problem[] = [];
  const steps = new Map(resolved.steps.map((step) => [step.key, step]));
  const describe = (slot: ProposedSlot): string => {
    const step = steps.get(slot.key);
    return capitalized(step ? describeStep(step) : slot.key);
  };
  const blocks = blocksOf(resolved);
  const byKey = new Map<string, SlotFacts>();
  const all: SlotFacts[] = [];
  for (const slot of slots) {
    const facts = slotFacts(resolved, slot, describe);
    all.push(facts);
    const step: SeriesStep | undefined = steps.get(slot.key);
    if (!step) {
      problems.push({ rule: "step", message: `"${slot.key}" is not a step of ${resolved.template.name}.` });
    } else if (byKey.has(slot.key)) {
      problems.push({ rule: "step", message: `${facts.label} appears more than once.` });
      continue;
    } else if (slot.kind !== step.kind || slot.doseNumber !== step.doseNumber) {
      problems.push({ rule: "step", message: `${facts.label} should be a ${step.kind} slot${step.doseNumber ? ` for dose ${step.doseNumber}` : ""}.` });
    } else {
      byKey.set(slot.key, facts);
    }
    if (slot.kind === "screening") {
      continue;
    }
    problems.push(...checkSlot(resolved, facts, resolved.specs[slot.kind], blocks));
  }
  for (const step of resolved.steps) {
    if (!byKey.has(step.key) && !slots.some((slot) => slot.key === step.key)) {
      problems.push({ rule: "count", message: `${capitalized(describeStep(step))} is not planned.` });
    }
  }
  const sorted = [...all].sort((a, b) => a.start - b.start);
  sorted.forEach((facts, index) => {
    for (const other of sorted.slice(index + 1)) {
      if (other.start >= facts.end) {
        break;
      }
      if (overlaps(facts.start, facts.end, other.start, other.end)) {
        problems.push({ rule: "overlap", message: `${facts.label} overlaps ${other.label.charAt(0).toLowerCase()}${other.label.slice(1)}: the patient cannot be in two places.` });
      }
    }
  });
  problems.push(...checkSeries(resolved, byKey));
  return problems;
}

/** Slots in time order with sequence numbers 1..n, e.g. after front desk moves one. */
export function renumberSlots(slots: readonly ProposedSlot[]): ProposedSlot[] {
  return [...slots].sort((a, b) => a.start.getTime() - b.start.getTime()).map((slot, index) => ({ ...slot, sequence: index + 1 }));
}
