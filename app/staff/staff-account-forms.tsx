import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, TextField } from "#app/ui/fields";
import { resetPasswordSchema } from "./staff-forms";

type Member = { name: string; active: boolean };

export function ResetPasswordForm({ member, actionData }: { member: Member; actionData?: IntentReply }): ReactNode {
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult: replyFor(actionData, "reset-password"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <section className="panel" aria-labelledby="reset-password-title">
      <h2 id="reset-password-title">Reset password</h2>
      <p>
        {member.name} is signed out everywhere and must choose a new password at their next sign-in. Give them the
        temporary password in private.
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="reset-password" />
        <TextField
          field={fields.password}
          label="Temporary password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
        />
        <button type="submit" className="secondary">
          Reset password
        </button>
      </Form>
    </section>
  );
}

export function AccountStatusForm({
  member,
  isSelf,
  actionData,
}: {
  member: Member;
  isSelf: boolean;
  actionData?: IntentReply;
}): ReactNode {
  const intent = member.active ? "deactivate" : "reactivate";
  const errors = replyFor(actionData, intent)?.error?.[""] ?? undefined;
  return (
    <section className="panel" aria-labelledby="account-status-title">
      <h2 id="account-status-title">{member.active ? "Deactivate account" : "Reactivate account"}</h2>
      <FormErrors errors={errors} />
      {member.active ? (
        isSelf ? (
          <p>You cannot deactivate your own account. Another administrator can.</p>
        ) : (
          <>
            <p>
              {member.name} is signed out at once and can no longer sign in. Nothing they recorded is deleted, and you
              can reactivate the account later.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="deactivate" />
              <button type="submit" className="danger">
                Deactivate {member.name}
              </button>
            </Form>
          </>
        )
      ) : (
        <>
          <p>{member.name} will be able to sign in again with their current password.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reactivate" />
            <button type="submit">Reactivate {member.name}</button>
          </Form>
        </>
      )}
    </section>
  );
}
