import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { CheckboxField, FormErrors, TextField } from "#app/ui/fields";
import { openingHoursSchema, WEEKDAY_NAMES, WEEKDAYS, type OpeningHoursDay } from "./clinic-forms";
import { replyFor, type IntentReply } from "./form-reply";

export function OpeningHoursForm({
  hours,
  actionData,
}: {
  hours: OpeningHoursDay[];
  actionData?: IntentReply;
}): ReactNode {
  const [form, fields] = useForm({
    id: "opening-hours",
    lastResult: replyFor(actionData, "hours"),
    defaultValue: {
      days: WEEKDAYS.map((weekday) => {
        const day = hours.find((row) => row.weekday === weekday);
        return { open: day !== undefined, opensAt: day?.opensAt ?? "", closesAt: day?.closesAt ?? "" };
      }),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: openingHoursSchema }),
    shouldValidate: "onBlur",
  });
  const days = fields.days.getFieldList();
  return (
    <section className="panel" aria-labelledby="opening-hours-title">
      <h2 id="opening-hours-title">Opening hours</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="hours" />
        <p className="hint">Times are local to the clinic. A day that is not ticked is closed.</p>
        {days.map((day, weekday) => {
          const name = WEEKDAY_NAMES[weekday] ?? "";
          const { open, opensAt, closesAt } = day.getFieldset();
          return (
            <fieldset key={day.key} className="hours-grid">
              <legend>{name}</legend>
              <CheckboxField field={open} label={`Open on ${name}`} />
              <TextField field={opensAt} label="Opens at" type="time" />
              <TextField field={closesAt} label="Closes at" type="time" />
            </fieldset>
          );
        })}
        <div className="actions">
          <button type="submit">Save opening hours</button>
        </div>
      </Form>
    </section>
  );
}
