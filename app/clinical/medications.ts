import type { InteractingClass } from "./clinical-settings";

// Letters that Unicode decomposition leaves alone but a person typing without them would fold.
const FOLDED_LETTERS: Record<string, string> = {
  ł: "l",
  ø: "o",
  đ: "d",
  ð: "d",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ı: "i",
  þ: "th",
  ŀ: "l",
};

/** Lower case without accents: "Łukasz Nguyễn" → "lukasz nguyen". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[łøđðßæœıþŀ]/gu, (letter) => FOLDED_LETTERS[letter] ?? letter);
}

/** The words of a text, folded: "Adderall-XR 20 mg" → ["adderall", "xr", "20", "mg"]. */
export function foldedWords(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/** Two names are the same when their folded words are: "zoe o'neil" and "Zoë O'Neil". */
export function sameName(a: string, b: string): boolean {
  const left = foldedWords(a);
  return left.length > 0 && left.join(" ") === foldedWords(b).join(" ");
}

function containsWords(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) {
    return false;
  }
  for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    if (needle.every((word, offset) => haystack[start + offset] === word)) {
      return true;
    }
  }
  return false;
}

export type InteractionFlag = { className: string; matchedName: string };

/**
 * The clinic's interacting classes a medication belongs to: a listed name matches when its words
 * appear, whole and in order, in the medication's name ("Adderall XR 20 mg" is Adderall; "amphetamine"
 * does not match "dextroamphetamine", which the clinic lists on its own).
 */
export function interactionsOf(medicationName: string, classes: readonly InteractingClass[]): InteractionFlag[] {
  const words = foldedWords(medicationName);
  const flags: InteractionFlag[] = [];
  for (const entry of classes) {
    const matched = entry.names.find((name) => containsWords(words, foldedWords(name)));
    if (matched !== undefined) {
      flags.push({ className: entry.className, matchedName: matched });
    }
  }
  return flags;
}

export type FlaggedMedication = { name: string; dose: string; interactions: InteractionFlag[] };

export function flagMedications(
  medications: readonly { name: string; dose: string }[],
  classes: readonly InteractingClass[],
): FlaggedMedication[] {
  return medications.map((medication) => ({
    name: medication.name,
    dose: medication.dose,
    interactions: interactionsOf(medication.name, classes),
  }));
}

/** "Alprazolam 0.5 mg: benzodiazepines (alprazolam)." — one warning per flagged medication. */
export function interactionWarnings(flagged: readonly FlaggedMedication[]): string[] {
  return flagged
    .filter((medication) => medication.interactions.length > 0)
    .map((medication) => {
      const label = medication.dose ? `${medication.name} ${medication.dose}` : medication.name;
      const classes = medication.interactions.map((flag) => `${flag.className} (${flag.matchedName})`).join(", ");
      return `${label} interacts with ketamine: ${classes}.`;
    });
}
