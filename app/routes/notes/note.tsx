import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, forbidden, requirePermission, type Viewer } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { formIntent, type IntentReply } from "#app/clinic/form-reply";
import { addendumSchema, authorizeSchema, draftSchema, NOTE_INTENTS, revokeSchema } from "#app/notes/note-forms";
import { AddendumForm, AuthorizeForm, DraftForm, RevokeForm } from "#app/notes/note-form-ui";
import { fieldsFor, isEmptyNote, NOTE_FIELD_LABELS, NOTE_KIND_LABELS, pickFields } from "#app/notes/note-kinds";
import { addendumRefusal, authorizationRefusal, draftChangeRefusal, type NoteRefusal } from "#app/notes/note-rules";
import { AddendaList, NoteBody } from "#app/notes/note-view";
import {
  grantAuthorization,
  granteeChoices,
  listAuthorizations,
  revokeAuthorization,
} from "#app/notes/note-authorizations.server";
import {
  addAddendum,
  listAddenda,
  noteAppointmentLabel,
  requireNote,
  saveDraft,
  staffName,
  type NoteRow,
} from "#app/notes/notes.server";
import { patientDisplayName } from "#app/patients/labels";
import { formatInTimeZone } from "#app/ui/dates";
import type { Route } from "./+types/note";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.note.kindLabel ?? "Note"} · KAP Care Team` },
];

const NOTICES: Record<string, string> = {
  created: "Draft saved.",
  saved: "Draft saved.",
  signed: "Note signed. It can no longer be changed; corrections are addenda.",
  addendum: "Addendum added.",
  authorized: "Authorization recorded.",
  revoked: "Authorization revoked.",
};

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const { note: found, onRecord, authorizationId } = await requireNote(db, viewer, "read:clinical", args.params.noteId);
  await audit(db, auditActor(viewer), {
    action: "read:clinical",
    entityType: "note",
    entityId: found.id,
    patientId: found.patientId,
    detail: authorizationId ? { kind: found.kind, authorizationId } : { kind: found.kind },
  });
  const subject = { kind: found.kind, authorId: found.authorId, signed: found.signedAt !== null };
  const mayWrite = can(viewer, "write:note", onRecord.target);
  const canEdit = mayWrite && draftChangeRefusal(viewer, subject) === null;
  const canAddendum = mayWrite && found.signedAt !== null && addendumRefusal(viewer, subject) === null;
  const canAuthorize = mayWrite && authorizationRefusal(viewer, subject) === null;
  const [author, appointment, addenda, authorizations, grantees] = await Promise.all([
    staffName(db, viewer.clinicId, found.authorId),
    noteAppointmentLabel(db, viewer, found.appointmentId),
    listAddenda(db, viewer, found.id),
    canAuthorize ? listAuthorizations(db, viewer, found.id) : [],
    canAuthorize ? granteeChoices(db, viewer, onRecord, found.authorId) : [],
  ]);
  const saved = new URL(args.request.url).searchParams.get("saved");
  const when = (at: Date): string => formatInTimeZone(at, viewer.timeZone, "EEE d MMM yyyy, HH:mm");
  return {
    note: {
      id: found.id,
      kind: found.kind,
      kindLabel: NOTE_KIND_LABELS[found.kind],
      author,
      appointment,
      signedAt: found.signedAt ? when(found.signedAt) : null,
      createdAt: when(found.createdAt),
      updatedAt: when(found.updatedAt),
      version: found.version,
      fields: fieldsFor(found.kind).map((name) => ({
        name,
        label: NOTE_FIELD_LABELS[name],
        value: found.fields[name] ?? "",
      })),
      rawFields: found.fields,
      body: found.body,
    },
    patient: { id: onRecord.patient.id, name: patientDisplayName(onRecord.patient) },
    readByAuthorization: authorizationId !== null,
    canEdit,
    canAddendum,
    canAuthorize,
    addenda,
    authorizations,
    grantees,
    timeZone: viewer.timeZone,
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved] : null,
  };
}

function reply(intent: string, result: IntentReply["result"], status: 400 | 409, subject: string | null = null) {
  return data<IntentReply>({ intent, subject, result }, { status });
}

/** A refused change: 403 is thrown (and audited), a conflict answers the form with its sentence. */
async function refuse(viewer: Viewer, found: NoteRow, refusal: NoteRefusal, change: string): Promise<void> {
  await audit(getDb(), auditActor(viewer), {
    action: "write:note",
    entityType: "note",
    entityId: found.id,
    patientId: found.patientId,
    outcome: refusal.status === 403 ? "denied" : "failure",
    detail: { change, reason: refusal.message },
  });
  if (refusal.status === 403) {
    forbidden(refusal.message);
  }
}

function saved(noteId: string, what: keyof typeof NOTICES): Response {
  return redirect(`/notes/${noteId}?saved=${what}`);
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "write:note");
  const db = getDb();
  const found = await requireNote(db, viewer, "write:note", args.params.noteId);
  const current = found.note;
  const subject = { kind: current.kind, authorId: current.authorId, signed: current.signedAt !== null };
  const formData = await args.request.formData();
  const intent = formIntent(formData, NOTE_INTENTS);
  switch (intent) {
    case "save":
    case "sign": {
      const submission = parseWithZod(formData, { schema: draftSchema });
      const refusal = draftChangeRefusal(viewer, subject);
      if (refusal) {
        await refuse(viewer, current, refusal, intent);
        return reply("draft", submission.reply({ formErrors: [refusal.message] }), 409);
      }
      if (submission.status !== "success") {
        return reply("draft", submission.reply(), 400);
      }
      const content = {
        fields: pickFields(current.kind, submission.value.fields ?? {}),
        body: submission.value.body ?? "",
      };
      if (intent === "sign" && isEmptyNote(current.kind, content)) {
        return reply("draft", submission.reply({ formErrors: ["Write the note before signing it."] }), 400);
      }
      const result = await saveDraft(db, viewer, current, {
        expectedVersion: submission.value.version,
        content,
        sign: intent === "sign",
      });
      if (!result.ok) {
        return reply("draft", submission.reply({ formErrors: [result.message] }), result.status);
      }
      return saved(current.id, intent === "sign" ? "signed" : "saved");
    }
    case "addendum": {
      const submission = parseWithZod(formData, { schema: addendumSchema });
      const refusal = addendumRefusal(viewer, subject);
      if (refusal) {
        await refuse(viewer, current, refusal, intent);
        return reply(intent, submission.reply({ formErrors: [refusal.message] }), 409);
      }
      if (submission.status !== "success") {
        return reply(intent, submission.reply(), 400);
      }
      await addAddendum(db, viewer, current, submission.value);
      return saved(current.id, "addendum");
    }
    case "authorize":
    case "revoke": {
      const submission =
        intent === "authorize"
          ? parseWithZod(formData, { schema: authorizeSchema })
          : parseWithZod(formData, { schema: revokeSchema });
      const subjectId = intent === "revoke" ? (formData.get("authorizationId")?.toString() ?? null) : null;
      const refusal = authorizationRefusal(viewer, subject);
      if (refusal) {
        await refuse(viewer, current, refusal, intent);
        return reply(intent, submission.reply({ formErrors: [refusal.message] }), 409, subjectId);
      }
      if (submission.status !== "success") {
        return reply(intent, submission.reply(), 400, subjectId);
      }
      const value = submission.value;
      const result =
        "grantedTo" in value
          ? await grantAuthorization(db, viewer, found, value)
          : await revokeAuthorization(db, viewer, current, value.authorizationId);
      if (!result.ok) {
        const errors = result.field
          ? { fieldErrors: { [result.field]: [result.message] } }
          : { formErrors: [result.message] };
        return reply(intent, submission.reply(errors), result.status, subjectId);
      }
      return saved(current.id, intent === "authorize" ? "authorized" : "revoked");
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function NotePage({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const {
    note,
    patient,
    readByAuthorization,
    canEdit,
    canAddendum,
    canAuthorize,
    addenda,
    authorizations,
    grantees,
    timeZone,
    notice,
  } = loaderData;
  const location = useLocation();
  const bodyLabel = note.kind === "psychotherapy" ? "Process notes" : "Free text";
  return (
    <section aria-labelledby="note-title" key={location.key}>
      <div className="page-heading">
        <h1 id="note-title">
          {note.kindLabel} for {patient.name}
        </h1>
        <Link to={`/patients/${patient.id}/notes`}>All notes of {patient.name}</Link>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {note.kind === "psychotherapy" ? (
        <p className="warning">
          Psychotherapy note: kept apart from the record.{" "}
          {readByAuthorization
            ? "You are reading it with the author's authorization; this is recorded."
            : "Only its author, and colleagues the author authorizes, can read it."}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">About this note</h2>
        <dl className="facts">
          <dt>Author</dt>
          <dd>{note.author}</dd>
          <dt>Session</dt>
          <dd>
            {note.appointment ? (
              <Link to={`/appointments/${note.appointment.id}`}>{note.appointment.label}</Link>
            ) : (
              <span className="muted">Not tied to a session</span>
            )}
          </dd>
          <dt>Status</dt>
          <dd>
            {note.signedAt ? (
              <span className="badge note-signed">Signed {note.signedAt}</span>
            ) : (
              <span className="badge note-draft">Draft, last saved {note.updatedAt}</span>
            )}
          </dd>
          <dt>Written</dt>
          <dd>
            {note.createdAt} ({timeZone})
          </dd>
        </dl>
      </section>
      {canEdit ? (
        <section className="panel" aria-labelledby="draft-title">
          <h2 id="draft-title">Edit the draft</h2>
          <DraftForm
            kind={note.kind}
            content={{ fields: note.rawFields, body: note.body }}
            version={note.version}
            actionData={actionData}
          />
        </section>
      ) : (
        <section className="panel" aria-labelledby="text-title">
          <h2 id="text-title">{note.signedAt ? "The signed note" : "The draft"}</h2>
          {note.signedAt ? null : <p className="hint">Only its author can edit or sign this draft.</p>}
          <NoteBody fields={note.fields} body={note.body} bodyLabel={bodyLabel} />
        </section>
      )}
      {note.signedAt ? (
        <section className="panel" aria-labelledby="addenda-title">
          <h2 id="addenda-title">Addenda</h2>
          <AddendaList addenda={addenda} />
          {canAddendum ? <AddendumForm actionData={actionData} onlyAuthor={note.kind === "psychotherapy"} /> : null}
        </section>
      ) : null}
      {canAuthorize ? (
        <section className="panel" aria-labelledby="authorizations-title">
          <h2 id="authorizations-title">Who else may read this note</h2>
          {authorizations.length === 0 ? (
            <p>Nobody else: only you can read this note.</p>
          ) : (
            <table>
              <caption>Authorizations you recorded, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Colleague</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Granted</th>
                  <th scope="col">Revoked</th>
                </tr>
              </thead>
              <tbody>
                {authorizations.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">{entry.grantedTo}</th>
                    <td>{entry.reason}</td>
                    <td>{entry.grantedAt}</td>
                    <td>
                      {entry.revokedAt ?? (
                        <RevokeForm authorizationId={entry.id} name={entry.grantedTo} actionData={actionData} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <AuthorizeForm choices={grantees} actionData={actionData} />
        </section>
      ) : null}
    </section>
  );
}
