import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useMemo, type ReactNode } from "react";
import { Form } from "react-router";
import { FormErrors, SelectField, TextField } from "#app/ui/fields";
import { clinicDetailsSchema } from "./clinic-forms";
import type { ClinicDetails } from "./clinic-settings.server";
import { replyFor, type IntentReply } from "./form-reply";

export function ClinicDetailsForm({
  details,
  timeZones,
  actionData,
}: {
  details: ClinicDetails;
  timeZones: string[];
  actionData?: IntentReply;
}): ReactNode {
  const schema = useMemo(() => clinicDetailsSchema(timeZones), [timeZones]);
  const [form, fields] = useForm({
    id: "clinic-details",
    lastResult: replyFor(actionData, "details"),
    defaultValue: details,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
  });
  return (
    <section className="panel" aria-labelledby="clinic-details-title">
      <h2 id="clinic-details-title">Clinic details</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="details" />
        <div className="grid-2">
          <TextField field={fields.name} label="Clinic name" autoComplete="organization" />
          <SelectField
            field={fields.timeZone}
            label="Time zone"
            options={timeZones.map((zone) => ({ value: zone, label: zone.replaceAll("_", " ") }))}
          />
        </div>
        <p className="hint">Every date and time in the app is shown and planned in this zone.</p>
        <div className="actions">
          <button type="submit">Save clinic details</button>
        </div>
      </Form>
    </section>
  );
}
