import type { ReactNode } from "react";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import type { SecurityReply } from "#app/auth/account-security-forms";
import { requirePermission } from "#app/auth/guard.server";
import { resetSecondFactors, secondFactorsOfMember } from "#app/auth/second-factor-admin.server";
import { FactorForm } from "#app/auth/security-sections";
import { requireRecentVerification, stepUpPrompt } from "#app/auth/step-up.server";
import { requireStaffMember } from "#app/staff/staff.server";
import type { Route } from "./+types/staff-second-factors";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Second factors of ${loaderData?.member.name ?? "staff member"} · KAP Care Team` },
];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const db = getDb();
  const member = await requireStaffMember(db, viewer, args.params.userId);
  const [factors, prompt] = await Promise.all([secondFactorsOfMember(db, member.id), stepUpPrompt(db, viewer)]);
  return {
    member: { id: member.id, name: member.name },
    isSelf: member.id === viewer.id,
    totp: factors.totp !== null,
    passkeys: factors.passkeys.length,
    recoveryCodesLeft: factors.recoveryCodesLeft,
    prompt,
    reset: new URL(args.request.url).searchParams.get("reset") === "1",
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const db = getDb();
  const member = await requireStaffMember(db, viewer, args.params.userId);
  const formData = await args.request.formData();
  const stepUp = await requireRecentVerification(db, viewer, formData, {
    action: "reset:second-factors",
    entityType: "staff_user",
    entityId: member.id,
  });
  if (!stepUp.ok) {
    return data<SecurityReply>(
      { intent: "reset", subject: null, message: stepUp.message, stepUp: stepUp.stepUp },
      { status: stepUp.status },
    );
  }
  const result = await resetSecondFactors(db, viewer, member, stepUp.proof);
  if (!result.ok) {
    return data<SecurityReply>({ intent: "reset", subject: null, message: result.message }, { status: 400 });
  }
  return redirect(`/admin/staff/${member.id}/second-factors?reset=1`);
}

export default function StaffSecondFactors({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { member, isSelf, totp, passkeys, recoveryCodesLeft, prompt, reset } = loaderData;
  const location = useLocation();
  const none = !totp && passkeys === 0;
  return (
    <section aria-labelledby="member-factors-title" key={location.key}>
      <div className="page-heading">
        <h1 id="member-factors-title">Second factors of {member.name}</h1>
        <Link to={`/admin/staff/${member.id}`}>Back to {member.name}</Link>
      </div>
      {reset ? (
        <p className="notice" role="status">
          Second factors reset. {member.name} was signed out everywhere; if your clinic requires a second factor for
          their role, they set up a new one right after their next sign-in.
        </p>
      ) : null}
      <section className="panel" aria-labelledby="factors-title">
        <h2 id="factors-title">What they use</h2>
        <ul>
          <li>Authenticator app: {totp ? "set up" : "none"}</li>
          <li>Passkeys: {passkeys}</li>
          <li>Unused recovery codes: {recoveryCodesLeft}</li>
        </ul>
        {isSelf ? (
          <p>
            To change your own second factors, use <Link to="/account/security">Account → Security</Link>.
          </p>
        ) : none ? (
          <p>Nothing to reset.</p>
        ) : (
          <>
            <p>
              For a lost phone or key: removes every second factor and recovery code of theirs and signs them out
              everywhere. Check who is asking first.
            </p>
            <FactorForm intent="reset" label="Reset second factors" danger prompt={prompt} actionData={actionData} />
          </>
        )}
      </section>
    </section>
  );
}
