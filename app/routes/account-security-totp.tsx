import type { ReactNode } from "react";
import { data, Form, Link } from "react-router";
import { getDb } from "#db/client";
import type { SecurityReply } from "#app/auth/account-security-forms";
import { beginTotp, confirmTotp } from "#app/auth/account-security.server";
import { CodeField } from "#app/auth/code-field";
import { requirePermission } from "#app/auth/guard.server";
import { FactorForm, RecoveryCodesOnce } from "#app/auth/security-sections";
import { confirmedTotpExists } from "#app/auth/second-factors.server";
import { requireRecentVerification, stepUpPrompt } from "#app/auth/step-up.server";
import { totpEnrolmentView } from "#app/auth/totp.server";
import { formIntent, formString } from "#app/clinic/form-reply";
import type { Route } from "./+types/account-security-totp";

export const meta: Route.MetaFunction = () => [{ title: "Set up an authenticator app · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "use:app");
  const db = getDb();
  const [enrolled, enrolment, prompt] = await Promise.all([
    confirmedTotpExists(db, viewer.id),
    totpEnrolmentView(db, viewer),
    stepUpPrompt(db, viewer),
  ]);
  return { enrolled, enrolment, prompt, mustEnrol: viewer.mustEnrolSecondFactor };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "use:app");
  const db = getDb();
  const formData = await args.request.formData();
  const intent = formIntent(formData, ["start", "confirm"] as const);
  switch (intent) {
    case "start": {
      const stepUp = await requireRecentVerification(db, viewer, formData, {
        action: "enrol:second-factor",
        entityType: "staff_user",
        entityId: viewer.id,
      });
      if (!stepUp.ok) {
        return data<SecurityReply>(
          { intent, subject: null, message: stepUp.message, stepUp: stepUp.stepUp },
          { status: stepUp.status },
        );
      }
      const result = await beginTotp(db, viewer, stepUp.proof);
      return result.ok
        ? ({ intent, subject: null, message: null } satisfies SecurityReply)
        : data<SecurityReply>({ intent, subject: null, message: result.message }, { status: result.status });
    }
    case "confirm": {
      const result = await confirmTotp(db, viewer, formString(formData, "code") ?? "");
      if (!result.ok) {
        return data<SecurityReply>({ intent, subject: null, message: result.message }, { status: result.status });
      }
      return {
        intent: "done",
        subject: null,
        message: "Authenticator app set up. From now on, signing in asks for a code after your password.",
        recoveryCodes: result.recoveryCodes ?? undefined,
      } satisfies SecurityReply;
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function AccountSecurityTotp({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { enrolled, enrolment, prompt, mustEnrol } = loaderData;
  const reply = actionData as SecurityReply | undefined;
  if (reply?.intent === "done" || enrolled) {
    return (
      <section aria-labelledby="totp-title">
        <h1 id="totp-title">Authenticator app</h1>
        <p className="notice" role="status">
          {reply?.message ?? "Your authenticator app is set up."}
        </p>
        {reply?.recoveryCodes ? <RecoveryCodesOnce codes={reply.recoveryCodes} /> : null}
        <p>
          <Link to={mustEnrol ? "/account/security" : "/"}>
            {reply?.recoveryCodes ? "I have saved my recovery codes, continue" : "Continue"}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="totp-title">
      <h1 id="totp-title">Set up an authenticator app</h1>
      {enrolment ? (
        <section className="panel" aria-labelledby="scan-title">
          <h2 id="scan-title">1. Add this account to the app</h2>
          <img
            src={enrolment.qrCodeDataUrl}
            alt="QR code that adds this account to an authenticator app"
            width={220}
            height={220}
          />
          <p>Or type this key into the app (time-based, 6 digits):</p>
          <p>
            <code className="secret-key" aria-label="Secret key">
              {enrolment.secret}
            </code>
          </p>
          <details>
            <summary>Set-up link</summary>
            <p>
              <code className="wrap">{enrolment.uri}</code>
            </p>
          </details>
          <h2>2. Enter the code the app shows</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            {reply?.intent === "confirm" && reply.message ? (
              <p className="field-errors" role="alert">
                {reply.message}
              </p>
            ) : null}
            <CodeField
              id="totp-code"
              name="code"
              label="Code from your authenticator app"
              hint="6 digits; a new one every 30 seconds."
            />
            <button type="submit">Confirm and turn on</button>
          </Form>
        </section>
      ) : (
        <section className="panel" aria-labelledby="start-title">
          <h2 id="start-title">Start</h2>
          <p>You will scan a QR code with the app (or type a key), then enter the code it shows to confirm.</p>
          <FactorForm intent="start" label="Show the QR code" prompt={prompt} actionData={actionData} />
        </section>
      )}
      <p>
        <Link to="/account/security">Back to sign-in security</Link>
      </p>
    </section>
  );
}
