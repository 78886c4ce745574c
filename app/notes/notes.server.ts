import { and, asc, desc, eq, isNull, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { isUuid } from "#db/ids";
import { appointment, note, noteAddendum, noteAuthorization, staffUser } from "#db/schema";
import type { NoteFields, NoteKind } from "#db/schema/notes";
import { audit } from "#app/audit/audit.server";
import { auditActor, authorizeRecord, notFound, type Viewer } from "#app/auth/guard.server";
import type { Permission } from "#app/auth/policy";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";
import { appointmentTitle } from "#app/scheduling/labels";
import { formatInTimeZone } from "#app/ui/dates";
import { activeGrants } from "./note-authorizations.server";
import { mayBeAuthorized, mayReadNote, SIGNED_NOTE_MESSAGE } from "./note-rules";

export type NoteRow = typeof note.$inferSelect;

export type NoteOnRecord = {
  note: NoteRow;
  onRecord: PatientOnRecord;
  /** The authorization that lets a reader other than the author see a psychotherapy note. */
  authorizationId: string | null;
};

/**
 * The note a page is about. 404 (audited) for an unknown id, another clinic's note, or a
 * psychotherapy note the viewer may not read — to them it does not exist. 403 (audited) for a
 * clinician off the patient's care team. The caller audits what it then does.
 */
export async function requireNote(
  db: Db,
  viewer: Viewer,
  permission: Permission,
  noteId: string | undefined,
): Promise<NoteOnRecord> {
  const id = noteId ?? "";
  const [found] = isUuid(id)
    ? await db
        .select()
        .from(note)
        .where(and(eq(note.id, id), eq(note.clinicId, viewer.clinicId)))
    : [];
  if (!found) {
    await authorizeRecord(viewer, permission, null, { entityType: "note", entityId: id.slice(0, 100) });
    throw new Error("authorizeRecord lets no missing record through");
  }
  let authorizationId: string | null = null;
  if (found.kind === "psychotherapy" && found.authorId !== viewer.id) {
    const grants = await activeGrants(db, viewer.clinicId, found.id);
    const subject = { kind: found.kind, authorId: found.authorId, signed: found.signedAt !== null };
    if (
      !mayReadNote(
        viewer,
        subject,
        grants.map((grant) => grant.grantedTo),
      )
    ) {
      await audit(db, auditActor(viewer), {
        action: permission,
        entityType: "note",
        entityId: found.id,
        patientId: found.patientId,
        outcome: "not_found",
        detail: { kind: "psychotherapy", reason: "not the author and not authorized" },
      });
      notFound();
    }
    authorizationId = grants.find((grant) => grant.grantedTo === viewer.id)?.id ?? null;
  }
  const onRecord = await loadPatientFor(db, viewer, permission, found.patientId);
  return { note: found, onRecord, authorizationId };
}

/** Psychotherapy notes are left out unless the viewer wrote them or holds an active authorization. */
function visibleTo(viewer: Viewer): SQL {
  const authorized = mayBeAuthorized(viewer.roles)
    ? sql`exists (select 1 from ${noteAuthorization} where ${noteAuthorization.noteId} = ${note.id} and ${noteAuthorization.grantedTo} = ${viewer.id} and ${noteAuthorization.revokedAt} is null)`
    : sql`false`;
  return or(ne(note.kind, "psychotherapy"), eq(note.authorId, viewer.id), authorized) ?? sql`true`;
}

export type NoteListEntry = {
  id: string;
  kind: NoteKind;
  appointment: string | null;
  author: string;
  signed: boolean;
  date: string;
  addenda: number;
};

/** The patient's notes the viewer may see, newest first, in the clinic's time. */
export async function listNotes(db: Db, viewer: Viewer, patientId: string): Promise<NoteListEntry[]> {
  const rows = await db
    .select({
      id: note.id,
      kind: note.kind,
      signedAt: note.signedAt,
      updatedAt: note.updatedAt,
      author: staffUser.name,
      appointmentKind: appointment.kind,
      doseNumber: appointment.doseNumber,
      appointmentStart: appointment.startsAt,
      addenda: sql<number>`(select count(*)::int from ${noteAddendum} where ${noteAddendum.noteId} = ${note.id})`,
    })
    .from(note)
    .innerJoin(staffUser, eq(staffUser.id, note.authorId))
    .leftJoin(appointment, and(eq(appointment.id, note.appointmentId), eq(appointment.clinicId, note.clinicId)))
    .where(and(eq(note.clinicId, viewer.clinicId), eq(note.patientId, patientId), visibleTo(viewer)))
    .orderBy(desc(note.createdAt), desc(note.id));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    appointment:
      row.appointmentKind && row.appointmentStart
        ? `${appointmentTitle(row.appointmentKind, row.doseNumber)}, ${formatInTimeZone(row.appointmentStart, viewer.timeZone, "d MMM yyyy")}`
        : null,
    author: row.author,
    signed: row.signedAt !== null,
    date: formatInTimeZone(row.signedAt ?? row.updatedAt, viewer.timeZone, "EEE d MMM yyyy, HH:mm"),
    addenda: Number(row.addenda),
  }));
}

