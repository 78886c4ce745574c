import { useState, type ReactNode } from "react";
import { CodeField } from "./code-field";
import { passkeyAssertion } from "./passkey-client";
import {
  STEP_UP_FIELDS,
  STEP_UP_METHOD_LABELS,
  type StepUpMethod,
  type StepUpPrompt,
  type StepUpReply,
} from "./step-up";

export const STEP_UP_PASSKEY_OPTIONS_URL = "/account/security/passkey-options";

function PasskeyConfirm({ onReady }: { onReady: (response: string) => void }): ReactNode {
  const [state, setState] = useState<{ busy: boolean; problem: string | null; ready: boolean }>({
    busy: false,
    problem: null,
    ready: false,
  });
  const start = async (): Promise<void> => {
    setState({ busy: true, problem: null, ready: false });
    try {
      onReady(await passkeyAssertion(STEP_UP_PASSKEY_OPTIONS_URL, "step-up"));
      setState({ busy: false, problem: null, ready: true });
    } catch (error) {
      setState({ busy: false, problem: (error as Error).message, ready: false });
    }
  };
  return (
    <div className="field">
      <button type="button" className="secondary" onClick={() => void start()} disabled={state.busy}>
        Use your passkey
      </button>
      <p aria-live="polite" className={state.problem ? "field-errors" : "hint"}>
        {state.problem ?? (state.ready ? "Passkey confirmed. Now submit the form." : "")}
      </p>
    </div>
  );
}

/**
 * The second factor (or password) a signature form asks for when the login session's last
 * verification is older than the step-up window; nothing at all within it. The action checks again
 * with requireRecentVerification, and its reply (stepUp) shows the fields when time ran out meanwhile.
 */
export function StepUpFields({
  prompt,
  reply,
  idPrefix,
}: {
  prompt: StepUpPrompt | null | undefined;
  reply?: StepUpReply | null;
  idPrefix: string;
}): ReactNode {
  const effective = reply?.stepUp ?? prompt;
  const methods = effective?.methods ?? [];
  const [method, setMethod] = useState<StepUpMethod>(methods[0] ?? "password");
  const [passkeyResponse, setPasskeyResponse] = useState("");
  if (!effective?.required || methods.length === 0) {
    return null;
  }
  const chosen = methods.includes(method) ? method : methods[0]!;
  return (
    <fieldset className="step-up">
      <legend>Confirm it is you</legend>
      <p className="hint">
        Your last confirmation was more than {effective.windowMinutes} minutes ago: signing asks for it again.
      </p>
      {methods.length > 1 ? (
        <fieldset className="choices">
          <legend>How to confirm</legend>
          {methods.map((candidate) => (
            <span key={candidate}>
              <input
                type="radio"
                id={`${idPrefix}-step-up-${candidate}`}
                name={STEP_UP_FIELDS.method}
                value={candidate}
                checked={chosen === candidate}
                onChange={() => setMethod(candidate)}
              />{" "}
              <label htmlFor={`${idPrefix}-step-up-${candidate}`}>{STEP_UP_METHOD_LABELS[candidate]}</label>
            </span>
          ))}
        </fieldset>
      ) : (
        <input type="hidden" name={STEP_UP_FIELDS.method} value={chosen} />
      )}
      {chosen === "totp" ? (
        <CodeField
          id={`${idPrefix}-step-up-code`}
          name={STEP_UP_FIELDS.code}
          label="Code from your authenticator app"
          hint="The 6-digit code it shows now."
        />
      ) : null}
      {chosen === "recovery-code" ? (
        <CodeField
          id={`${idPrefix}-step-up-recovery`}
          name={STEP_UP_FIELDS.recoveryCode}
          label="Recovery code"
          kind="recovery"
        />
      ) : null}
      {chosen === "password" ? (
        <CodeField
          id={`${idPrefix}-step-up-password`}
          name={STEP_UP_FIELDS.password}
          label="Your password"
          hint="The password you sign in with, to confirm it is you signing."
          kind="password"
        />
      ) : null}
      {chosen === "passkey" ? (
        <>
          <input type="hidden" name={STEP_UP_FIELDS.passkey} value={passkeyResponse} />
          <PasskeyConfirm onReady={setPasskeyResponse} />
        </>
      ) : null}
    </fieldset>
  );
}
