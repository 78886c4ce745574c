import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, SelectField, TextAreaField, TextField } from "#app/ui/fields";
import { recordConsentSchema, withdrawConsentSchema } from "./consent-forms";
import type { ConsentEntry } from "./consent.server";

export type ConsentFormChoice = { id: string; version: string; body: string };

function asIntentReply(actionData: unknown): IntentReply | undefined {
  return actionData && typeof actionData === "object" && "intent" in actionData
    ? (actionData as IntentReply)
    : undefined;
}

/** Every consent and withdrawal of the series, newest first. */
export function ConsentHistory({ entries }: { entries: ConsentEntry[] }): ReactNode {
  if (entries.length === 0) {
    return <p>No consent has been recorded for this series.</p>;
  }
  return (
    <div className="table-scroll">
      <table>
        <caption>Consent history, newest first: the first row is the current state.</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">What</th>
            <th scope="col">Form version</th>
            <th scope="col">Signature</th>
            <th scope="col">Witness</th>
            <th scope="col">Escort and transport</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row">{entry.signedOn}</th>
              <td>
                {entry.withdrawn ? (
                  <span className="badge withdrawn">Withdrawn</span>
                ) : (
                  <span className="badge active">Signed</span>
                )}
              </td>
              <td>{entry.formVersion}</td>
              <td>{entry.patientSignature || <span className="muted">None</span>}</td>
              <td>{entry.witnessName}</td>
              <td>
                {entry.escortName}, {entry.escortPhone}
                <br />
                {entry.transportPlan}
              </td>
              <td>
                {entry.recordedAt} by {entry.recordedBy}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RecordConsentForm({
  forms,
  defaults,
  today,
  actionData,
}: {
  forms: ConsentFormChoice[];
  defaults: { escortName: string; escortPhone: string; witnessName: string };
  today: string;
  actionData: unknown;
}): ReactNode {
  const schema = recordConsentSchema(today);
  const [form, fields] = useForm({
    id: "record-consent",
    lastResult: replyFor(asIntentReply(actionData), "record-consent"),
    defaultValue: { consentFormId: forms.at(-1)?.id ?? "", signedOn: today, ...defaults },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Record the patient&apos;s signed consent</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="record-consent" />
        <SelectField
          field={fields.consentFormId}
          label="Consent form version"
          options={forms.map((choice) => ({ value: choice.id, label: choice.version }))}
        />
        {forms.map((choice) => (
          <details key={choice.id}>
            <summary>Read version {choice.version}</summary>
            <p className="prewrap">{choice.body}</p>
          </details>
        ))}
        <div className="grid-2">
          <TextField
            field={fields.patientSignature}
            label="Patient's signature (their full name, typed)"
            hint="Must be the patient's name as on their record."
            autoComplete="off"
          />
          <TextField field={fields.signedOn} label="Date signed" type="date" />
          <TextField field={fields.witnessName} label="Witness" />
        </div>
        <fieldset>
          <legend>Getting home after each dose</legend>
          <p className="hint">
            The patient must not drive until the next day. Filled in from the patient&apos;s escort; change it if the
            plan differs.
          </p>
          <div className="grid-2">
            <TextField field={fields.escortName} label="Escort's name" />
            <TextField field={fields.escortPhone} label="Escort's phone" type="tel" />
          </div>
          <TextAreaField field={fields.transportPlan} label="Transport plan" />
        </fieldset>
        <button type="submit">Record consent</button>
      </fieldset>
    </Form>
  );
}

export function WithdrawConsentForm({
  today,
  witnessName,
  actionData,
}: {
  today: string;
  witnessName: string;
  actionData: unknown;
}): ReactNode {
  const schema = withdrawConsentSchema(today);
  const [form, fields] = useForm({
    id: "withdraw-consent",
    lastResult: replyFor(asIntentReply(actionData), "withdraw-consent"),
    defaultValue: { withdrawnOn: today, witnessName },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Record a withdrawal of consent</legend>
        <p className="hint">
          The signed consent stays in the record; no dosing session can start until the patient signs again.
        </p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="withdraw-consent" />
        <div className="grid-2">
          <TextField field={fields.withdrawnOn} label="Date withdrawn" type="date" />
          <TextField field={fields.witnessName} label="Taken by" />
        </div>
        <button type="submit" className="danger">
          Record withdrawal
        </button>
      </fieldset>
    </Form>
  );
}
