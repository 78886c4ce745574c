import type { NoteFields, NoteKind } from "#db/schema/notes";
import type { Role } from "#db/schema/staff";

// Pages run in the browser, which must not load the drizzle schema; the check below stops this list
// drifting from the database enum.
export const NOTE_KIND_VALUES = [
  "preparation",
  "dosing_session",
  "integration",
  "medical",
  "psychotherapy",
] as const satisfies readonly NoteKind[];
type UnlistedKind = Exclude<NoteKind, (typeof NOTE_KIND_VALUES)[number]>;
const _everyKindListed: [UnlistedKind] extends [never] ? true : UnlistedKind = true;

export type NoteFieldName = keyof NoteFields;

export const NOTE_FIELD_NAMES = [
  "intentions",
  "setAndSetting",
  "experience",
  "integrationThemes",
  "assessment",
  "plan",
] as const satisfies readonly NoteFieldName[];
type UnlistedField = Exclude<NoteFieldName, (typeof NOTE_FIELD_NAMES)[number]>;
const _everyFieldListed: [UnlistedField] extends [never] ? true : UnlistedField = true;

export const NOTE_KIND_LABELS: Record<NoteKind, string> = {
  preparation: "Preparation note",
  dosing_session: "Dosing-session note",
  integration: "Integration note",
  medical: "Medical note",
  psychotherapy: "Psychotherapy note",
};

export const NOTE_FIELD_LABELS: Record<NoteFieldName, string> = {
  intentions: "Intentions",
  setAndSetting: "Set and setting",
  experience: "The experience",
  integrationThemes: "Integration themes",
  assessment: "Assessment",
  plan: "Plan",
};

/** What each structured field asks of the clinician, shown under its label. */
export const NOTE_FIELD_HINTS: Record<NoteFieldName, string> = {
  intentions: "What the patient hopes to explore or change.",
  setAndSetting: "Mindset, expectations, support, the room and music.",
  experience: "What the patient went through, in their words where possible.",
  integrationThemes: "Insights, images and emotions to work with.",
  assessment: "Clinical impression, response and tolerability.",
  plan: "Next steps, changes to the course, follow-up.",
};

/**
 * Which structured fields each kind has, in the order clinicians fill them in. A psychotherapy note
 * is the therapist's own process notes: free text only.
 */
const FIELDS_BY_KIND: Record<NoteKind, readonly NoteFieldName[]> = {
  preparation: ["intentions", "setAndSetting", "plan"],
  dosing_session: ["intentions", "setAndSetting", "experience", "plan"],
  integration: ["experience", "integrationThemes", "plan"],
  medical: ["assessment", "plan"],
  psychotherapy: [],
};

export function fieldsFor(kind: NoteKind): readonly NoteFieldName[] {
  return FIELDS_BY_KIND[kind];
}

/** Which roles may write each kind (DESIGN.md, "Who uses it"). */
const WRITERS_BY_KIND: Record<NoteKind, readonly Role[]> = {
  preparation: ["therapist", "prescriber"],
  dosing_session: ["therapist", "prescriber"],
  integration: ["therapist", "prescriber"],
  medical: ["prescriber"],
  psychotherapy: ["therapist", "prescriber"],
};

export function mayWriteKind(roles: readonly Role[], kind: NoteKind): boolean {
  return WRITERS_BY_KIND[kind].some((role) => roles.includes(role));
}

export function kindsWritableBy(roles: readonly Role[]): NoteKind[] {
  return NOTE_KIND_VALUES.filter((kind) => mayWriteKind(roles, kind));
}

export function isNoteKind(value: string | null | undefined): value is NoteKind {
  return typeof value === "string" && (NOTE_KIND_VALUES as readonly string[]).includes(value);
}

/** Keeps the fields this kind has, without empty ones: what is stored is what the form of that kind shows. */
export function pickFields(kind: NoteKind, values: Partial<Record<string, string | undefined>>): NoteFields {
  const fields: NoteFields = {};
  for (const name of fieldsFor(kind)) {
    const value = values[name];
    if (typeof value === "string" && value.trim() !== "") {
      fields[name] = value;
    }
  }
  return fields;
}

export function isEmptyNote(kind: NoteKind, content: { fields: NoteFields; body: string }): boolean {
  return content.body.trim() === "" && fieldsFor(kind).every((name) => (content.fields[name] ?? "").trim() === "");
}
