import type { SecondStepInput } from "./second-step.server";

const MAX_FIELD = 20_000;

function field(formData: FormData, name: string): string | null {
  const value = formData.get(name);
  return typeof value === "string" && value.length > 0 && value.length <= MAX_FIELD ? value : null;
}

/** The answer sent on the second step of signing in, or a sentence saying what is missing. */
export function parseSecondStep(
  formData: FormData,
): { ok: true; input: SecondStepInput } | { ok: false; message: string } {
  const intent = formData.get("intent");
  switch (typeof intent === "string" ? intent : "") {
    case "totp": {
      const code = field(formData, "code");
      return code
        ? { ok: true, input: { method: "totp", code } }
        : { ok: false, message: "Enter the 6-digit code from your authenticator app." };
    }
    case "recovery-code": {
      const code = field(formData, "recoveryCode");
      return code
        ? { ok: true, input: { method: "recovery-code", code } }
        : { ok: false, message: "Enter one of your recovery codes." };
    }
    case "passkey": {
      const response = field(formData, "passkeyResponse");
      return response
        ? { ok: true, input: { method: "passkey", response } }
        : { ok: false, message: "Use your passkey first." };
    }
    default:
      return { ok: false, message: "Choose how to confirm it is you." };
  }
}
