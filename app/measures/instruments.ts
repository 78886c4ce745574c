import type { Instrument, MEASURE_CONTEXTS } from "#db/schema/measures";

export type MeasureContext = (typeof MEASURE_CONTEXTS)[number];

// Type-only import of the schema: the item wording is used by forms that run in the browser.
// Sources and terms of use of each instrument are in README.md beside this file.

export type AnswerOption = { value: number; label: string };

export type InstrumentItem = { number: number; text: string };

/** A severity band: totals from min to max inclusive. */
export type Band = { key: string; label: string; min: number; max: number };

export type InstrumentDefinition = {
  instrument: Instrument;
  name: string;
  fullName: string;
  /** The question every item answers, as printed on the form. */
  stem: string;
  options: readonly AnswerOption[];
  items: readonly InstrumentItem[];
  maxItem: number;
  maxTotal: number;
};

const FREQUENCY: readonly AnswerOption[] = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
];

const BOTHERED: readonly AnswerOption[] = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "A little bit" },
  { value: 2, label: "Moderately" },
  { value: 3, label: "Quite a bit" },
  { value: 4, label: "Extremely" },
];

function numbered(texts: readonly string[]): InstrumentItem[] {
  return texts.map((text, index) => ({ number: index + 1, text }));
}

export const PHQ9: InstrumentDefinition = {
  instrument: "phq9",
  name: "PHQ-9",
  fullName: "Patient Health Questionnaire (PHQ-9)",
  stem: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  options: FREQUENCY,
  items: numbered([
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
  ]),
  maxItem: 3,
  maxTotal: 27,
};

export const GAD7: InstrumentDefinition = {
  instrument: "gad7",
  name: "GAD-7",
  fullName: "Generalized Anxiety Disorder scale (GAD-7)",
  stem: "Over the last 2 weeks, how often have you been bothered by the following problems?",
  options: FREQUENCY,
  items: numbered([
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
  ]),
  maxItem: 3,
  maxTotal: 21,
};

export const PCL5: InstrumentDefinition = {
  instrument: "pcl5",
  name: "PCL-5",
  fullName: "PTSD Checklist for DSM-5 (PCL-5)",
  stem: "In the past month, how much were you bothered by:",
  options: BOTHERED,
  items: numbered([
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    "Being “superalert” or watchful or on guard?",
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
  ]),
  maxItem: 4,
  maxTotal: 80,
};

export const INSTRUMENT_DEFINITIONS: Record<Instrument, InstrumentDefinition> = { phq9: PHQ9, gad7: GAD7, pcl5: PCL5 };

export const INSTRUMENT_ORDER: readonly Instrument[] = ["phq9", "gad7", "pcl5"];

export function isInstrument(value: unknown): value is Instrument {
  return typeof value === "string" && INSTRUMENT_ORDER.some((instrument) => instrument === value);
}

/** The PHQ-9 item about self-harm (DESIGN.md: item 9 flags suicidal ideation). */
export const PHQ9_SELF_HARM_ITEM = 9;

export const PHQ9_BANDS: readonly Band[] = [
  { key: "minimal", label: "minimal", min: 0, max: 4 },
  { key: "mild", label: "mild", min: 5, max: 9 },
  { key: "moderate", label: "moderate", min: 10, max: 14 },
  { key: "moderately_severe", label: "moderately severe", min: 15, max: 19 },
  { key: "severe", label: "severe", min: 20, max: 27 },
];

export const GAD7_BANDS: readonly Band[] = [
  { key: "minimal", label: "minimal", min: 0, max: 4 },
  { key: "mild", label: "mild", min: 5, max: 9 },
  { key: "moderate", label: "moderate", min: 10, max: 14 },
  { key: "severe", label: "severe", min: 15, max: 21 },
];

/** The clinic default; published guidance puts the provisional PTSD cut-off at 31–33. */
export const DEFAULT_PCL5_CUT_OFF = 33;

/** PCL-5 has no published severity bands, only a provisional cut-off; the two sides of it. */
export function pcl5Bands(cutOff: number = DEFAULT_PCL5_CUT_OFF): Band[] {
  return [
    { key: "below_cut_off", label: `below the provisional cut-off (${cutOff})`, min: 0, max: cutOff - 1 },
    { key: "at_or_above_cut_off", label: `at or above the provisional cut-off (${cutOff})`, min: cutOff, max: 80 },
  ];
}

/** The bands a chart shades and a total is named by. */
export function bandsFor(instrument: Instrument, pcl5CutOff: number = DEFAULT_PCL5_CUT_OFF): readonly Band[] {
  switch (instrument) {
    case "phq9":
      return PHQ9_BANDS;
    case "gad7":
      return GAD7_BANDS;
    case "pcl5":
      return pcl5Bands(pcl5CutOff);
  }
}

/** PCL-5 symptom clusters (DSM-5 criteria B–E) by item number. */
export const PCL5_CLUSTERS = [
  { key: "B", label: "Intrusion", first: 1, last: 5, needed: 1 },
  { key: "C", label: "Avoidance", first: 6, last: 7, needed: 1 },
  { key: "D", label: "Negative alterations in cognitions and mood", first: 8, last: 14, needed: 2 },
  { key: "E", label: "Alterations in arousal and reactivity", first: 15, last: 20, needed: 2 },
] as const;

export const MEASURE_CONTEXT_LABELS: Record<MeasureContext, string> = {
  baseline: "Baseline",
  pre_dose: "Before a dose",
  integration: "Integration",
  follow_up: "Follow-up",
};

export const MEASURE_CONTEXT_VALUES = [
  "baseline",
  "pre_dose",
  "integration",
  "follow_up",
] as const satisfies readonly MeasureContext[];
