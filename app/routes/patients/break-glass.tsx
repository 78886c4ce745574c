import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect, useSearchParams } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import type { StepUpReply } from "#app/auth/step-up";
import { requireRecentVerification } from "#app/auth/step-up.server";
import { breakTheGlass, endEmergencyAccess } from "#app/break-glass/grants.server";
import { breakGlassRequestSchema } from "#app/break-glass/forms";
import { BreakGlassRequestForm, OpenAccessPanel } from "#app/break-glass/request-form-view";
import { requestPageState } from "#app/break-glass/request-page.server";
import { loadPatientFor } from "#app/patients/access.server";
import { FormErrors } from "#app/ui/fields";
import type { Route } from "./+types/break-glass";

/** What the action answers: the request form's reply, or a sentence for the end-access button. */
type BreakGlassReply = StepUpReply & { intent: string; result?: SubmissionResult<string[]>; message?: string };

export const meta: Route.MetaFunction = () => [{ title: "Emergency access · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "break-glass:patient");
  const db = getDb();
  const onRecord = await loadPatientFor(db, viewer, "break-glass:patient", args.params.patientId);
  return requestPageState(db, viewer, onRecord);
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "break-glass:patient");
  const db = getDb();
  const onRecord = await loadPatientFor(db, viewer, "break-glass:patient", args.params.patientId);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "request") {
    const submission = parseWithZod(formData, { schema: breakGlassRequestSchema });
    if (submission.status !== "success") {
      return data<BreakGlassReply>({ intent, result: submission.reply() }, { status: 400 });
    }
    // Like a signature: the viewer confirms who they are unless they did within the last minutes.
    const patientId = onRecord.patient.id;
    const stepUp = await requireRecentVerification(db, viewer, formData, {
      action: "break-glass:patient",
      entityType: "patient",
      entityId: patientId,
      patientId,
    });
    if (!stepUp.ok) {
      return data<BreakGlassReply>(
        { intent, result: submission.reply({ formErrors: [stepUp.message] }), stepUp: stepUp.stepUp },
        { status: stepUp.status },
      );
    }
    const outcome = await breakTheGlass(db, viewer, onRecord, submission.value, stepUp.proof);
    if (!outcome.ok) {
      return data<BreakGlassReply>(
        { intent, result: submission.reply({ formErrors: [outcome.message] }) },
        { status: outcome.status },
      );
    }
    return redirect(`/patients/${onRecord.patient.id}`);
  }
  if (intent === "end") {
    const outcome = await endEmergencyAccess(db, viewer, onRecord.patient.id);
    if (!outcome.ok) {
      return data<BreakGlassReply>({ intent, message: outcome.message }, { status: outcome.status });
    }
    return redirect(`/patients/${onRecord.patient.id}/break-glass?ended=1`);
  }
  return data<BreakGlassReply>(
    { intent: "unknown", message: "This form sent an action the page does not know." },
    { status: 400 },
  );
}

export default function BreakGlass({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const [searchParams] = useSearchParams();
  const page = loaderData;
  const reply = actionData as BreakGlassReply | undefined;
  return (
    <section aria-labelledby="break-glass-title">
      <h1 id="break-glass-title">Emergency access (break the glass)</h1>
      {searchParams.get("ended") === "1" ? (
        <p className="notice" role="status">
          Emergency access ended.
        </p>
      ) : null}
      <FormErrors id="break-glass-errors" errors={reply?.message ? [reply.message] : undefined} />
      {page.state === "on-team" ? (
        <p>
          You are on this patient&apos;s care team and need no emergency access.{" "}
          <Link to={`/patients/${page.patientId}`}>Open the record</Link>
        </p>
      ) : null}
      {page.state === "open" ? <OpenAccessPanel patientId={page.patientId} until={page.until} /> : null}
      {page.state === "request" ? (
        <>
          <p>
            This patient is not on your care teams. In an emergency you may open their record for {page.minutes}{" "}
            minutes. Use it only when the patient needs care now and their care team cannot give it.
          </p>
          <BreakGlassRequestForm
            minutes={page.minutes}
            lastResult={reply?.result}
            stepUp={page.stepUp}
            stepUpReply={reply ?? null}
          />
        </>
      ) : null}
    </section>
  );
}
