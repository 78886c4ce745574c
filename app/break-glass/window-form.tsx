import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, NumberField } from "#app/ui/fields";
import { breakGlassWindowSchema } from "./forms";
import { BREAK_GLASS_MINUTES } from "./window";

/** The clinical settings section for how long an emergency (break-glass) access lasts. */
export function BreakGlassWindowForm({
  minutes,
  actionData,
}: {
  minutes: number;
  actionData: IntentReply | undefined;
}): ReactNode {
  const [form, fields] = useForm({
    id: "break-glass",
    lastResult: replyFor(actionData, "break-glass"),
    defaultValue: { minutes: String(minutes) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: breakGlassWindowSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="break-glass-window-title">
      <h2 id="break-glass-window-title">Emergency access (break the glass)</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="break-glass" />
        <NumberField
          field={fields.minutes}
          label="Emergency access lasts (minutes)"
          hint={`A clinician outside a patient's care team who breaks the glass may open the record this long (${BREAK_GLASS_MINUTES.min}–${BREAK_GLASS_MINUTES.max} minutes).`}
        />
        <button type="submit">Save</button>
      </Form>
    </section>
  );
}
