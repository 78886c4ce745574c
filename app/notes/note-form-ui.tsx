import { getFormProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import type { NoteFields, NoteKind } from "#db/schema/notes";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, SelectField, TextField } from "#app/ui/fields";
import { addendumSchema, authorizeSchema, draftSchema, newNoteSchema, revokeSchema } from "./note-forms";
import { fieldsFor, NOTE_FIELD_HINTS, NOTE_FIELD_LABELS, NOTE_KIND_LABELS } from "./note-kinds";

/** A long-text box for tablets: tall, labelled, with its hint read by screen readers. */
function LongText({
  field,
  label,
  hint,
  rows = 5,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
  rows?: number;
}): ReactNode {
  const hintId = `${field.id}-hint`;
  const props = getTextareaProps(field, { ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <textarea {...props} key={props.key} rows={rows} className="note-text" />
      <div id={field.errorId} className="field-errors" aria-live="polite">
        {field.errors?.map((error) => (
          <p key={error}>{error}</p>
        ))}
      </div>
    </div>
  );
}

type ContentFields = { fields: FieldMetadata<NoteFields | undefined>; body: FieldMetadata<string | undefined> };

function NoteContent({ kind, content }: { kind: NoteKind; content: ContentFields }): ReactNode {
  const structured = content.fields.getFieldset();
  return (
    <fieldset>
      <legend>{NOTE_KIND_LABELS[kind]}</legend>
      {fieldsFor(kind).map((name) => (
        <LongText
          key={name}
          field={structured[name]}
          label={NOTE_FIELD_LABELS[name]}
          hint={NOTE_FIELD_HINTS[name]}
          rows={4}
        />
      ))}
      <LongText
        field={content.body}
        label={kind === "psychotherapy" ? "Process notes" : "Free text"}
        hint={
          kind === "psychotherapy"
            ? "Kept apart from the record: only you can read it unless you authorize someone."
            : "Anything the fields above do not cover."
        }
        rows={kind === "psychotherapy" ? 12 : 6}
      />
    </fieldset>
  );
}

function SaveButtons(): ReactNode {
  return (
    <div className="actions">
      <button type="submit" name="intent" value="save" className="secondary">
        Save draft
      </button>
      <button type="submit" name="intent" value="sign">
        Sign note
      </button>
      <p className="hint">Signing locks the note: later corrections are addenda.</p>
    </div>
  );
}

export function NewNoteForm({ kind, actionData }: { kind: NoteKind; actionData: IntentReply | undefined }): ReactNode {
  const [form, fields] = useForm({
    id: "new-note",
    lastResult: replyFor(actionData, "draft"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newNoteSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <NoteContent kind={kind} content={{ fields: fields.fields, body: fields.body }} />
      <SaveButtons />
    </Form>
  );
}

export function DraftForm({
  kind,
  content,
  version,
  actionData,
}: {
  kind: NoteKind;
  content: { fields: NoteFields; body: string };
  version: number;
  actionData: IntentReply | undefined;
}): ReactNode {
  const [form, fields] = useForm({
    id: `draft-${version}`,
    lastResult: replyFor(actionData, "draft"),
    defaultValue: { fields: content.fields, body: content.body, version },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: draftSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="version" value={version} />
      <NoteContent kind={kind} content={{ fields: fields.fields, body: fields.body }} />
      <SaveButtons />
    </Form>
  );
}

export function AddendumForm({
  actionData,
  onlyAuthor,
}: {
  actionData: IntentReply | undefined;
  onlyAuthor: boolean;
}): ReactNode {
  const [form, fields] = useForm({
    id: "addendum",
    lastResult: replyFor(actionData, "addendum"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addendumSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Add an addendum</legend>
        <p className="hint">
          The signed note stays as it is; the addendum is shown with it, with your name, the time and the reason.
          {onlyAuthor ? " Only you, the author, can add to a psychotherapy note." : ""}
        </p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="addendum" />
        <TextField
          field={fields.reason}
          label="Reason"
          hint="e.g. Correction: the dose was given at 10:15, not 10:05."
        />
        <LongText field={fields.body} label="Addendum" rows={4} />
        <button type="submit">Add addendum</button>
      </fieldset>
    </Form>
  );
}

export function AuthorizeForm({
  choices,
  actionData,
}: {
  choices: { id: string; name: string }[];
  actionData: IntentReply | undefined;
}): ReactNode {
  const [form, fields] = useForm({
    id: "authorize",
    lastResult: replyFor(actionData, "authorize"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: authorizeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Let a colleague read this note</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="authorize" />
        {choices.length === 0 ? (
          <p>No other prescriber or therapist is on this patient&apos;s care team.</p>
        ) : (
          <>
            <SelectField
              field={fields.grantedTo}
              label="Colleague"
              options={choices.map((choice) => ({ value: choice.id, label: choice.name }))}
              placeholder="Choose a colleague"
            />
            <TextField field={fields.reason} label="Reason" hint="Kept with the authorization and in the audit log." />
            <button type="submit">Authorize</button>
          </>
        )}
      </fieldset>
    </Form>
  );
}

export function RevokeForm({
  authorizationId,
  name,
  actionData,
}: {
  authorizationId: string;
  name: string;
  actionData: IntentReply | undefined;
}): ReactNode {
  const [form] = useForm({
    id: `revoke-${authorizationId}`,
    lastResult: replyFor(actionData, "revoke", authorizationId),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: revokeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="inline-form">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="authorizationId" value={authorizationId} />
      <button type="submit" className="secondary">
        Revoke<span className="visually-hidden"> {name}&apos;s authorization</span>
      </button>
    </Form>
  );
}
