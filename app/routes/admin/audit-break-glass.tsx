import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { breakGlassReviewSchema, REVIEW_STATUSES, reviewStatusOf, type ReviewStatus } from "#app/break-glass/forms";
import { BreakGlassReviewList } from "#app/break-glass/review-list";
import { grantsForReview, markReviewed } from "#app/break-glass/review.server";
import { formString, type IntentReply } from "#app/clinic/form-reply";
import { Pagination } from "#app/ui/pagination";
import type { Route } from "./+types/audit-break-glass";

export const meta: Route.MetaFunction = () => [{ title: "Break-glass review · Audit log · KAP Care Team" }];

const STATUS_LABELS: Record<ReviewStatus, string> = {
  unreviewed: "Not reviewed yet",
  reviewed: "Reviewed",
  all: "All",
};

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:audit");
  const db = getDb();
  const params = new URL(args.request.url).searchParams;
  const status = reviewStatusOf(params.get("status"));
  const { grants, page, pageCount } = await grantsForReview(db, viewer.clinicId, status, params.get("page"));
  await audit(db, auditActor(viewer), {
    action: "read:audit",
    entityType: "break_glass_grant",
    detail: { view: "break-glass-review", status, page, grants: grants.length },
  });
  return { grants, page, pageCount, status, timeZone: viewer.timeZone, canReview: can(viewer, "review:break-glass") };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "review:break-glass");
  const formData = await args.request.formData();
  const subject = formString(formData, "grantId");
  const submission = parseWithZod(formData, { schema: breakGlassReviewSchema });
  if (submission.status !== "success") {
    return data<IntentReply>({ intent: "review", subject, result: submission.reply() }, { status: 400 });
  }
  const outcome = await markReviewed(getDb(), viewer, submission.value.grantId, submission.value.note);
  if (!outcome.ok) {
    return data<IntentReply>(
      { intent: "review", subject, result: submission.reply({ formErrors: [outcome.message] }) },
      { status: outcome.status },
    );
  }
  const back = new URL(args.request.url).searchParams;
  back.set("reviewed", "1");
  return redirect(`/admin/audit/break-glass?${back.toString()}`);
}

export default function BreakGlassReview({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { grants, page, pageCount, status, timeZone, canReview } = loaderData;
  const [params] = useSearchParams();
  const href = (target: number): string => {
    const next = new URLSearchParams(params);
    next.delete("reviewed");
    next.set("page", String(target));
    return `?${next.toString()}`;
  };
  return (
    <section aria-labelledby="break-glass-review-title">
      <h1 id="break-glass-review-title">Break-glass review</h1>
      <p>
        <Link to="/admin/audit">Back to the audit log</Link>
      </p>
      {params.get("reviewed") === "1" ? (
        <p className="notice" role="status">
          Marked reviewed.
        </p>
      ) : null}
      <Form method="get" className="panel search-form" aria-label="Filter emergency accesses">
        <div className="field">
          <label htmlFor="break-glass-status">Show</label>
          <select id="break-glass-status" name="status" defaultValue={status}>
            {REVIEW_STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filter</button>
      </Form>
      <BreakGlassReviewList grants={grants} timeZone={timeZone} actionData={actionData} canReview={canReview} />
      <Pagination page={page} pageCount={pageCount} href={href} label="Emergency access pages" />
    </section>
  );
}
