import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import { WEEKDAY_NAMES, WEEKDAYS } from "#app/clinic/clinic-forms";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, SelectField, TextField } from "#app/ui/fields";
import { addWorkingHoursSchema } from "./schedule-forms";
import type { WorkingInterval } from "./schedule.server";

function AddHoursForm({ actionData }: { actionData?: IntentReply }): ReactNode {
  const [form, fields] = useForm({
    id: "add-hours",
    lastResult: replyFor(actionData, "add-hours"),
    defaultValue: { weekday: "1", startsAt: "09:00", endsAt: "17:00" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addWorkingHoursSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Add working hours</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="add-hours" />
        <div className="grid-2">
          <SelectField
            field={fields.weekday}
            label="Weekday"
            options={WEEKDAYS.map((day) => ({ value: String(day), label: WEEKDAY_NAMES[day] }))}
          />
          <TextField field={fields.startsAt} label="From" type="time" />
          <TextField field={fields.endsAt} label="Until" type="time" />
        </div>
        <p className="hint">Add several intervals to one day for a split shift; they may not overlap.</p>
        <button type="submit">Add hours</button>
      </fieldset>
    </Form>
  );
}

export function WorkingHoursSection({
  hours,
  timeZone,
  actionData,
}: {
  hours: WorkingInterval[];
  timeZone: string;
  actionData?: IntentReply;
}): ReactNode {
  return (
    <section className="panel" aria-labelledby="working-hours-title">
      <h2 id="working-hours-title">Weekly working hours</h2>
      <table>
        <caption>
          Working hours by weekday, in the clinic&apos;s time ({timeZone}). A day with no hours is a day off.
        </caption>
        <thead>
          <tr>
            <th scope="col">Weekday</th>
            <th scope="col">Hours</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((weekday) => {
            const intervals = hours.filter((interval) => interval.weekday === weekday);
            return (
              <tr key={weekday}>
                <th scope="row">{WEEKDAY_NAMES[weekday]}</th>
                <td>
                  {intervals.length === 0 ? <span className="hint">Not working</span> : null}
                  {intervals.map((interval) => (
                    <Form method="post" className="inline-form" key={interval.id}>
                      <input type="hidden" name="intent" value="remove-hours" />
                      <input type="hidden" name="intervalId" value={interval.id} />
                      <span>
                        {interval.startsAt}–{interval.endsAt}
                      </span>
                      <button type="submit" className="link-button">
                        Remove
                        <span className="visually-hidden">
                          {" "}
                          {WEEKDAY_NAMES[weekday]} {interval.startsAt}–{interval.endsAt}
                        </span>
                      </button>
                    </Form>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <AddHoursForm actionData={actionData} />
    </section>
  );
}
