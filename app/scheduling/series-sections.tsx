import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form, Link } from "react-router";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, TextField } from "#app/ui/fields";
import { cancelRemainingSchema } from "./plan-forms";
import type { TimelineEntry } from "./series-view.server";

/** Stops a series: every session not yet begun is cancelled, with the reason in its history. */
export function CancelRemainingForm({ actionData }: { actionData: IntentReply | undefined }): ReactNode {
  const [form, fields] = useForm({
    id: "cancel-remaining",
    lastResult: replyFor(actionData, "cancel-remaining"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cancelRemainingSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Cancel all remaining sessions</legend>
        <p className="hint">
          Every session that has not begun is cancelled and the series is marked discontinued. Sessions already held
          stay in the record.
        </p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="cancel-remaining" />
        <TextField
          field={fields.reason}
          label="Reason"
          hint="Kept in each session's history, e.g. Patient withdrew consent."
        />
        <button type="submit" className="danger">
          Cancel all remaining
        </button>
      </fieldset>
    </Form>
  );
}

/** Every session of a series, past and upcoming, each linking to its appointment page. */
export function Timeline({ entries, timeZone }: { entries: TimelineEntry[]; timeZone: string }): ReactNode {
  if (entries.length === 0) {
    return <p>This series has no sessions.</p>;
  }
  return (
    <div className="table-scroll">
      <table>
        <caption>
          Every session of the series, past and upcoming, in time order. Times are in the clinic&apos;s time zone (
          {timeZone}).
        </caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Date</th>
            <th scope="col">Time</th>
            <th scope="col">Room</th>
            <th scope="col">Clinicians</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} className={entry.upcoming ? undefined : "past"}>
              <th scope="row">
                <Link to={`/appointments/${entry.id}`}>{entry.title}</Link>
              </th>
              <td>{entry.date}</td>
              <td>{entry.time}</td>
              <td>{entry.roomName ?? <span className="muted">No room</span>}</td>
              <td>
                <ul className="plain-list">
                  {entry.staff.map((member) => (
                    <li key={`${member.name}-${member.role}`}>
                      {member.name} ({member.roleLabel.toLowerCase()})
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <span className={`badge status-${entry.status}`}>{entry.statusLabel}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
