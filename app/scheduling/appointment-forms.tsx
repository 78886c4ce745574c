import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import type { AppointmentStatus } from "#db/schema/scheduling";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { CheckboxField, FormErrors, SelectField, TextField } from "#app/ui/fields";
import { STAFF_ROLE_LABELS, STAFF_ROLE_VALUES } from "./labels";
import {
  clinicianChangeSchema,
  rescheduleSchema,
  roomChangeSchema,
  statusChangeSchema,
  type AppointmentIntent,
} from "./plan-forms";

/** An appointment page's answer: which form, its result, and any series rules the change breaks. */
export type AppointmentReply = IntentReply & { intent: AppointmentIntent; warnings: string[] };

type Common = { version: number; actionData: AppointmentReply | undefined };

function Hidden({ intent, version }: { intent: AppointmentIntent; version: number }): ReactNode {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
    </>
  );
}

export function RescheduleForm({
  version,
  actionData,
  date,
  time,
  length,
}: Common & { date: string; time: string; length: string }): ReactNode {
  const [form, fields] = useForm({
    id: "reschedule",
    lastResult: replyFor(actionData, "reschedule"),
    defaultValue: { date, time },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rescheduleSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const warnings = actionData?.intent === "reschedule" ? actionData.warnings : [];
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Reschedule</legend>
        <p className="hint">The session keeps its length ({length}), room and clinicians.</p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Hidden intent="reschedule" version={version} />
        <div className="grid-2">
          <TextField field={fields.date} label="New date" type="date" />
          <TextField field={fields.time} label="New start time" type="time" />
        </div>
        <TextField
          field={fields.reason}
          label="Reason"
          hint="Kept in the history, e.g. Patient asked for a later time."
        />
        {warnings.length > 0 ? (
          <fieldset className="warning">
            <legend>This change breaks the series&apos; rules</legend>
            <ul>
              {warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
            {warnings.map((warning) => (
              <input key={warning} type="hidden" name="confirmed" value={warning} />
            ))}
            <CheckboxField
              field={fields.confirm}
              label="Reschedule anyway: the care team agrees to break these rules."
            />
          </fieldset>
        ) : null}
        <button type="submit">Reschedule</button>
      </fieldset>
    </Form>
  );
}

export function RoomForm({
  version,
  actionData,
  roomId,
  rooms,
}: Common & { roomId: string | null; rooms: { id: string; name: string }[] }): ReactNode {
  const [form, fields] = useForm({
    id: "room",
    lastResult: replyFor(actionData, "room"),
    defaultValue: { roomId: roomId ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: roomChangeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Change room</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Hidden intent="room" version={version} />
        <SelectField
          field={fields.roomId}
          label="Room"
          options={rooms.map((room) => ({ value: room.id, label: room.name }))}
          placeholder="No room"
        />
        <TextField field={fields.reason} label="Reason" hint="Kept in the history." />
        <button type="submit">Change room</button>
      </fieldset>
    </Form>
  );
}

export function ClinicianForm({
  version,
  actionData,
  clinicians,
}: Common & { clinicians: { id: string; name: string; roles: string[] }[] }): ReactNode {
  const [form, fields] = useForm({
    id: "clinician",
    lastResult: replyFor(actionData, "clinician"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: clinicianChangeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Change clinician</legend>
        <p className="hint">
          A monitor must be a prescriber or a nurse; the therapist a therapist; the prescriber a prescriber.
        </p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Hidden intent="clinician" version={version} />
        <div className="grid-2">
          <SelectField
            field={fields.role}
            label="Role on this session"
            options={STAFF_ROLE_VALUES.map((role) => ({ value: role, label: STAFF_ROLE_LABELS[role] }))}
            placeholder="Choose a role"
          />
          <SelectField
            field={fields.userId}
            label="Person"
            options={clinicians.map((person) => ({
              value: person.id,
              label: `${person.name} (${person.roles.join(", ")})`,
            }))}
            placeholder="Choose a person"
          />
        </div>
        <TextField field={fields.reason} label="Reason" hint="Kept in the history." />
        <button type="submit">Change clinician</button>
      </fieldset>
    </Form>
  );
}

const STATUS_FORMS: {
  intent: "check-in" | "no-show" | "cancel";
  to: AppointmentStatus;
  legend: string;
  button: string;
  reason: string | null;
  danger: boolean;
}[] = [
  { intent: "check-in", to: "checked_in", legend: "Check in", button: "Check in", reason: null, danger: false },
  {
    intent: "no-show",
    to: "no_show",
    legend: "No-show",
    button: "Mark as no-show",
    reason: "Note (optional)",
    danger: false,
  },
  {
    intent: "cancel",
    to: "cancelled",
    legend: "Cancel this session",
    button: "Cancel session",
    reason: "Reason",
    danger: true,
  },
];

function StatusForm({ spec, version, actionData }: Common & { spec: (typeof STATUS_FORMS)[number] }): ReactNode {
  const [form, fields] = useForm({
    id: spec.intent,
    lastResult: replyFor(actionData, spec.intent),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: statusChangeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>{spec.legend}</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Hidden intent={spec.intent} version={version} />
        {spec.reason ? <TextField field={fields.reason} label={spec.reason} hint="Kept in the history." /> : null}
        <button type="submit" className={spec.danger ? "danger" : undefined}>
          {spec.button}
        </button>
      </fieldset>
    </Form>
  );
}

/** The status changes the appointment's status allows, each its own form. */
export function StatusForms({ version, actionData, next }: Common & { next: AppointmentStatus[] }): ReactNode {
  const forms = STATUS_FORMS.filter((spec) => next.includes(spec.to));
  if (forms.length === 0) {
    return <p>This session&apos;s status can no longer change here.</p>;
  }
  return (
    <div className="grid-2">
      {forms.map((spec) => (
        <StatusForm key={spec.intent} spec={spec} version={version} actionData={actionData} />
      ))}
    </div>
  );
}
