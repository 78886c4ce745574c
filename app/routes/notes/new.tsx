import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import type { IntentReply } from "#app/clinic/form-reply";
import { newNoteSchema } from "#app/notes/note-forms";
import { NewNoteForm } from "#app/notes/note-form-ui";
import { isEmptyNote, NOTE_KIND_LABELS, pickFields } from "#app/notes/note-kinds";
import { planNewNote } from "#app/notes/new-note.server";
import { createNote } from "#app/notes/notes.server";
import { patientDisplayName } from "#app/patients/labels";
import type { Route } from "./+types/new";

export const meta: Route.MetaFunction = () => [{ title: "New note · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "write:note");
  const url = new URL(args.request.url);
  const plan = await planNewNote(getDb(), viewer, url);
  const page = {
    patient: { id: plan.onRecord.patient.id, name: patientDisplayName(plan.onRecord.patient) },
    // The form once a kind is chosen; the chooser while choosing, or when the session was not found.
    kind: plan.unknownAppointment || url.searchParams.get("choose") === "1" ? null : plan.kind,
    kindLabel: plan.kind ? NOTE_KIND_LABELS[plan.kind] : null,
    kinds: plan.kinds.map((kind) => ({ value: kind, label: NOTE_KIND_LABELS[kind] })),
    choices: plan.choices.map((choice) => ({ value: choice.id, label: choice.label })),
    appointment: plan.appointment ? { id: plan.appointment.id, label: plan.appointment.label } : null,
    chosenKind: plan.kind,
    unknownAppointment: plan.unknownAppointment,
  };
  return plan.unknownAppointment ? data(page, { status: 400 }) : page;
}

function invalid(result: IntentReply["result"]) {
  return data<IntentReply>({ intent: "draft", subject: null, result }, { status: 400 });
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "write:note");
  const db = getDb();
  const plan = await planNewNote(db, viewer, new URL(args.request.url));
  const submission = parseWithZod(await args.request.formData(), { schema: newNoteSchema });
  if (submission.status !== "success") {
    return invalid(submission.reply());
  }
  if (!plan.kind) {
    return invalid(submission.reply({ formErrors: ["Choose the kind of note first."] }));
  }
  if (plan.unknownAppointment) {
    return invalid(
      submission.reply({ formErrors: ["That session is not one of this patient's. Choose the session again."] }),
    );
  }
  const content = { fields: pickFields(plan.kind, submission.value.fields ?? {}), body: submission.value.body ?? "" };
  const sign = submission.value.intent === "sign";
  if (isEmptyNote(plan.kind, content)) {
    return invalid(
      submission.reply({
        formErrors: [sign ? "Write the note before signing it." : "Write something before saving the draft."],
      }),
    );
  }
  const noteId = await createNote(db, viewer, {
    patientId: plan.onRecord.patient.id,
    kind: plan.kind,
    appointment: plan.appointment,
    content,
    sign,
  });
  return redirect(`/notes/${noteId}?saved=${sign ? "signed" : "created"}`);
}

export default function NewNote({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { patient, kind, kindLabel, kinds, choices, appointment, chosenKind, unknownAppointment } = loaderData;
  return (
    <section aria-labelledby="new-note-title">
      <div className="page-heading">
        <h1 id="new-note-title">
          {kind && kindLabel ? `${kindLabel} for ${patient.name}` : `New note for ${patient.name}`}
        </h1>
        <Link to={`/patients/${patient.id}/notes`}>All notes of {patient.name}</Link>
      </div>
      {kind ? (
        <>
          <p>
            {appointment ? `For the session: ${appointment.label}.` : "Not tied to a session."}{" "}
            <Link to={`/notes/new?patient=${patient.id}&kind=${kind}&choose=1`}>Change the kind or the session</Link>
          </p>
          <NewNoteForm kind={kind} actionData={actionData} />
        </>
      ) : (
        <Form method="get" className="panel">
          <input type="hidden" name="patient" value={patient.id} />
          {unknownAppointment ? (
            <div className="form-errors" role="alert">
              <p>That session is not one of this patient&apos;s. Choose one from the list.</p>
            </div>
          ) : null}
          <fieldset>
            <legend>Kind of note</legend>
            {kinds.map((option, index) => (
              <div className="checkbox" key={option.value}>
                <input
                  type="radio"
                  id={`kind-${option.value}`}
                  name="kind"
                  value={option.value}
                  defaultChecked={chosenKind ? chosenKind === option.value : index === 0}
                />
                <label htmlFor={`kind-${option.value}`}>{option.label}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="appointment">Session (optional)</label>
            <select id="appointment" name="appointment" defaultValue={appointment?.id ?? ""}>
              <option value="">Not tied to a session</option>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Continue</button>
        </Form>
      )}
    </section>
  );
}
