import { getFormProps, getInputProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import type { Instrument } from "#db/schema/measures";
import { FormErrors, RadioGroup, SelectField, TextField } from "#app/ui/fields";
import {
  INSTRUMENT_DEFINITIONS,
  MEASURE_CONTEXT_LABELS,
  MEASURE_CONTEXT_VALUES,
  type MeasureContext,
} from "./instruments";
import { itemField, measureFormSchema } from "./measure-forms";

export type MeasureFormDefaults = { context: MeasureContext; appointmentId: string; completedAt: string };

/**
 * A questionnaire entered item by item: one fieldset per item, its legend the item's wording, one
 * radio per answer. The answers are scored on the server; nothing is saved unless every item is answered.
 */
export function MeasureForm({
  instrument,
  sessions,
  defaults,
  lastResult,
}: {
  instrument: Instrument;
  sessions: { id: string; label: string }[];
  defaults: MeasureFormDefaults;
  lastResult?: SubmissionResult<string[]>;
}): ReactNode {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const schema = measureFormSchema(instrument);
  const [form, fields] = useForm({
    id: `measure-${instrument}`,
    lastResult,
    defaultValue: { instrument, ...defaults },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const options = definition.options.map((option) => ({
    value: String(option.value),
    label: `${option.label} (${option.value})`,
  }));
  // The item fields are built from the instrument at run time, so the schema's static type does not name them.
  const itemFields = fields as unknown as Record<string, FieldMetadata<number>>;
  const item = (number: number): FieldMetadata<number> => itemFields[itemField(number)]!;
  return (
    <Form method="post" {...getFormProps(form)} className="measure-form">
      <input {...getInputProps(fields.instrument, { type: "hidden" })} key={fields.instrument.key} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>When and where it was given</legend>
        <div className="grid-2">
          <TextField
            field={fields.completedAt}
            label="Completed at"
            type="datetime-local"
            hint="The clinic's local time."
          />
          <SelectField
            field={fields.context}
            label="Context"
            options={MEASURE_CONTEXT_VALUES.map((value) => ({ value, label: MEASURE_CONTEXT_LABELS[value] }))}
          />
          <SelectField
            field={fields.appointmentId}
            label="Session"
            options={sessions.map((session) => ({ value: session.id, label: session.label }))}
            placeholder="None (not for a session)"
          />
        </div>
      </fieldset>
      <fieldset className="measure-items">
        <legend>{definition.stem}</legend>
        {definition.items.map((entry) => (
          <RadioGroup
            key={entry.number}
            field={item(entry.number)}
            legend={`${entry.number}. ${entry.text}`}
            options={options}
          />
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit">Save {definition.name}</button>
      </div>
    </Form>
  );
}
