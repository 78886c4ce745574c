import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, redirect } from "react-router";
import { getDb } from "#db/client";
import { changeOwnPassword } from "#app/auth/change-password.server";
import { readDeviceToken } from "#app/auth/device-cookie.server";
import { sessionCookie } from "#app/auth/cookie.server";
import { changePasswordSchema } from "#app/auth/forms";
import { requirePermission } from "#app/auth/guard.server";
import { throttleResponseInit } from "#app/auth/throttle.server";
import { FormErrors, TextField } from "#app/ui/fields";
import type { Route } from "./+types/account-password";

export const meta: Route.MetaFunction = () => [{ title: "Change password · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "use:app");
  return { mustChange: viewer.mustChangePassword };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "use:app");
  const submission = parseWithZod(await args.request.formData(), { schema: changePasswordSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["currentPassword", "newPassword", "confirmPassword"] }), {
      status: 400,
    });
  }
  const result = await changeOwnPassword(getDb(), viewer, submission.value, {
    userAgent: args.request.headers.get("User-Agent"),
    deviceToken: readDeviceToken(args.request),
  });
  if (!result.ok) {
    const reply = submission.reply({
      fieldErrors: { [result.field]: [result.message] },
      hideFields: ["currentPassword", "newPassword", "confirmPassword"],
    });
    return data(reply, result.status === 429 ? throttleResponseInit(result.retryAfterSeconds) : { status: 400 });
  }
  return redirect("/?passwordChanged=1", { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } });
}

export default function AccountPassword({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const [form, fields] = useForm({
    lastResult: actionData,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="panel narrow" aria-labelledby="password-title">
      <h1 id="password-title">Change your password</h1>
      {loaderData.mustChange ? (
        <p className="warning">Your password was reset by an administrator. Choose a new one to continue.</p>
      ) : null}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          field={fields.currentPassword}
          label="Current password"
          type="password"
          autoComplete="current-password"
        />
        <TextField
          field={fields.newPassword}
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. Common passwords, the clinic's name, your name or email address and the demo password are refused."
        />
        <TextField
          field={fields.confirmPassword}
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
        />
        <button type="submit">Change password</button>
      </Form>
    </section>
  );
}
