import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { note, noteAuthorization, staffUser } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import type { PatientOnRecord } from "#app/patients/access.server";
import { formatInTimeZone } from "#app/ui/dates";
import { mayBeAuthorized } from "./note-rules";
import type { NoteOnRecord, NoteRow } from "./notes.server";

// Who besides its author may read a psychotherapy note: the author's recorded, revocable authorizations.

export async function activeGrants(
  db: DbOrTx,
  clinicId: string,
  noteId: string,
): Promise<{ id: string; grantedTo: string }[]> {
  return db
    .select({ id: noteAuthorization.id, grantedTo: noteAuthorization.grantedTo })
    .from(noteAuthorization)
    .where(
      and(
        eq(noteAuthorization.noteId, noteId),
        eq(noteAuthorization.clinicId, clinicId),
        isNull(noteAuthorization.revokedAt),
      ),
    );
}

export type GranteeChoice = { id: string; name: string };

/**
 * Who the author may let read a psychotherapy note: active prescribers and therapists on the
 * patient's care team (the only people who could open it), other than the author.
 */
export async function granteeChoices(
  db: DbOrTx,
  viewer: Viewer,
  onRecord: PatientOnRecord,
  authorId: string,
): Promise<GranteeChoice[]> {
  const ids = [...new Set(onRecord.careTeam.map((member) => member.userId))].filter((id) => id !== authorId);
  if (ids.length === 0) {
    return [];
  }
  const people = await db
    .select({
      id: staffUser.id,
      name: staffUser.name,
      credentials: staffUser.credentials,
      roles: staffUser.roles,
      active: staffUser.active,
    })
    .from(staffUser)
    .where(and(eq(staffUser.clinicId, viewer.clinicId), inArray(staffUser.id, ids)))
    .orderBy(asc(staffUser.name));
  return people
    .filter((person) => person.active && mayBeAuthorized(person.roles))
    .map((person) => ({
      id: person.id,
      name: person.credentials ? `${person.name}, ${person.credentials}` : person.name,
    }));
}

export type AuthorizationView = {
  id: string;
  grantedTo: string;
  reason: string;
  grantedAt: string;
  revokedAt: string | null;
};

export async function listAuthorizations(db: DbOrTx, viewer: Viewer, noteId: string): Promise<AuthorizationView[]> {
  const rows = await db
    .select({
      id: noteAuthorization.id,
      name: staffUser.name,
      reason: noteAuthorization.reason,
      grantedAt: noteAuthorization.grantedAt,
      revokedAt: noteAuthorization.revokedAt,
    })
    .from(noteAuthorization)
    .innerJoin(staffUser, eq(staffUser.id, noteAuthorization.grantedTo))
    .where(and(eq(noteAuthorization.noteId, noteId), eq(noteAuthorization.clinicId, viewer.clinicId)))
    .orderBy(asc(noteAuthorization.grantedAt), asc(noteAuthorization.id));
  const when = (at: Date): string => formatInTimeZone(at, viewer.timeZone, "EEE d MMM yyyy, HH:mm");
  return rows.map((row) => ({
    id: row.id,
    grantedTo: row.name,
    reason: row.reason,
    grantedAt: when(row.grantedAt),
    revokedAt: row.revokedAt ? when(row.revokedAt) : null,
  }));
}

export type AuthorizationResult =
  { ok: true } | { ok: false; status: 400 | 409; field: string | null; message: string };

/** Records the author's permission for one colleague to read the note, with the reason. */
export async function grantAuthorization(
  db: Db,
  viewer: Viewer,
  found: NoteOnRecord,
  input: { grantedTo: string; reason: string },
): Promise<AuthorizationResult> {
  const choices = await granteeChoices(db, viewer, found.onRecord, found.note.authorId);
  const grantee = choices.find((choice) => choice.id === input.grantedTo);
  if (!grantee) {
    return {
      ok: false,
      status: 400,
      field: "grantedTo",
      message: "Choose a prescriber or therapist on this patient's care team.",
    };
  }
  return db.transaction(async (tx) => {
    // Serializes grants on this note, so the same person is never authorized twice at once.
    await tx.execute(sql`select 1 from ${note} where ${note.id} = ${found.note.id} for update`);
    const grants = await activeGrants(tx, viewer.clinicId, found.note.id);
    if (grants.some((grant) => grant.grantedTo === grantee.id)) {
      return { ok: false, status: 409, field: null, message: `${grantee.name} can already read this note.` };
    }
    const [created] = await tx
      .insert(noteAuthorization)
      .values({
        clinicId: viewer.clinicId,
        noteId: found.note.id,
        grantedTo: grantee.id,
        grantedBy: viewer.id,
        reason: input.reason,
      })
      .returning({ id: noteAuthorization.id });
    await audit(tx, auditActor(viewer), {
      action: "write:note",
      entityType: "note",
      entityId: found.note.id,
      patientId: found.note.patientId,
      detail: { change: "authorization granted", authorizationId: created!.id, grantedTo: grantee.id },
    });
    return { ok: true };
  });
}

export async function revokeAuthorization(
  db: Db,
  viewer: Viewer,
  found: NoteRow,
  authorizationId: string,
): Promise<AuthorizationResult> {
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(noteAuthorization)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(noteAuthorization.id, authorizationId),
          eq(noteAuthorization.noteId, found.id),
          eq(noteAuthorization.clinicId, viewer.clinicId),
          isNull(noteAuthorization.revokedAt),
        ),
      )
      .returning({ id: noteAuthorization.id, grantedTo: noteAuthorization.grantedTo });
    if (!revoked) {
      return {
        ok: false,
        status: 409,
        field: null,
        message: "This authorization was already revoked, or is not one of this note's.",
      };
    }
    await audit(tx, auditActor(viewer), {
      action: "write:note",
      entityType: "note",
      entityId: found.id,
      patientId: found.patientId,
      detail: { change: "authorization revoked", authorizationId: revoked.id, grantedTo: revoked.grantedTo },
    });
    return { ok: true };
  });
}
