import type { Random } from "./random";

type NoteKind = "preparation" | "dosing_session" | "integration" | "medical" | "psychotherapy";

const INTENTIONS = [
  "To loosen the grip of self-criticism; to feel safe in the body.",
  "To grieve my brother without shutting down.",
  "To understand where the dread in the mornings comes from.",
  "To reconnect with what I enjoyed before the depression.",
  "To meet the anxious part of me with curiosity instead of fear.",
];
const THEMES = [
  "Self-compassion; the younger self; less urgency around work.",
  "Grief held with more tenderness; fewer nights of ruminating.",
  "Boundaries with family; permission to rest.",
  "The body as a safe place; breath as an anchor.",
  "Meaning at work; reconnecting with music.",
];
const EXPERIENCES = [
  "Imagery of water and open space; a period of grief that eased into calm.",
  "Felt weightless, then a strong sense of being held; tearful, then quiet.",
  "Geometric patterns early on, later a conversation with a younger self.",
  "Mostly calm; some unease at the peak, settled with music and breathing.",
];
const OBSERVATIONS = [
  "Settled with eyeshade and music; breathing slow and even.",
  "Brief tearfulness around minute 40, settled with grounding; says it felt like release.",
  "Quiet, occasional smiles; asked for water at the end.",
  "Reported vivid imagery of a childhood home; calm, oriented on return.",
  "Restless for a few minutes at peak, reassured by therapist; no further concerns.",
  "Spoke of feeling connected to a late grandparent; warm affect afterwards.",
];

export function observationText(random: Random): string {
  return random.pick(OBSERVATIONS);
}

/** Fields and free text of a note, varied a little so the rows are not all alike. */
export function noteText(random: Random, kind: NoteKind): { fields: Record<string, string>; body: string } {
  switch (kind) {
    case "preparation":
      return {
        fields: {
          intentions: random.pick(INTENTIONS),
          setAndSetting:
            "Reviewed the room, eyeshade, music and the nurse's checks; agreed a hand on the shoulder as the support signal.",
          plan: "Begin dosing as planned; practise the breathing anchor daily.",
        },
        body: "Explored hopes and fears about the medicine. We rehearsed what to do if the experience feels overwhelming and reviewed the safety plan.",
      };
    case "dosing_session":
      return {
        fields: {
          experience: random.pick(EXPERIENCES),
          plan: "Integration within three days; journal the images tonight.",
        },
        body: "Patient engaged throughout and used the breathing anchor. Oriented and calm at discharge, left with escort.",
      };
    case "integration":
      return {
        fields: {
          integrationThemes: random.pick(THEMES),
          plan: "Continue journaling; bring one image to the next session.",
        },
        body: `Patient reports ${random.pick(["better sleep", "fewer intrusive thoughts", "more patience with the children", "a lighter mood most mornings"])} since the session.`,
      };
    case "medical":
      return {
        fields: {
          assessment: random.pick([
            "Tolerating treatment well; no new side effects.",
            "Transient rise in blood pressure at the last dose, settled without intervention.",
            "Mild nausea after dosing, managed with ondansetron.",
          ]),
          plan: "Continue current dose; recheck blood pressure at each session.",
        },
        body: "Reviewed vitals, outcome measures and side effects with the patient. Medications unchanged.",
      };
    case "psychotherapy":
      return {
        fields: {},
        body: "Process note: transference themes around the therapist as the critical parent; explored with care. Kept apart from the record.",
      };
  }
}

export const CONTRAINDICATIONS = [
  "uncontrolled_hypertension",
  "psychosis_or_mania",
  "suicidal_ideation",
  "pregnancy",
  "substance_use",
  "aneurysm_or_haemorrhage",
  "glaucoma",
  "respiratory_or_liver",
  "cystitis",
  "ketamine_allergy",
];

export const MEDICATIONS = [
  { name: "Sertraline", dose: "100 mg daily", interactionClass: null },
  { name: "Bupropion", dose: "150 mg daily", interactionClass: null },
  { name: "Escitalopram", dose: "10 mg daily", interactionClass: null },
  { name: "Lamotrigine", dose: "100 mg daily", interactionClass: null },
  { name: "Lorazepam", dose: "0.5 mg as needed", interactionClass: "Benzodiazepines" },
];

/** The vitals over a dosing session, as minutes after check-in: BP, HR, SpO2, breathing. */
export const VITALS_CURVE: [number, number, number, number, number, number][] = [
  [0, 124, 78, 72, 98, 14],
  [15, 128, 80, 76, 98, 14],
  [30, 140, 87, 85, 97, 15],
  [45, 137, 85, 83, 97, 15],
  [60, 132, 82, 80, 98, 14],
  [90, 128, 80, 76, 98, 14],
  [120, 126, 79, 74, 98, 14],
  [150, 124, 78, 72, 99, 14],
];
