import { z } from "zod";

export const MAX_FIELD_LENGTH = 20_000;
export const MAX_BODY_LENGTH = 50_000;

function optionalText(label: string, max: number) {
  return z
    .string()
    .max(max, { error: `${label} is too long: keep it under ${max.toLocaleString("en-US")} characters.` })
    .optional();
}

function requiredText(missing: string, label: string, max: number) {
  return z
    .string({ error: missing })
    .max(max, { error: `${label} is too long: keep it under ${max.toLocaleString("en-US")} characters.` })
    .refine((value) => value.trim() !== "", { error: missing });
}

/** The structured fields and free text of a note; which fields apply is decided by its kind (note-kinds). */
const contentShape = {
  fields: z
    .object({
      intentions: optionalText("Intentions", MAX_FIELD_LENGTH),
      setAndSetting: optionalText("Set and setting", MAX_FIELD_LENGTH),
      experience: optionalText("The experience", MAX_FIELD_LENGTH),
      integrationThemes: optionalText("Integration themes", MAX_FIELD_LENGTH),
      assessment: optionalText("Assessment", MAX_FIELD_LENGTH),
      plan: optionalText("Plan", MAX_FIELD_LENGTH),
    })
    .optional(),
  body: optionalText("The note", MAX_BODY_LENGTH),
};

/** A new note: saved as a draft, or signed at once. */
export const newNoteSchema = z.object({
  intent: z.enum(["save", "sign"], { error: "Choose Save draft or Sign." }),
  ...contentShape,
});

/** A save names the version it started from, so a save over someone else's is refused. */
export const draftSchema = z.object({
  ...contentShape,
  version: z.number({ error: "The note's version is missing. Open the note again." }).int().min(1),
});

export const addendumSchema = z.object({
  reason: requiredText("Say why you are adding to the note, e.g. correction of the dose time.", "The reason", 500),
  body: requiredText("Write the addendum.", "The addendum", MAX_FIELD_LENGTH),
});

export const authorizeSchema = z.object({
  grantedTo: z.uuid({ error: "Choose who may read this note." }),
  reason: requiredText("Say why they need to read it, e.g. consultation on a safety concern.", "The reason", 500),
});

export const revokeSchema = z.object({
  authorizationId: z.uuid({ error: "Choose the authorization to revoke." }),
});

export const NOTE_INTENTS = ["save", "sign", "addendum", "authorize", "revoke"] as const;
export type NoteIntent = (typeof NOTE_INTENTS)[number];
