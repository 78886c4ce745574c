import type { ReactNode } from "react";
import { data, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import type { SecurityReply } from "#app/auth/account-security-forms";
import { requirePermission } from "#app/auth/guard.server";
import { clinicSecondFactorRequirement, saveSecondFactorRequirement } from "#app/auth/second-factor-admin.server";
import {
  isSecondFactorRequirement,
  SECOND_FACTOR_REQUIREMENT_LABELS,
  SECOND_FACTOR_REQUIREMENTS,
} from "#app/auth/second-factor-policy";
import { FactorForm } from "#app/auth/security-sections";
import { requireRecentVerification, stepUpPrompt } from "#app/auth/step-up.server";
import type { Route } from "./+types/sign-in-security";

export const meta: Route.MetaFunction = () => [{ title: "Sign-in security · KAP Care Team" }];

const HINTS = {
  "prescribers-and-admins": "Prescribers sign clearances, orders and sign-offs; admins manage who may do what.",
  everyone: "Every member of staff, front desk included.",
  optional: "Anyone may sign in with a password alone. Signatures still ask again after 5 minutes.",
} as const;

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:clinic");
  const db = getDb();
  const [requirement, prompt] = await Promise.all([
    clinicSecondFactorRequirement(db, viewer.clinicId),
    stepUpPrompt(db, viewer),
  ]);
  return { requirement, prompt, saved: new URL(args.request.url).searchParams.get("saved") === "1" };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:clinic");
  const db = getDb();
  const formData = await args.request.formData();
  const requirement = formData.get("requirement");
  if (!isSecondFactorRequirement(requirement)) {
    return data<SecurityReply>(
      { intent: "requirement", subject: null, message: "Choose who must have a second factor." },
      { status: 400 },
    );
  }
  const stepUp = await requireRecentVerification(db, viewer, formData, {
    action: "manage:clinic",
    entityType: "clinic",
    entityId: viewer.clinicId,
  });
  if (!stepUp.ok) {
    return data<SecurityReply>(
      { intent: "requirement", subject: null, message: stepUp.message, stepUp: stepUp.stepUp },
      { status: stepUp.status },
    );
  }
  await saveSecondFactorRequirement(db, viewer, requirement);
  return redirect("/admin/sign-in-security?saved=1");
}

export default function SignInSecurity({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { requirement, prompt, saved } = loaderData;
  const location = useLocation();
  return (
    <section aria-labelledby="sign-in-security-title" key={location.key}>
      <div className="page-heading">
        <h1 id="sign-in-security-title">Sign-in security</h1>
      </div>
      {saved ? (
        <p className="notice" role="status">
          Saved. It applies at once: anyone it now covers who has no second factor is asked to set one up before
          anything else.
        </p>
      ) : null}
      <section className="panel" aria-labelledby="requirement-title">
        <h2 id="requirement-title">Second factor</h2>
        <p>
          After the password, a code from an authenticator app or a passkey. Staff without one are sent to set it up
          right after signing in. Lost phone? An admin can reset a person&apos;s second factors on their staff page.
        </p>
        <FactorForm intent="requirement" label="Save" prompt={prompt} actionData={actionData}>
          <fieldset>
            <legend>Who must have a second factor</legend>
            {SECOND_FACTOR_REQUIREMENTS.map((value) => (
              <div className="choice" key={value}>
                <input
                  type="radio"
                  id={`requirement-${value}`}
                  name="requirement"
                  value={value}
                  defaultChecked={value === requirement}
                  aria-describedby={`requirement-${value}-hint`}
                />
                <label htmlFor={`requirement-${value}`}>{SECOND_FACTOR_REQUIREMENT_LABELS[value]}</label>
                <p id={`requirement-${value}-hint`} className="hint">
                  {HINTS[value]}
                </p>
              </div>
            ))}
          </fieldset>
        </FactorForm>
      </section>
    </section>
  );
}