export type AppointmentChoice = { id: string; label: string; seriesId: string | null };

/** The patient's sessions a note may be tied to: not cancelled or missed, newest first. */
export async function appointmentChoices(db: DbOrTx, viewer: Viewer, patientId: string): Promise<AppointmentChoice[]> {
  const rows = await db
    .select({
      id: appointment.id,
      kind: appointment.kind,
      doseNumber: appointment.doseNumber,
      start: appointment.startsAt,
      seriesId: appointment.seriesId,
    })
    .from(appointment)
    .where(
      and(
        eq(appointment.clinicId, viewer.clinicId),
        eq(appointment.patientId, patientId),
        notInArray(appointment.status, ["cancelled", "no_show"]),
      ),
    )
    .orderBy(desc(appointment.startsAt))
    .limit(200);
  return rows.map((row) => ({
    id: row.id,
    label: `${appointmentTitle(row.kind, row.doseNumber)}, ${formatInTimeZone(row.start, viewer.timeZone, "EEE d MMM yyyy, HH:mm")}`,
    seriesId: row.seriesId,
  }));
}

export type NoteContent = { fields: NoteFields; body: string };

export type NoteWriteResult = { ok: true; noteId: string } | { ok: false; status: 409; message: string };

/** Writes a new note (a draft, or signed at once) with its audit entry, in one transaction. */
export async function createNote(
  db: Db,
  viewer: Viewer,
  input: {
    patientId: string;
    kind: NoteKind;
    appointment: AppointmentChoice | null;
    content: NoteContent;
    sign: boolean;
  },
): Promise<string> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const [created] = await tx
      .insert(note)
      .values({
        clinicId: viewer.clinicId,
        patientId: input.patientId,
        seriesId: input.appointment?.seriesId ?? null,
        appointmentId: input.appointment?.id ?? null,
        kind: input.kind,
        authorId: viewer.id,
        fields: input.content.fields,
        body: input.content.body,
        signedAt: input.sign ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: note.id });
    const noteId = created!.id;
    await audit(tx, auditActor(viewer), {
      action: "write:note",
      entityType: "note",
      entityId: noteId,
      patientId: input.patientId,
      detail: { change: input.sign ? "created and signed" : "created", kind: input.kind, version: 1 },
    });
    return noteId;
  });
}

export const STALE_NOTE_MESSAGE =
  "This note was changed since you opened it (by someone else, or in another tab), so your changes were not saved. Open the note again to see the latest version, then make your changes.";

/**
 * Saves the author's draft, and signs it when asked. Only the version the author opened is
 * overwritten: the UPDATE names it, so of two saves from the same version exactly one wins.
 */
