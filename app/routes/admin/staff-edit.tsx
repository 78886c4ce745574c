import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import { formIntent, refusal, replyFor, type IntentReply } from "#app/clinic/form-reply";
import { formatLocalDateTime } from "#app/clinic/local-time";
import { AccountStatusForm, ResetPasswordForm } from "#app/staff/staff-account-forms";
import { StaffDetailsFields } from "#app/staff/staff-details-fields";
import {
  STAFF_EDIT_INTENTS,
  editStaffSchema,
  resetPasswordSchema,
  staffActiveSchema,
  type StaffEditIntent,
} from "#app/staff/staff-forms";
import {
  deactivateStaffMember,
  reactivateStaffMember,
  requireStaffMember,
  resetStaffPassword,
  updateStaffMember,
} from "#app/staff/staff.server";
import { FormErrors } from "#app/ui/fields";
import type { Route } from "./+types/staff-edit";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.member.name ?? "Staff member"} · KAP Care Team` },
];

const NOTICES: Record<StaffEditIntent | "created", string> = {
  created: "Account created. The person must choose their own password at first sign-in.",
  update: "Details saved.",
  "reset-password": "Password reset. They have been signed out and must choose a new password at their next sign-in.",
  deactivate: "Account deactivated and signed out everywhere.",
  reactivate: "Account reactivated.",
};

function isNotice(value: string | null): value is keyof typeof NOTICES {
  return value !== null && Object.hasOwn(NOTICES, value);
}

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const member = await requireStaffMember(getDb(), viewer, args.params.userId);
  const saved = new URL(args.request.url).searchParams.get("saved");
  return {
    member: {
      id: member.id,
      name: member.name,
      email: member.email,
      roles: member.roles,
      credentials: member.credentials,
      licenseNumber: member.licenseNumber,
      npi: member.npi,
      deaNumber: member.deaNumber,
      active: member.active,
      deactivatedAt: member.deactivatedAt ? formatLocalDateTime(member.deactivatedAt, viewer.timeZone) : null,
      mustChangePassword: member.mustChangePassword,
    },
    isSelf: member.id === viewer.id,
    notice: isNotice(saved) ? NOTICES[saved] : null,
  };
}

function saved(userId: string, intent: StaffEditIntent): Response {
  return redirect(`/admin/staff/${userId}?saved=${intent}`);
}

function invalid(intent: StaffEditIntent, result: IntentReply["result"]) {
  return data<IntentReply>({ intent, subject: null, result }, { status: 400 });
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const db = getDb();
  const member = await requireStaffMember(db, viewer, args.params.userId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, STAFF_EDIT_INTENTS);
  switch (intent) {
    case "update": {
      const submission = parseWithZod(formData, { schema: editStaffSchema });
      if (submission.status !== "success") {
        return invalid(intent, submission.reply());
      }
      const result = await updateStaffMember(db, viewer, member, submission.value);
      return result.ok ? saved(member.id, intent) : invalid(intent, submission.reply(refusal(result)));
    }
    case "reset-password": {
      const submission = parseWithZod(formData, { schema: resetPasswordSchema });
      if (submission.status !== "success") {
        return invalid(intent, submission.reply({ hideFields: ["password"] }));
      }
      const result = await resetStaffPassword(db, viewer, member, submission.value.password);
      return result.ok
        ? saved(member.id, intent)
        : invalid(intent, submission.reply({ ...refusal(result), hideFields: ["password"] }));
    }
    case "deactivate":
    case "reactivate": {
      const submission = parseWithZod(formData, { schema: staffActiveSchema });
      if (submission.status !== "success") {
        return invalid(intent, submission.reply());
      }
      const result =
        intent === "deactivate"
          ? await deactivateStaffMember(db, viewer, member)
          : await reactivateStaffMember(db, viewer, member);
      return result.ok ? saved(member.id, intent) : invalid(intent, submission.reply(refusal(result)));
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function EditStaff({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { member, isSelf, notice } = loaderData;
  const location = useLocation();
  const [form, fields] = useForm({
    id: "edit-staff",
    lastResult: replyFor(actionData, "update"),
    defaultValue: member,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: editStaffSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div key={location.key}>
      <h1>
        {member.name}
        {member.credentials ? `, ${member.credentials}` : ""}
      </h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>
        {member.active ? (
          <span className="badge active">Active</span>
        ) : (
          <span className="badge inactive">Deactivated {member.deactivatedAt ?? ""}</span>
        )}
        {member.mustChangePassword ? <span className="hint"> Must choose a new password at next sign-in.</span> : null}
      </p>
      <p className="actions">
        <Link to={`/admin/staff/${member.id}/schedule`}>Working hours and time off</Link>
        <Link to={`/admin/staff/${member.id}/second-factors`}>Second factors</Link>
        <Link to="/admin/staff">All staff</Link>
      </p>
      <section className="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="update" />
          <StaffDetailsFields fields={fields} />
          {isSelf ? <p className="hint">You cannot remove your own admin role.</p> : null}
          <button type="submit">Save details</button>
        </Form>
      </section>
      {isSelf ? null : <ResetPasswordForm member={member} actionData={actionData} />}
      <AccountStatusForm member={member} isSelf={isSelf} actionData={actionData} />
    </div>
  );
}
