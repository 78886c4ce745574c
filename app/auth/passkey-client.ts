import { startAuthentication, startRegistration } from "@simplewebauthn/browser";

/**
 * Browser side of passkeys: asks the server for options (it keeps the challenge), lets the browser
 * talk to the authenticator, and returns the response as JSON text for a hidden form field.
 */
async function fetchOptions(url: string, purpose: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    body: new URLSearchParams({ purpose }),
    headers: { Accept: "application/json" },
  });
  const body = (await response.json().catch(() => null)) as { options?: unknown; message?: string } | null;
  if (!response.ok || !body?.options) {
    throw new Error(body?.message ?? "The passkey request could not be started. Reload the page and try again.");
  }
  return body.options;
}

function explain(error: unknown): Error {
  if (error instanceof Error && error.name === "NotAllowedError") {
    return new Error("The passkey request was cancelled or timed out. Try again.");
  }
  return error instanceof Error ? error : new Error("The passkey could not be used.");
}

export async function passkeyAssertion(url: string, purpose: "sign-in" | "step-up"): Promise<string> {
  try {
    const optionsJSON = (await fetchOptions(url, purpose)) as Parameters<typeof startAuthentication>[0]["optionsJSON"];
    return JSON.stringify(await startAuthentication({ optionsJSON }));
  } catch (error) {
    throw explain(error);
  }
}

export async function passkeyAttestation(url: string): Promise<string> {
  try {
    const optionsJSON = (await fetchOptions(url, "register")) as Parameters<typeof startRegistration>[0]["optionsJSON"];
    return JSON.stringify(await startRegistration({ optionsJSON }));
  } catch (error) {
    throw explain(error);
  }
}
