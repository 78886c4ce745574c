import { resolveRequest } from "./resolve";
import { checkSeries } from "./series-rules";
import { blocksOf, checkSlot, localPartsIn, slotFacts, type SlotFacts } from "./slot-rules";
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
  return slotValidator(request)(slots);
}

/**
 * validateSlots for one request and many sets of slots (e.g. every move front desk tries): the
 * request is checked once, and each slot object's own checks are remembered.
 */
export function slotValidator(request: PlanRequest): (slots: readonly ProposedSlot[]) => Problem[] {
  const resolution = resolveRequest(request);
  if (!resolution.ok) {
    const problems = resolution.problems;
    return () => problems;
  }
  const resolved = resolution.resolved;
  const steps = new Map(resolved.steps.map((step) => [step.key, step]));
  const describe = (slot: ProposedSlot): string => {
    const step = steps.get(slot.key);
    return capitalized(step ? describeStep(step) : slot.key);
  };
  const missingProblems = new Map(
    resolved.steps.map((step) => [
      step.key,
      { rule: "count", message: `${capitalized(describeStep(step))} is not planned.` },
    ]),
  );
  const blocks = blocksOf(resolved);
  const localParts = localPartsIn(resolved.timeZone);
  const known = new WeakMap<ProposedSlot, { facts: SlotFacts; problems: Problem[] }>();
  const own = (slot: ProposedSlot): { facts: SlotFacts; problems: Problem[] } => {
    let entry = known.get(slot);
    if (!entry) {
      const facts = slotFacts(slot, localParts, describe);
      entry = {
        facts,
        problems: slot.kind === "screening" ? [] : checkSlot(resolved, facts, resolved.specs[slot.kind], blocks),
      };
      known.set(slot, entry);
    }
    return entry;
  };
  return (slots) => {
    const problems: Problem[] = [];
    const byKey = new Map<string, SlotFacts>();
    const all: SlotFacts[] = [];
    for (const slot of slots) {
      const { facts, problems: slotProblems } = own(slot);
      all.push(facts);
      const step: SeriesStep | undefined = steps.get(slot.key);
      if (!step) {
        problems.push({ rule: "step", message: `"${slot.key}" is not a step of ${resolved.template.name}.` });
      } else if (byKey.has(slot.key)) {
        problems.push({ rule: "step", message: `${facts.label} appears more than once.` });
        continue;
      } else if (slot.kind !== step.kind || slot.doseNumber !== step.doseNumber) {
        problems.push({
          rule: "step",
          message: `${facts.label} should be a ${step.kind} slot${step.doseNumber ? ` for dose ${step.doseNumber}` : ""}.`,
        });
      } else {
        byKey.set(slot.key, facts);
      }
      problems.push(...slotProblems);
    }
    const keys = new Set(slots.map((slot) => slot.key));
    for (const [key, missing] of missingProblems) {
      if (!keys.has(key)) {
        problems.push({ ...missing });
      }
    }
    const sorted = [...all].sort((a, b) => a.start - b.start);
    sorted.forEach((facts, index) => {
      for (const other of sorted.slice(index + 1)) {
        if (other.start >= facts.end) {
          break;
        }
        if (overlaps(facts.start, facts.end, other.start, other.end)) {
          problems.push({
            rule: "overlap",
            message: `${facts.label} overlaps ${other.label.charAt(0).toLowerCase()}${other.label.slice(1)}: the patient cannot be in two places.`,
            date: facts.slot.localDate,
          });
        }
      }
    });
    problems.push(...checkSeries(resolved, byKey));
    return problems;
  };
}

/** Slots in time order with sequence numbers 1..n, e.g. after front desk moves one. */
export function renumberSlots(slots: readonly ProposedSlot[]): ProposedSlot[] {
  return [...slots]
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map((slot, index) => ({ ...slot, sequence: index + 1 }));
}
