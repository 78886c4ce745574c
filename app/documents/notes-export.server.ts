import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { appointment, note, noteAddendum, staffUser } from "#db/schema";
import { fieldsFor, NOTE_FIELD_LABELS, NOTE_KIND_LABELS } from "#app/notes/note-kinds";
import { staffDisplayName } from "#app/patients/labels";
import { appointmentTitle } from "#app/scheduling/labels";
import { formatInTimeZone } from "#app/ui/dates";
import type { NoteView } from "./types";

const WHEN = "EEE d MMM yyyy, HH:mm";

export type NoteScope = { seriesId: string } | { appointmentId: string } | { all: true };

function scopeFilter(scope: NoteScope) {
  if ("seriesId" in scope) {
    return eq(note.seriesId, scope.seriesId);
  }
  if ("appointmentId" in scope) {
    return eq(note.appointmentId, scope.appointmentId);
  }
  return undefined;
}

/**
 * A patient's notes for a document, oldest first (by their session, else when they were started),
 * with their addenda. Psychotherapy notes are never selected, whoever asks — their author included:
 * they stay out of every copy of the record. Drafts are included; the documents mark them DRAFT.
 */
export async function exportableNotes(
  db: DbOrTx,
  clinicId: string,
  patientId: string,
  scope: NoteScope,
  timeZone: string,
): Promise<NoteView[]> {
  const rows = await db
    .select({
      note,
      authorName: staffUser.name,
      authorCredentials: staffUser.credentials,
      appointmentKind: appointment.kind,
      doseNumber: appointment.doseNumber,
      appointmentStart: appointment.startsAt,
    })
    .from(note)
    .innerJoin(staffUser, eq(staffUser.id, note.authorId))
    .leftJoin(appointment, and(eq(appointment.id, note.appointmentId), eq(appointment.clinicId, note.clinicId)))
    .where(
      and(
        eq(note.clinicId, clinicId),
        eq(note.patientId, patientId),
        ne(note.kind, "psychotherapy"),
        scopeFilter(scope),
      ),
    )
    .orderBy(sql`coalesce(${appointment.startsAt}, ${note.createdAt})`, asc(note.createdAt), asc(note.id));
  if (rows.length === 0) {
    return [];
  }
  const addenda = await db
    .select({
      noteId: noteAddendum.noteId,
      at: noteAddendum.at,
      reason: noteAddendum.reason,
      body: noteAddendum.body,
      name: staffUser.name,
      credentials: staffUser.credentials,
    })
    .from(noteAddendum)
    .innerJoin(staffUser, eq(staffUser.id, noteAddendum.authorId))
    .where(
      and(
        eq(noteAddendum.clinicId, clinicId),
        inArray(
          noteAddendum.noteId,
          rows.map((row) => row.note.id),
        ),
      ),
    )
    .orderBy(asc(noteAddendum.at), asc(noteAddendum.id));
  return rows.map((row) => ({
    id: row.note.id,
    kind: row.note.kind,
    kindLabel: NOTE_KIND_LABELS[row.note.kind],
    session:
      row.appointmentKind && row.appointmentStart
        ? `${appointmentTitle(row.appointmentKind, row.doseNumber)}, ${formatInTimeZone(row.appointmentStart, timeZone, "EEE d MMM yyyy")}`
        : null,
    author: staffDisplayName({ name: row.authorName, credentials: row.authorCredentials }),
    signedAt: row.note.signedAt ? formatInTimeZone(row.note.signedAt, timeZone, WHEN) : null,
    lastSaved: formatInTimeZone(row.note.updatedAt, timeZone, WHEN),
    fields: fieldsFor(row.note.kind).flatMap((name) => {
      const text = row.note.fields[name] ?? "";
      return text.trim() === "" ? [] : [{ label: NOTE_FIELD_LABELS[name], text }];
    }),
    body: row.note.body,
    addenda: addenda
      .filter((addendum) => addendum.noteId === row.note.id)
      .map((addendum) => ({
        author: staffDisplayName(addendum),
        at: formatInTimeZone(addendum.at, timeZone, WHEN),
        reason: addendum.reason,
        body: addendum.body,
      })),
  }));
}
