import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, redirect } from "react-router";
import { getDb } from "#db/client";
import { isUuid } from "#db/ids";
import { auditActor, notFound, requirePermission } from "#app/auth/guard.server";
import {
  formFromTemplate,
  NEED_LABELS,
  templateFormSchema,
  templateFromForm,
  type TemplateForm,
  type TemplateFormValues,
} from "#app/scheduling/template-form";
import { findTemplate, updateTemplate } from "#app/scheduling/templates.server";
import { CheckboxField, CheckboxGroup, FormErrors, TextField } from "#app/ui/fields";
import type { Route } from "./+types/template-edit";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.name ?? "Template"} · KAP Care Team` },
];

const NEED_OPTIONS = Object.entries(NEED_LABELS).map(([value, label]) => ({ value, label }));

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:templates");
  const stored = isUuid(args.params.templateId)
    ? await findTemplate(getDb(), viewer.clinicId, args.params.templateId)
    : null;
  if (!stored) {
    notFound("This template does not exist.");
  }
  const saved = new URL(args.request.url).searchParams.get("saved");
  return { id: stored.id, name: stored.name, active: stored.active, values: formFromTemplate(stored.template), saved };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:templates");
  const stored = isUuid(args.params.templateId)
    ? await findTemplate(getDb(), viewer.clinicId, args.params.templateId)
    : null;
  if (!stored) {
    notFound("This template does not exist.");
  }
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "retire" || intent === "restore") {
    await updateTemplate(getDb(), auditActor(viewer), stored.id, { active: intent === "restore" });
    return redirect(`/admin/templates/${stored.id}?saved=${intent}`);
  }
  const submission = parseWithZod(formData, { schema: templateFormSchema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: 400 });
  }
  const built = templateFromForm(submission.value);
  if (!built.ok) {
    return data(submission.reply({ fieldErrors: built.fieldErrors }), { status: 400 });
  }
  await updateTemplate(getDb(), auditActor(viewer), stored.id, { template: built.template });
  return redirect(`/admin/templates/${stored.id}?saved=rules`);
}

const SAVED: Record<string, string> = {
  created: "Template created from the standard KAP course.",
  rules: "Rules saved.",
  retire: "Template retired.",
  restore: "Template back in use.",
};

export default function TemplateEdit({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const [form, fields] = useForm<TemplateFormValues, TemplateForm>({
    lastResult: actionData,
    defaultValue: loaderData.values,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: templateFormSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <section aria-labelledby="template-title">
      <h1 id="template-title">{loaderData.name}</h1>
      {loaderData.saved && SAVED[loaderData.saved] ? (
        <p className="notice" role="status">
          {SAVED[loaderData.saved]}
        </p>
      ) : null}
      {!loaderData.active ? <p className="warning">This template is retired: the planner does not offer it.</p> : null}
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="rules" />
        <TextField field={fields.name} label="Name" />
        <fieldset>
          <legend>Preparation sessions</legend>
          <div className="grid-2">
            <TextField field={fields.prepCount} label="How many" type="number" />
            <TextField field={fields.prepMinutes} label="Minutes each" type="number" />
            <TextField field={fields.prepMinDays} label="At least this many days before dose 1" type="number" />
            <TextField field={fields.prepMaxDays} label="At most this many days before dose 1" type="number" />
          </div>
          <CheckboxGroup field={fields.prepNeeds} legend="Who and what must be there" options={NEED_OPTIONS} />
        </fieldset>
        <fieldset>
          <legend>Dosing sessions</legend>
          <div className="grid-2">
            <TextField field={fields.doseCount} label="How many doses" type="number" />
            <TextField field={fields.doseMinutes} label="Minutes each" type="number" />
            <TextField field={fields.doseMinDaysApart} label="At least this many days apart" type="number" />
            <TextField field={fields.doseMaxPerWeek} label="At most this many a week (Monday–Sunday)" type="number" />
            <TextField field={fields.doseMaxCourseDays} label="All doses within this many days" type="number" />
          </div>
          <CheckboxGroup field={fields.doseNeeds} legend="Who and what must be there" options={NEED_OPTIONS} />
        </fieldset>
        <fieldset>
          <legend>Integration sessions</legend>
          <CheckboxField field={fields.integrationAll} label="After every dose" />
          <TextField
            field={fields.integrationAfter}
            label="Otherwise, after these doses"
            hint="Dose numbers separated by commas, e.g. 1, 3, 6."
          />
          <div className="grid-2">
            <TextField field={fields.integrationMinutes} label="Minutes each" type="number" />
            <TextField field={fields.integrationMinDays} label="At least this many days after the dose" type="number" />
            <TextField field={fields.integrationMaxDays} label="At most this many days after the dose" type="number" />
          </div>
          <CheckboxGroup field={fields.integrationNeeds} legend="Who and what must be there" options={NEED_OPTIONS} />
        </fieldset>
        <fieldset>
          <legend>Prescriber checkpoints</legend>
          <div className="grid-2">
            <TextField field={fields.checkpointBefore} label="Before these doses" hint="e.g. 1" />
            <TextField field={fields.checkpointAfter} label="After these doses" hint="e.g. 2" />
            <TextField field={fields.checkpointMinutes} label="Minutes each" type="number" />
          </div>
          <CheckboxGroup field={fields.checkpointNeeds} legend="Who and what must be there" options={NEED_OPTIONS} />
        </fieldset>
        <button type="submit">Save rules</button>
      </Form>
      <Form method="post" className="actions">
        <button type="submit" name="intent" value={loaderData.active ? "retire" : "restore"} className="secondary">
          {loaderData.active ? "Retire this template" : "Use this template again"}
        </button>
      </Form>
    </section>
  );
}