export async function saveDraft(
  db: Db,
  viewer: Viewer,
  found: NoteRow,
  input: { expectedVersion: number; content: NoteContent; sign: boolean },
): Promise<NoteWriteResult> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const [updated] = await tx
      .update(note)
      .set({
        fields: input.content.fields,
        body: input.content.body,
        version: sql`${note.version} + 1`,
        updatedAt: now,
        ...(input.sign ? { signedAt: now } : {}),
      })
      .where(
        and(
          eq(note.id, found.id),
          eq(note.clinicId, viewer.clinicId),
          eq(note.authorId, viewer.id),
          eq(note.version, input.expectedVersion),
          isNull(note.signedAt),
        ),
      )
      .returning({ id: note.id, version: note.version });
    if (!updated) {
      const [current] = await tx.select({ signedAt: note.signedAt }).from(note).where(eq(note.id, found.id));
      return { ok: false, status: 409, message: current?.signedAt ? SIGNED_NOTE_MESSAGE : STALE_NOTE_MESSAGE };
    }
    await audit(tx, auditActor(viewer), {
      action: "write:note",
      entityType: "note",
      entityId: found.id,
      patientId: found.patientId,
      detail: { change: input.sign ? "signed" : "saved", kind: found.kind, version: updated.version },
    });
    return { ok: true, noteId: found.id };
  });
}

/** Appends an addendum to a signed note. */
export async function addAddendum(
  db: Db,
  viewer: Viewer,
  found: NoteRow,
  input: { reason: string; body: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(noteAddendum)
      .values({
        clinicId: viewer.clinicId,
        noteId: found.id,
        authorId: viewer.id,
        reason: input.reason,
        body: input.body,
      })
      .returning({ id: noteAddendum.id });
    await audit(tx, auditActor(viewer), {
      action: "write:note",
      entityType: "note",
      entityId: found.id,
      patientId: found.patientId,
      detail: { change: "addendum", addendumId: created!.id },
    });
  });
}

export type AddendumView = { id: string; author: string; at: string; reason: string; body: string };

export async function listAddenda(db: DbOrTx, viewer: Viewer, noteId: string): Promise<AddendumView[]> {
  const rows = await db
    .select({
      id: noteAddendum.id,
      author: staffUser.name,
      credentials: staffUser.credentials,
      at: noteAddendum.at,
      reason: noteAddendum.reason,
      body: noteAddendum.body,
    })
    .from(noteAddendum)
    .innerJoin(staffUser, eq(staffUser.id, noteAddendum.authorId))
    .where(and(eq(noteAddendum.noteId, noteId), eq(noteAddendum.clinicId, viewer.clinicId)))
    .orderBy(asc(noteAddendum.at), asc(noteAddendum.id));
  return rows.map((row) => ({
    id: row.id,
    author: row.credentials ? `${row.author}, ${row.credentials}` : row.author,
    at: formatInTimeZone(row.at, viewer.timeZone, "EEE d MMM yyyy, HH:mm"),
    reason: row.reason,
    body: row.body,
  }));
}

/** The author's name with credentials, for the note's heading. */
export async function staffName(db: DbOrTx, clinicId: string, userId: string): Promise<string> {
  const [row] = await db
    .select({ name: staffUser.name, credentials: staffUser.credentials })
    .from(staffUser)
    .where(and(eq(staffUser.id, userId), eq(staffUser.clinicId, clinicId)));
  if (!row) {
    return "someone no longer listed";
  }
  return row.credentials ? `${row.name}, ${row.credentials}` : row.name;
}

/** The session a note is tied to, in words, or null. */
export async function noteAppointmentLabel(
  db: DbOrTx,
  viewer: Viewer,
  appointmentId: string | null,
): Promise<{ id: string; label: string } | null> {
  if (!appointmentId) {
    return null;
  }
  const [row] = await db
    .select({ kind: appointment.kind, doseNumber: appointment.doseNumber, start: appointment.startsAt })
    .from(appointment)
    .where(and(eq(appointment.id, appointmentId), eq(appointment.clinicId, viewer.clinicId)));
  return row
    ? {
        id: appointmentId,
        label: `${appointmentTitle(row.kind, row.doseNumber)}, ${formatInTimeZone(row.start, viewer.timeZone, "EEE d MMM yyyy, HH:mm")}`,
      }
    : null;
}
