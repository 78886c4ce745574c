import type { ReactNode } from "react";
import { Form } from "react-router";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { REASON_MAX } from "./limits";
import type { MeasureRow } from "./measures-view";

/**
 * The data of a chart, as a table: every response, including those entered in error (struck
 * through, with who marked them and why), so the record stays complete.
 */
export function MeasureTable({
  caption,
  rows,
  canMark,
  actionData,
}: {
  caption: string;
  rows: readonly MeasureRow[];
  canMark: boolean;
  actionData?: IntentReply;
}): ReactNode {
  if (rows.length === 0) {
    return null;
  }
  return (
    <div className="table-scroll">
      <table className="measure-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Context</th>
            <th scope="col">Score</th>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            {canMark ? <th scope="col">Correct</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className={row.enteredInError ? "entered-in-error" : undefined}>
              <th scope="row">
                <Struck when={row.enteredInError !== null}>{row.when}</Struck>
                {row.enteredInError ? (
                  <p className="entered-in-error-note">
                    Entered in error — {row.enteredInError.reason} ({row.enteredInError.by}, {row.enteredInError.when})
                  </p>
                ) : (
                  <p className="muted">Recorded by {row.recordedBy}</p>
                )}
              </th>
              <td>
                <Struck when={row.enteredInError !== null}>
                  {row.context}
                  {row.session ? <span className="muted"> · {row.session}</span> : null}
                </Struck>
              </td>
              <td>
                <Struck when={row.enteredInError !== null}>{row.score}</Struck>
              </td>
              <td>
                <Struck when={row.enteredInError !== null}>{row.severity}</Struck>
              </td>
              <td>
                {row.alert ? (
                  <Struck when={row.enteredInError !== null}>
                    <span className="badge alert">Item 9</span> “{row.alert}”
                    <span className="visually-hidden">
                      : thoughts that they would be better off dead or of hurting themselves
                    </span>
                  </Struck>
                ) : (
                  <span className="muted">None</span>
                )}
              </td>
              {canMark ? (
                <td>{row.enteredInError ? null : <EnteredInErrorForm row={row} actionData={actionData} />}</td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Struck({ when, children }: { when: boolean; children: ReactNode }): ReactNode {
  return when ? <del>{children}</del> : children;
}

function EnteredInErrorForm({ row, actionData }: { row: MeasureRow; actionData?: IntentReply }): ReactNode {
  const reply = replyFor(actionData, "entered-in-error", row.id);
  const errors = [...(reply?.error?.reason ?? []), ...(reply?.error?.[""] ?? [])];
  const id = `reason-${row.id}`;
  return (
    <details open={errors.length > 0}>
      <summary>Mark entered in error</summary>
      <Form method="post" className="entered-in-error-form">
        <input type="hidden" name="intent" value="entered-in-error" />
        <input type="hidden" name="responseId" value={row.id} />
        <div className="field">
          <label htmlFor={id}>Why is the response from {row.when} wrong?</label>
          <input
            id={id}
            name="reason"
            required
            maxLength={REASON_MAX}
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={`${id}-errors`}
          />
          <div id={`${id}-errors`} className="field-errors" aria-live="polite">
            {errors.map((error) => (
              <p key={error}>{error}</p>
            ))}
          </div>
        </div>
        <button type="submit" className="secondary">
          Mark entered in error
        </button>
      </Form>
    </details>
  );
}
