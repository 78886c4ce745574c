import type { NoteKind } from "#db/schema/notes";
import type { Role } from "#db/schema/staff";

// Who may do what to one note, beyond the care-team permission the routes check (read:clinical to
// read, write:note to write). Pure, so every rule is tested without a database.

export type NoteReader = { id: string; roles: readonly Role[] };
export type NoteSubject = { kind: NoteKind; authorId: string; signed: boolean };

/**
 * Psychotherapy notes may be shown, with the author's recorded authorization, to prescribers and
 * therapists only: nurses, front desk and admin never read them (DESIGN.md, "Who uses it").
 */
const AUTHORIZABLE_ROLES: readonly Role[] = ["prescriber", "therapist"];

export function mayBeAuthorized(roles: readonly Role[]): boolean {
  return roles.some((role) => AUTHORIZABLE_ROLES.includes(role));
}

/**
 * Whether the note exists for this reader at all. A psychotherapy note is its author's, and
 * otherwise readable only by someone the author authorized (and not since revoked).
 */
export function mayReadNote(reader: NoteReader, note: NoteSubject, authorizedUserIds: readonly string[]): boolean {
  if (note.kind !== "psychotherapy" || note.authorId === reader.id) {
    return true;
  }
  return authorizedUserIds.includes(reader.id) && mayBeAuthorized(reader.roles);
}

export type NoteRefusal = { status: 403 | 409; message: string };

export const SIGNED_NOTE_MESSAGE =
  "This note is signed and can no longer be changed. To correct or add to it, write an addendum.";

/** Why this reader may not save or sign the draft, or null when they may. */
export function draftChangeRefusal(reader: NoteReader, note: NoteSubject): NoteRefusal | null {
  if (note.signed) {
    return { status: 409, message: SIGNED_NOTE_MESSAGE };
  }
  if (note.authorId !== reader.id) {
    return { status: 403, message: "Only the author of this draft can change or sign it." };
  }
  return null;
}

/** Why this reader may not add an addendum, or null when they may. */
export function addendumRefusal(reader: NoteReader, note: NoteSubject): NoteRefusal | null {
  if (note.kind === "psychotherapy" && note.authorId !== reader.id) {
    return { status: 403, message: "Only the author of a psychotherapy note can add an addendum to it." };
  }
  if (!note.signed) {
    return {
      status: 409,
      message: "This note is still a draft: addenda are for signed notes. Its author can edit the draft instead.",
    };
  }
  return null;
}

/** Why this reader may not grant or revoke who reads the note, or null when they may. */
export function authorizationRefusal(reader: NoteReader, note: NoteSubject): NoteRefusal | null {
  if (note.kind !== "psychotherapy") {
    return {
      status: 409,
      message: "Only psychotherapy notes need an authorization to be read; the care team reads this note already.",
    };
  }
  if (note.authorId !== reader.id) {
    return { status: 403, message: "Only the author of a psychotherapy note can decide who else may read it." };
  }
  return null;
}
