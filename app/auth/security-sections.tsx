import type { ReactNode } from "react";
import { Form } from "react-router";
import type { StepUpPrompt } from "./step-up";
import { StepUpFields } from "./step-up-fields";
import { replyTo } from "./account-security-forms";

/** Codes shown once, right after they are made. */
export function RecoveryCodesOnce({ codes }: { codes: string[] }): ReactNode {
  return (
    <section className="panel warning" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title">Your recovery codes</h2>
      <p>
        Save these ten codes somewhere safe, away from your phone (print them, or keep them in a password manager). Each
        lets you sign in once without your authenticator app or passkey. <strong>They are shown only now.</strong>
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A form that changes a second factor: its own error line and the step-up fields when asked. */
export function FactorForm({
  intent,
  subject = null,
  label,
  danger,
  prompt,
  actionData,
  children,
}: {
  intent: string;
  subject?: string | null;
  label: string;
  danger?: boolean;
  prompt: StepUpPrompt;
  actionData: unknown;
  children?: ReactNode;
}): ReactNode {
  const reply = replyTo(actionData, intent, subject);
  const idPrefix = subject ? `${intent}-${subject}` : intent;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      {subject ? <input type="hidden" name="subject" value={subject} /> : null}
      {reply?.message ? (
        <p className="field-errors" role="alert">
          {reply.message}
        </p>
      ) : null}
      {children}
      <StepUpFields prompt={prompt} reply={reply} idPrefix={idPrefix} />
      <button type="submit" className={danger ? "danger" : undefined}>
        {label}
      </button>
    </Form>
  );
}
