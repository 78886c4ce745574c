import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, TextField } from "#app/ui/fields";
import { addTimeOffSchema } from "./schedule-forms";

export type TimeOffView = { id: string; startsAt: string; endsAt: string; reason: string; cancelled: boolean };

function AddTimeOffForm({ actionData }: { actionData?: IntentReply }): ReactNode {
  const [form, fields] = useForm({
    id: "add-time-off",
    lastResult: replyFor(actionData, "add-time-off"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addTimeOffSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Add time off</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="add-time-off" />
        <div className="grid-2">
          <TextField field={fields.startsAt} label="From" type="datetime-local" />
          <TextField field={fields.endsAt} label="Until" type="datetime-local" />
        </div>
        <TextField
          field={fields.reason}
          label="Reason (optional)"
          hint="e.g. Vacation, conference. Visible to admins."
        />
        <button type="submit">Add time off</button>
      </fieldset>
    </Form>
  );
}

export function TimeOffSection({
  entries,
  timeZone,
  actionData,
}: {
  entries: TimeOffView[];
  timeZone: string;
  actionData?: IntentReply;
}): ReactNode {
  return (
    <section className="panel" aria-labelledby="time-off-title">
      <h2 id="time-off-title">Time off</h2>
      {entries.length === 0 ? (
        <p>No time off recorded.</p>
      ) : (
        <table>
          <caption>
            Time off, latest first, in the clinic&apos;s time ({timeZone}). Cancelled entries stay listed.
          </caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Reason</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <th scope="row">{entry.startsAt}</th>
                <td>{entry.endsAt}</td>
                <td>{entry.reason || <span className="hint">None given</span>}</td>
                <td>
                  {entry.cancelled ? (
                    <span className="badge cancelled">Cancelled</span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="cancel-time-off" />
                      <input type="hidden" name="timeOffId" value={entry.id} />
                      <button type="submit" className="secondary">
                        Cancel<span className="visually-hidden"> time off from {entry.startsAt}</span>
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <AddTimeOffForm actionData={actionData} />
    </section>
  );
}
