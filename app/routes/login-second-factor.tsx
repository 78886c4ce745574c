import { useState, type ReactNode } from "react";
import { data, Form, Link, redirect, useSubmit } from "react-router";
import { getDb } from "#db/client";
import { CodeField } from "#app/auth/code-field";
import { sessionCookie } from "#app/auth/cookie.server";
import { deviceCookie, readDeviceToken } from "#app/auth/device-cookie.server";
import { safeRedirect } from "#app/auth/forms";
import { requireAnonymous } from "#app/auth/guard.server";
import { passkeyAssertion } from "#app/auth/passkey-client";
import { clearedPendingCookie, loadPendingSignIn, readPendingToken } from "#app/auth/pending-sign-in.server";
import { parseSecondStep } from "#app/auth/second-step-forms";
import { completeSecondStep } from "#app/auth/second-step.server";
import { throttleResponseInit } from "#app/auth/throttle.server";
import type { Route } from "./+types/login-second-factor";

export const meta: Route.MetaFunction = () => [{ title: "Confirm it is you · KAP Care Team" }];

type Reply = { message: string; method: string | null; ended: boolean };

export async function loader(args: Route.LoaderArgs) {
  await requireAnonymous(args);
  const pending = await loadPendingSignIn(getDb(), readPendingToken(args.request));
  if (!pending) {
    throw redirect("/login", { headers: { "Set-Cookie": clearedPendingCookie() } });
  }
  return { methods: pending.methods };
}

export async function action(args: Route.ActionArgs) {
  await requireAnonymous(args);
  const db = getDb();
  const pending = await loadPendingSignIn(db, readPendingToken(args.request));
  if (!pending) {
    return data<Reply>(
      { message: "This sign-in has expired. Sign in again with your password.", method: null, ended: true },
      { status: 400, headers: { "Set-Cookie": clearedPendingCookie() } },
    );
  }
  const formData = await args.request.formData();
  const parsed = parseSecondStep(formData);
  if (!parsed.ok) {
    return data<Reply>(
      { message: parsed.message, method: String(formData.get("intent") ?? ""), ended: false },
      { status: 400 },
    );
  }
  const result = await completeSecondStep(db, pending, parsed.input, {
    ip: args.context.clientIp,
    deviceToken: readDeviceToken(args.request),
    origin: { userAgent: args.request.headers.get("User-Agent"), ip: args.context.clientIp },
  });
  if (!result.ok) {
    const init =
      result.status === 429
        ? throttleResponseInit(result.retryAfterSeconds ?? 1)
        : { status: 400 as const, headers: {} };
    return data<Reply>(
      { message: result.message, method: parsed.input.method, ended: result.ended },
      { ...init, headers: { ...init.headers, ...(result.ended ? { "Set-Cookie": clearedPendingCookie() } : {}) } },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", sessionCookie(result.token, result.expiresAt));
  headers.append("Set-Cookie", deviceCookie(result.deviceToken));
  headers.append("Set-Cookie", clearedPendingCookie());
  // A used recovery code is shown at once, with how many are left.
  const target =
    result.recoveryCodesLeft !== null
      ? `/account/security?recoveryCodeUsed=${result.recoveryCodesLeft}`
      : safeRedirect(new URL(args.request.url).searchParams.get("redirectTo"));
  return redirect(target, { headers });
}

function PasskeyStep({ reply }: { reply: Reply | undefined }): ReactNode {
  const submit = useSubmit();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const response = await passkeyAssertion("/login/second-factor/passkey", "sign-in");
      await submit({ intent: "passkey", passkeyResponse: response }, { method: "post" });
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const message = problem ?? (reply?.method === "passkey" ? reply.message : null);
  return (
    <section aria-labelledby="passkey-step-title">
      <h2 id="passkey-step-title">Passkey</h2>
      {message ? (
        <p className="field-errors" role="alert">
          {message}
        </p>
      ) : null}
      <button type="button" onClick={() => void start()} disabled={busy}>
        Use your passkey
      </button>
    </section>
  );
}

export default function LoginSecondFactor({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { methods } = loaderData;
  const reply = actionData as Reply | undefined;
  if (reply?.ended) {
    return (
      <section className="panel narrow" aria-labelledby="second-factor-title">
        <h1 id="second-factor-title">Confirm it is you</h1>
        <p role="alert">{reply.message}</p>
        <p>
          <Link to="/login">Sign in again</Link>
        </p>
      </section>
    );
  }
  const errorFor = (method: string): string | null => (reply && reply.method === method ? reply.message : null);
  return (
    <section className="panel narrow" aria-labelledby="second-factor-title">
      <h1 id="second-factor-title">Confirm it is you</h1>
      <p>Your password was right. Your account also has a second factor: use it to finish signing in.</p>
      {methods.totp ? (
        <Form method="post">
          <input type="hidden" name="intent" value="totp" />
          <CodeField
            id="code"
            name="code"
            label="Code from your authenticator app"
            hint="The 6-digit code it shows now."
            error={errorFor("totp")}
            autoFocus
          />
          <button type="submit">Continue</button>
        </Form>
      ) : null}
      {methods.passkey ? <PasskeyStep reply={reply} /> : null}
      {methods.recoveryCode ? (
        <details open={reply?.method === "recovery-code"}>
          <summary>Lost your phone or key? Use a recovery code</summary>
          <Form method="post">
            <input type="hidden" name="intent" value="recovery-code" />
            <CodeField
              id="recovery-code"
              name="recoveryCode"
              label="Recovery code"
              hint="One of the ten codes you saved; each works once."
              error={errorFor("recovery-code")}
              kind="recovery"
            />
            <button type="submit" className="secondary">
              Use recovery code
            </button>
          </Form>
        </details>
      ) : null}
      {reply && !reply.method ? <p role="alert">{reply.message}</p> : null}
      <p className="muted">
        No way to confirm? Ask an administrator of your clinic to reset your second factors.{" "}
        <Link to="/login">Start again</Link>
      </p>
    </section>
  );
}
