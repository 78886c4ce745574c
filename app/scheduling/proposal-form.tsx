import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { CellInput, CellSelect, CheckboxField, FormErrors } from "#app/ui/fields";
import { durationText, inSentence, STAFF_ROLE_LABELS } from "./labels";
import { proposalFormSchema } from "./plan-forms";
import type { ProposalReply, ProposalRow, Review } from "./proposal.server";

/**
 * A key that changes whenever the planner proposes something else, so the form starts again from
 * the new proposal instead of keeping the inputs of the old one.
 */
export function proposalKey(rows: readonly ProposalRow[]): string {
  return rows
    .map(
      (row) =>
        `${row.key}@${row.date}T${row.time}/${row.roomId ?? ""}/${row.staff.map((member) => member.id).join("+")}`,
    )
    .join(",");
}

/** The proposal reply in an action's answer, if that is what it is (a page may have other forms). */
export function proposalReplyOf(actionData: unknown): ProposalReply | undefined {
  if (actionData && typeof actionData === "object" && "review" in actionData && "intent" in actionData) {
    const { intent } = actionData as { intent: unknown };
    return intent === "check" || intent === "book" ? (actionData as ProposalReply) : undefined;
  }
  return undefined;
}

function ReviewSummary({ review, intent }: { review: Review; intent: ProposalReply["intent"] }): ReactNode {
  const clean = review.warnings.length === 0 && review.conflicts.length === 0 && review.refusals.length === 0;
  if (clean && intent === "check") {
    return (
      <p className="notice" role="status">
        Checked: no rule is broken and nothing is in the way. You can book these times.
      </p>
    );
  }
  if (review.courseProblems.length === 0) {
    return null;
  }
  return (
    <section className="warning" aria-labelledby="course-problems-title">
      <h3 id="course-problems-title">Problems between sessions</h3>
      <ul>
        {review.courseProblems.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Step 2 of planning: every proposed session in time order, with its date, start and room
 * editable. "Check" reviews the edited times; "Book" books them all in one go.
 */
export function ProposalForm({
  id,
  rows,
  slotRefs,
  hidden,
  rooms,
  timeZone,
  caption,
  bookLabel,
  actionData,
}: {
  id: string;
  rows: ProposalRow[];
  slotRefs: string;
  hidden: [string, string][];
  rooms: { id: string; name: string }[];
  timeZone: string;
  caption: string;
  bookLabel: string;
  actionData: ProposalReply | undefined;
}): ReactNode {
  const [form, fields] = useForm({
    id,
    lastResult: actionData?.result,
    defaultValue: { rows: rows.map((row) => ({ date: row.date, time: row.time, roomId: row.roomId ?? "" })) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: proposalFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const review = actionData?.review ?? null;
  const rowFields = fields.rows.getFieldList();
  const roomOptions = rooms.map((room) => ({ value: room.id, label: room.name }));
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      {hidden.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="slots" value={slotRefs} />
      {review && actionData ? <ReviewSummary review={review} intent={actionData.intent} /> : null}
      <div className="table-scroll">
        <table className="proposal">
          <caption>
            {caption} Times are in the clinic&apos;s time zone ({timeZone}). Change a date, start or room, then press
            Check to see whether it still fits.
          </caption>
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Date</th>
              <th scope="col">Start</th>
              <th scope="col">Length</th>
              <th scope="col">Room</th>
              <th scope="col">Clinicians</th>
              <th scope="col">Problems</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const rowField = rowFields[index]?.getFieldset();
              const conflicts = review?.conflicts.filter((conflict) => conflict.index === index) ?? [];
              const problems = review?.rowProblems[index] ?? [];
              return (
                <tr key={row.key} className={conflicts.length + problems.length > 0 ? "has-problems" : undefined}>
                  <th scope="row">{row.title}</th>
                  <td>
                    {rowField ? (
                      <CellInput field={rowField.date} label={`Date of ${inSentence(row.title)}`} type="date" />
                    ) : (
                      row.date
                    )}
                  </td>
                  <td>
                    {rowField ? (
                      <CellInput field={rowField.time} label={`Start time of ${inSentence(row.title)}`} type="time" />
                    ) : (
                      row.time
                    )}
                  </td>
                  <td>{durationText(row.durationMinutes)}</td>
                  <td>
                    {rowField ? (
                      <CellSelect
                        field={rowField.roomId}
                        label={`Room for ${inSentence(row.title)}`}
                        options={roomOptions}
                        placeholder="No room"
                      />
                    ) : (
                      (row.roomName ?? "No room")
                    )}
                  </td>
                  <td>
                    <ul className="plain-list">
                      {row.staff.map((member) => (
                        <li key={member.id}>
                          {member.name} ({STAFF_ROLE_LABELS[member.role].toLowerCase()})
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {conflicts.length + problems.length === 0 ? (
                      <span className="muted">{review ? "None" : "Not checked yet"}</span>
                    ) : (
                      <ul className="plain-list problems">
                        {conflicts.map((conflict) => (
                          <li key={conflict.message} className="refusal">
                            {conflict.message}
                          </li>
                        ))}
                        {problems.map((message) => (
                          <li key={message}>{message}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {review && review.warnings.length > 0 ? (
        <fieldset className="warning">
          <legend>These times break the course&apos;s rules</legend>
          <p className="hint">
            Booking is still possible if the care team agrees. The broken rules are kept in each session&apos;s history.
          </p>
          <ul>
            {review.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
          {review.warnings.map((warning) => (
            <input key={warning} type="hidden" name="confirmed" value={warning} />
          ))}
          <CheckboxField
            field={fields.confirm}
            label="Book anyway: I have read these problems and the times should stay as they are."
          />
        </fieldset>
      ) : null}
      <div className="actions">
        <button type="submit" name="intent" value="check" className="secondary">
          Check
        </button>
        <button type="submit" name="intent" value="book">
          {bookLabel}
        </button>
      </div>
    </Form>
  );
}
