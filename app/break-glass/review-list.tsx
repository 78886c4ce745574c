import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import type { BreakGlassReasonKind } from "#db/schema/break-glass";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { formatInTimeZone } from "#app/ui/dates";
import { FormErrors, TextAreaField } from "#app/ui/fields";
import { breakGlassReviewSchema, REASON_LABELS } from "./forms";

export type ReviewedGrant = {
  id: string;
  userName: string;
  patientName: string;
  mrn: string;
  reasonKind: BreakGlassReasonKind;
  reason: string;
  startsAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  accesses: { id: number; at: Date; action: string; entityType: string; entityId: string; outcome: string }[];
  accessCount: number;
  review: { reviewerName: string; reviewedAt: Date; note: string } | null;
};

const WHEN = "MMM d, yyyy HH:mm";

function ReviewForm({
  grantId,
  actionData,
  canReview,
}: {
  grantId: string;
  actionData: IntentReply | undefined;
  canReview: boolean;
}): ReactNode {
  const [form, fields] = useForm({
    id: `review-${grantId}`,
    lastResult: replyFor(actionData, "review", grantId),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: breakGlassReviewSchema }),
    shouldValidate: "onSubmit",
  });
  if (!canReview) {
    return <p className="muted">Not reviewed yet.</p>;
  }
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="grantId" value={grantId} />
      <TextAreaField field={fields.note} label="Review note" />
      <button type="submit">Mark reviewed</button>
    </Form>
  );
}

function window(grant: ReviewedGrant, timeZone: string): string {
  const start = formatInTimeZone(grant.startsAt, timeZone, WHEN);
  if (grant.endedAt) {
    return `${start} to ${formatInTimeZone(grant.endedAt, timeZone, "HH:mm")} (ended early; would have run to ${formatInTimeZone(grant.expiresAt, timeZone, "HH:mm")})`;
  }
  return `${start} to ${formatInTimeZone(grant.expiresAt, timeZone, "HH:mm")}`;
}

/** Each grant with its reason, the accesses made under it, and its review or a way to record one. */
export function BreakGlassReviewList({
  grants,
  timeZone,
  actionData,
  canReview,
}: {
  grants: ReviewedGrant[];
  timeZone: string;
  actionData: IntentReply | undefined;
  canReview: boolean;
}): ReactNode {
  if (grants.length === 0) {
    return <p>No emergency accesses match this filter.</p>;
  }
  return (
    <ol className="break-glass-review">
      {grants.map((grant) => (
        <li key={grant.id} className="panel">
          <h2>
            {grant.userName} opened {grant.patientName} ({grant.mrn})
          </h2>
          <dl className="facts">
            <dt>When</dt>
            <dd>{window(grant, timeZone)}</dd>
            <dt>Reason</dt>
            <dd>
              <strong>{REASON_LABELS[grant.reasonKind]}.</strong> {grant.reason}
            </dd>
          </dl>
          <div className="table-scroll">
            <table>
              <caption>
                Accesses under this grant ({grant.accessCount}
                {grant.accessCount > grant.accesses.length ? `, first ${grant.accesses.length} shown` : ""})
              </caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Record</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {grant.accesses.map((access) => (
                  <tr key={access.id}>
                    <td>{formatInTimeZone(access.at, timeZone, "MMM d, HH:mm:ss")}</td>
                    <td>{access.action}</td>
                    <td>
                      {access.entityType}
                      {access.entityId ? <span className="hint"> {access.entityId}</span> : null}
                    </td>
                    <td>
                      <span className={`badge ${access.outcome}`}>{access.outcome.replace("_", " ")}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {grant.review ? (
            <p>
              <span className="badge active">reviewed</span> by {grant.review.reviewerName},{" "}
              {formatInTimeZone(grant.review.reviewedAt, timeZone, WHEN)}: {grant.review.note}
            </p>
          ) : (
            <ReviewForm grantId={grant.id} actionData={actionData} canReview={canReview} />
          )}
        </li>
      ))}
    </ol>
  );
}
