import type { Instrument } from "#db/schema/measures";
import {
  bandsFor,
  DEFAULT_PCL5_CUT_OFF,
  INSTRUMENT_DEFINITIONS,
  PCL5_CLUSTERS,
  PHQ9_SELF_HARM_ITEM,
  type Band,
  type InstrumentDefinition,
} from "./instruments";

export type ScoringOptions = { pcl5CutOff?: number };

/** Why a questionnaire was not scored; `item` is the item number (1-based) or null for the whole form. */
export type ScoringError = { item: number | null; message: string };

export type Pcl5Cluster = { key: string; label: string; score: number; endorsed: number; needed: number; met: boolean };

/** PCL-5 extras: cluster scores and the DSM-5 rule (items rated 2 "Moderately" or higher count as symptoms). */
export type Pcl5Detail = { cutOff: number; clusters: Pcl5Cluster[]; meetsDsm5Rule: boolean };

export type Score = {
  instrument: Instrument;
  items: number[];
  total: number;
  maxTotal: number;
  band: Band;
  /** The band in words, as stored with the response and shown to clinicians. */
  severity: string;
  /** Empty unless the answers need the care team's attention now (PHQ-9 item 9 above zero). */
  alert: string;
  pcl5: Pcl5Detail | null;
};

export type ScoreResult = { ok: true; score: Score } | { ok: false; errors: ScoringError[] };

export const SELF_HARM_ALERT_TEXT = "thoughts that you would be better off dead or of hurting yourself";

export function missingAnswerMessage(definition: InstrumentDefinition, item: number): string {
  return `Choose an answer for item ${item}: the ${definition.name} is only scored when every item is answered.`;
}

export function outOfRangeMessage(definition: InstrumentDefinition, item: number): string {
  return `Item ${item} must be one of the answers, scored 0 to ${definition.maxItem}.`;
}

/** The problem with one answer, or null when it is a valid score for that item. */
export function answerError(definition: InstrumentDefinition, item: number, value: unknown): string | null {
  if (value === undefined || value === null || value === "") {
    return missingAnswerMessage(definition, item);
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > definition.maxItem) {
    return outOfRangeMessage(definition, item);
  }
  return null;
}

export function isValidPcl5CutOff(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 80;
}

/**
 * Scores a completed questionnaire by its published rules: the sum of its items, named by its
 * severity band. Every item must be answered with one of its scores; anything else is refused with
 * a message per item, and nothing is scored (no prorating of missing answers).
 */
export function scoreMeasure(
  instrument: Instrument,
  answers: readonly unknown[],
  options: ScoringOptions = {},
): ScoreResult {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const cutOff = options.pcl5CutOff ?? DEFAULT_PCL5_CUT_OFF;
  if (!isValidPcl5CutOff(cutOff)) {
    return {
      ok: false,
      errors: [{ item: null, message: "The clinic's PCL-5 cut-off must be a whole number from 1 to 80." }],
    };
  }
  if (!Array.isArray(answers)) {
    return { ok: false, errors: [{ item: null, message: `The ${definition.name} answers are missing.` }] };
  }
  const errors: ScoringError[] = [];
  if (answers.length > definition.items.length) {
    errors.push({
      item: null,
      message: `The ${definition.name} has ${definition.items.length} items, but ${answers.length} answers were sent.`,
    });
  }
  for (const item of definition.items) {
    const message = answerError(definition, item.number, answers[item.number - 1]);
    if (message) {
      errors.push({ item: item.number, message });
    }
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const items = answers.map(Number);
  const total = items.reduce((sum, value) => sum + value, 0);
  const band = bandOf(bandsFor(instrument, cutOff), total);
  return {
    ok: true,
    score: {
      instrument,
      items,
      total,
      maxTotal: definition.maxTotal,
      band,
      severity: band.label,
      alert: instrument === "phq9" ? selfHarmAlert(definition, items[PHQ9_SELF_HARM_ITEM - 1] ?? 0) : "",
      pcl5: instrument === "pcl5" ? pcl5Detail(items, cutOff) : null,
    },
  };
}

/** The band a total falls in; totals outside the scale are a programming error. */
export function bandOf(bands: readonly Band[], total: number): Band {
  const band = bands.find((candidate) => total >= candidate.min && total <= candidate.max);
  if (!band) {
    throw new Error(`no band holds the total ${total}`);
  }
  return band;
}

function selfHarmAlert(definition: InstrumentDefinition, answer: number): string {
  if (answer <= 0) {
    return "";
  }
  const label = definition.options.find((option) => option.value === answer)?.label ?? String(answer);
  return `PHQ-9 item 9 answered “${label}”: ${SELF_HARM_ALERT_TEXT}.`;
}

function pcl5Detail(items: readonly number[], cutOff: number): Pcl5Detail {
  const clusters = PCL5_CLUSTERS.map((cluster) => {
    const answers = items.slice(cluster.first - 1, cluster.last);
    const endorsed = answers.filter((value) => value >= 2).length;
    return {
      key: cluster.key,
      label: cluster.label,
      score: answers.reduce((sum, value) => sum + value, 0),
      endorsed,
      needed: cluster.needed,
      met: endorsed >= cluster.needed,
    };
  });
  return { cutOff, clusters, meetsDsm5Rule: clusters.every((cluster) => cluster.met) };
}
