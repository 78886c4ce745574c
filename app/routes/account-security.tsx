import type { ReactNode } from "react";
import { data, Link, useLocation } from "react-router";
import { getDb } from "#db/client";
import { ACCOUNT_SECURITY_INTENTS, SECURITY_NOTICES, type SecurityReply } from "#app/auth/account-security-forms";
import { addPasskey, regenerateRecoveryCodes, removeFactor } from "#app/auth/account-security.server";
import { AddPasskeyForm } from "#app/auth/add-passkey-form";
import { requirePermission } from "#app/auth/guard.server";
import { secondFactorRequiredFor, factorsOf } from "#app/auth/second-factors.server";
import { FactorForm, RecoveryCodesOnce } from "#app/auth/security-sections";
import { requireRecentVerification, stepUpPrompt } from "#app/auth/step-up.server";
import { formIntent, formString } from "#app/clinic/form-reply";
import { formatLocalDateTime } from "#app/clinic/local-time";
import type { Route } from "./+types/account-security";

export const meta: Route.MetaFunction = () => [{ title: "Sign-in security · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "use:app");
  const db = getDb();
  const [factors, required, prompt] = await Promise.all([
    factorsOf(db, viewer.id),
    secondFactorRequiredFor(db, viewer),
    stepUpPrompt(db, viewer),
  ]);
  const url = new URL(args.request.url);
  const used = url.searchParams.get("recoveryCodeUsed");
  const saved = url.searchParams.get("saved");
  const at = (date: Date | null): string | null => (date ? formatLocalDateTime(date, viewer.timeZone) : null);
  return {
    mustEnrol: viewer.mustEnrolSecondFactor,
    required,
    prompt,
    totp: factors.totp ? { since: at(factors.totp.confirmedAt) } : null,
    passkeys: factors.passkeys.map((passkey) => ({
      id: passkey.id,
      name: passkey.name,
      since: at(passkey.createdAt),
      lastUsed: at(passkey.lastUsedAt),
    })),
    recoveryCodesLeft: factors.recoveryCodesLeft,
    recoveryCodeUsed: used !== null && /^\d{1,2}$/u.test(used) ? Number(used) : null,
    notice: saved && Object.hasOwn(SECURITY_NOTICES, saved) ? SECURITY_NOTICES[saved] : null,
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "use:app");
  const db = getDb();
  const formData = await args.request.formData();
  const intent = formIntent(formData, ACCOUNT_SECURITY_INTENTS);
  if (intent === null) {
    throw data("This form sent an action the page does not know.", { status: 400 });
  }
  const subject = intent === "remove-passkey" ? formString(formData, "subject") : null;
  const stepUp = await requireRecentVerification(db, viewer, formData, {
    action: `${intent}:second-factor`,
    entityType: "staff_user",
    entityId: viewer.id,
  });
  if (!stepUp.ok) {
    return data<SecurityReply>(
      { intent, subject, message: stepUp.message, stepUp: stepUp.stepUp },
      { status: stepUp.status },
    );
  }
  const result =
    intent === "remove-totp"
      ? await removeFactor(db, viewer, { kind: "totp" }, stepUp.proof)
      : intent === "remove-passkey"
        ? await removeFactor(db, viewer, { kind: "passkey", passkeyId: subject ?? "" }, stepUp.proof)
        : intent === "add-passkey"
          ? await addPasskey(
              db,
              viewer,
              { response: formString(formData, "passkeyResponse") ?? "", name: formString(formData, "name") ?? "" },
              stepUp.proof,
            )
          : await regenerateRecoveryCodes(db, viewer, stepUp.proof);
  if (!result.ok) {
    return data<SecurityReply>({ intent, subject, message: result.message }, { status: result.status });
  }
  const done: Record<typeof intent, string> = {
    "remove-totp": "Authenticator app removed.",
    "remove-passkey": "Passkey removed.",
    "add-passkey": "Passkey added. From now on, signing in asks for it after your password.",
    "regenerate-recovery-codes": "New recovery codes made: the old ones no longer work.",
  };
  return {
    intent: "done",
    subject: null,
    message: done[intent],
    recoveryCodes: result.recoveryCodes ?? undefined,
  } satisfies SecurityReply;
}

export default function AccountSecurity({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { mustEnrol, required, prompt, totp, passkeys, recoveryCodesLeft, recoveryCodeUsed, notice } = loaderData;
  const location = useLocation();
  const reply = actionData as SecurityReply | undefined;
  const done = reply?.intent === "done" ? reply : null;
  const factorCount = (totp ? 1 : 0) + passkeys.length;
  return (
    <section aria-labelledby="security-title" key={location.key}>
      <div className="page-heading">
        <h1 id="security-title">Sign-in security</h1>
      </div>
      {mustEnrol ? (
        <p className="warning" role="status">
          Your clinic requires a second factor for your role. Set up an authenticator app or a passkey to continue:
          until then, this is the only page open to you.
        </p>
      ) : null}
      {recoveryCodeUsed !== null ? (
        <p className="warning" role="status">
          You signed in with a recovery code; it no longer works. {recoveryCodeUsed}{" "}
          {recoveryCodeUsed === 1 ? "code is" : "codes are"} left. If your phone or key is lost, remove it below and
          make new codes.
        </p>
      ) : null}
      {notice || done?.message ? (
        <p className="notice" role="status">
          {done?.message ?? notice}
        </p>
      ) : null}
      {done?.recoveryCodes ? <RecoveryCodesOnce codes={done.recoveryCodes} /> : null}
      <section className="panel" aria-labelledby="totp-title">
        <h2 id="totp-title">Authenticator app</h2>
        {totp ? (
          <>
            <p>Set up on {totp.since}.</p>
            {required && factorCount === 1 ? (
              <p className="hint">Your clinic requires a second factor: add a passkey before removing the app.</p>
            ) : null}
            <FactorForm
              intent="remove-totp"
              label="Remove the authenticator app"
              danger
              prompt={prompt}
              actionData={actionData}
            />
          </>
        ) : (
          <p>
            An app such as Google Authenticator, Microsoft Authenticator or 1Password shows a new 6-digit code every 30
            seconds. <Link to="/account/security/totp">Set up an authenticator app</Link>
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">Passkeys</h2>
        {passkeys.length === 0 ? (
          <p>
            No passkey yet. A security key or your computer&apos;s fingerprint or face sign-in can confirm it is you.
          </p>
        ) : (
          <ul className="plain-list">
            {passkeys.map((passkey) => (
              <li key={passkey.id}>
                <strong>{passkey.name}</strong>, added {passkey.since}
                {passkey.lastUsed ? `, last used ${passkey.lastUsed}` : ", not used yet"}
                <FactorForm
                  intent="remove-passkey"
                  subject={passkey.id}
                  label={`Remove ${passkey.name}`}
                  danger
                  prompt={prompt}
                  actionData={actionData}
                />
              </li>
            ))}
          </ul>
        )}
        <AddPasskeyForm prompt={prompt} actionData={actionData} />
      </section>
      <section className="panel" aria-labelledby="recovery-title">
        <h2 id="recovery-title">Recovery codes</h2>
        {factorCount === 0 ? (
          <p>You get ten recovery codes when you set up your first authenticator app or passkey.</p>
        ) : (
          <>
            <p>
              {recoveryCodesLeft} of 10 unused. Each lets you sign in once without your app or passkey. Making new ones
              ends the old ones.
            </p>
            <FactorForm
              intent="regenerate-recovery-codes"
              label="Make new recovery codes"
              prompt={prompt}
              actionData={actionData}
            />
          </>
        )}
      </section>
    </section>
  );
}
