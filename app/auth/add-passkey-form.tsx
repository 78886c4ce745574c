import { useRef, useState, type ReactNode } from "react";
import { Form } from "react-router";
import { replyTo } from "./account-security-forms";
import { passkeyAttestation } from "./passkey-client";
import type { StepUpPrompt } from "./step-up";
import { StepUpFields } from "./step-up-fields";

/** Registers a passkey: the browser creates it, then the form sends it with a name to recognise it. */
export function AddPasskeyForm({ prompt, actionData }: { prompt: StepUpPrompt; actionData: unknown }): ReactNode {
  const form = useRef<HTMLFormElement>(null);
  const response = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });
  const reply = replyTo(actionData, "add-passkey");
  const add = async (): Promise<void> => {
    setState({ busy: true, problem: null });
    try {
      const attestation = await passkeyAttestation("/account/security/passkey-options");
      if (response.current && form.current) {
        response.current.value = attestation;
        form.current.requestSubmit();
      }
      setState({ busy: false, problem: null });
    } catch (error) {
      setState({ busy: false, problem: (error as Error).message });
    }
  };
  const message = state.problem ?? reply?.message ?? null;
  return (
    <Form method="post" ref={form}>
      <input type="hidden" name="intent" value="add-passkey" />
      <input type="hidden" name="passkeyResponse" ref={response} />
      {message ? (
        <p className="field-errors" role="alert">
          {message}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="passkey-name">Name of the passkey</label>
        <p id="passkey-name-hint" className="hint">
          To recognise it in this list, e.g. &quot;YubiKey on my keyring&quot; or &quot;Clinic laptop&quot;.
        </p>
        <input id="passkey-name" name="name" maxLength={60} aria-describedby="passkey-name-hint" />
      </div>
      <StepUpFields prompt={prompt} reply={reply} idPrefix="add-passkey" />
      <button type="button" onClick={() => void add()} disabled={state.busy}>
        Add a passkey
      </button>
    </Form>
  );
}
