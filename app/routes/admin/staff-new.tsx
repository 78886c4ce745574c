import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import { refusal } from "#app/clinic/form-reply";
import { StaffDetailsFields } from "#app/staff/staff-details-fields";
import { newStaffSchema } from "#app/staff/staff-forms";
import { createStaffMember } from "#app/staff/staff.server";
import { FormErrors, TextField } from "#app/ui/fields";
import type { Route } from "./+types/staff-new";

export const meta: Route.MetaFunction = () => [{ title: "New staff member · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  await requirePermission(args, "manage:staff");
  return null;
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const submission = parseWithZod(await args.request.formData(), { schema: newStaffSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const result = await createStaffMember(getDb(), viewer, submission.value);
  if (!result.ok) {
    return data(submission.reply({ ...refusal(result), hideFields: ["password"] }), { status: 400 });
  }
  return redirect(`/admin/staff/${result.id}?saved=created`);
}

export default function NewStaff({ actionData }: Route.ComponentProps): ReactNode {
  const [form, fields] = useForm({
    id: "new-staff",
    lastResult: actionData,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: newStaffSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="new-staff-title">
      <h1 id="new-staff-title">New staff member</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <StaffDetailsFields fields={fields} />
        <fieldset>
          <legend>First sign-in</legend>
          <TextField
            field={fields.password}
            label="Temporary password"
            type="password"
            autoComplete="new-password"
            hint="At least 12 characters. Give it to the person in private; they must choose their own at first sign-in."
          />
        </fieldset>
        <div className="actions">
          <button type="submit">Create account</button>
          <Link to="/admin/staff">Cancel</Link>
        </div>
      </Form>
    </section>
  );
}
