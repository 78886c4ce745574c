import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import type { StepUpPrompt, StepUpReply } from "#app/auth/step-up";
import { StepUpFields } from "#app/auth/step-up-fields";
import { requireRecentVerification, stepUpPrompt } from "#app/auth/step-up.server";
import type { IntentReply } from "#app/clinic/form-reply";
import { ATTESTATION } from "#app/signoff/review-summary";
import { Item9Alert, ReviewFacts, Timeline } from "#app/signoff/review-ui";
import { signOffSchema } from "#app/signoff/signoff-forms";
import { requireDosingSession, signOffPage, signOffSession } from "#app/signoff/signoff.server";
import { CheckboxField, FormErrors } from "#app/ui/fields";
import type { Route } from "./+types/session";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Sign off ${loaderData?.summary.title ?? "session"} · KAP Care Team` },
];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "sign:session");
  const db = getDb();
  const { record } = await requireDosingSession(db, viewer, args.params.dosingSessionId);
  const page = await signOffPage(db, viewer, record);
  await audit(db, auditActor(viewer), {
    action: "read:clinical",
    entityType: "dosing_session",
    entityId: record.id,
    patientId: record.patient.id,
    detail: { view: "sign-off" },
  });
  return {
    ...page,
    discharged: record.closed,
    seriesId: record.seriesId,
    attestation: ATTESTATION,
    stepUp: await stepUpPrompt(db, viewer),
    notice:
      new URL(args.request.url).searchParams.get("signed") === "1"
        ? "Signed off. The sign-off cannot be changed."
        : null,
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "sign:session");
  const db = getDb();
  const { record } = await requireDosingSession(db, viewer, args.params.dosingSessionId);
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, { schema: signOffSchema });
  if (submission.status !== "success") {
    return data<SignReply>({ intent: "sign", subject: null, result: submission.reply() }, { status: 400 });
  }
  const stepUp = await requireRecentVerification(db, viewer, formData, {
    action: "sign:session",
    entityType: "dosing_session",
    entityId: record.id,
    patientId: record.patient.id,
  });
  if (!stepUp.ok) {
    return data<SignReply>(
      {
        intent: "sign",
        subject: null,
        result: submission.reply({ formErrors: [stepUp.message] }),
        stepUp: stepUp.stepUp,
      },
      { status: stepUp.status },
    );
  }
  const result = await signOffSession(db, viewer, record, submission.value, stepUp.proof);
  if (result.ok) {
    return redirect(`/sign-off/${record.id}?signed=1`);
  }
  return data<SignReply>(
    { intent: "sign", subject: null, result: submission.reply({ formErrors: [result.message] }) },
    { status: result.status },
  );
}

type SignReply = IntentReply & StepUpReply;

function SignForm({
  digest,
  attestation,
  stepUp,
  actionData,
}: {
  digest: string;
  attestation: string;
  stepUp: StepUpPrompt;
  actionData: SignReply | undefined;
}): ReactNode {
  const [form, fields] = useForm({
    id: "sign-off",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signOffSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Sign off this session</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="digest" value={digest} />
        <CheckboxField field={fields.attest} label={attestation} />
        <StepUpFields prompt={stepUp} reply={actionData} idPrefix="sign-off" />
        <button type="submit">Sign off</button>
      </fieldset>
    </Form>
  );
}

export default function SignOffSessionPage({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { summary, digest, signed, discharged, seriesId, attestation, notice, stepUp } = loaderData;
  const location = useLocation();
  return (
    <section aria-labelledby="signoff-title" key={location.key}>
      <div className="page-heading">
        <h1 id="signoff-title">
          {summary.title} of {summary.patient.name}, {summary.date}
        </h1>
        <Link to="/sign-off">Back to the sign-off queue</Link>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <Item9Alert alert={summary.item9Alert} />
      <section className="panel" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <p>
          MRN {summary.patient.mrn} · <Link to={`/patients/${summary.patient.id}`}>Patient</Link>
          {seriesId ? (
            <>
              {" · "}
              <Link to={`/series/${seriesId}`}>Series</Link>
            </>
          ) : null}
        </p>
        <ReviewFacts summary={summary} />
      </section>
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">The full record</h2>
        <Timeline summary={summary} />
      </section>
      <section className="panel" aria-labelledby="attest-title">
        <h2 id="attest-title">Sign-off</h2>
        {signed ? (
          <p>
            Signed off by {signed.by} on {signed.at}: “{signed.attestation}”
          </p>
        ) : discharged ? (
          <SignForm digest={digest} attestation={attestation} stepUp={stepUp} actionData={actionData} />
        ) : (
          <p>This session has not been discharged yet. It can be signed off once the nurse records the discharge.</p>
        )}
      </section>
    </section>
  );
}
