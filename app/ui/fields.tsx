import {
  getCollectionProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
} from "@conform-to/react";
import type { ReactNode } from "react";

type InputType = "text" | "email" | "password" | "date" | "time" | "tel" | "number" | "search" | "datetime-local";

function Errors({ id, errors }: { id: string; errors?: string[] }): ReactNode {
  return (
    <div id={id} className="field-errors" aria-live="polite">
      {errors?.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

export function TextField({
  field,
  label,
  type = "text",
  hint,
  autoComplete,
  step,
}: {
  field: FieldMetadata<string | number | undefined | null>;
  label: string;
  type?: InputType;
  hint?: string;
  autoComplete?: string;
  step?: string;
}): ReactNode {
  const hintId = `${field.id}-hint`;
  const inputProps = getInputProps(field, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input {...inputProps} key={inputProps.key} autoComplete={autoComplete} step={step} />
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextAreaField({
  field,
  label,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: string;
}): ReactNode {
  const props = getTextareaProps(field);
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <textarea {...props} key={props.key} rows={4} />
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** The select itself, with an empty first option when a placeholder is given. */
function SelectControl({
  field,
  options,
  placeholder,
}: {
  field: FieldMetadata<string | undefined | null>;
  options: { value: string; label: string }[];
  placeholder?: string;
}): ReactNode {
  const props = getSelectProps(field);
  return (
    <select {...props} key={props.key}>
      {placeholder ? <option value="">{placeholder}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

export function SelectField({
  field,
  label,
  options,
  placeholder,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: string;
  options: { value: string; label: string }[];
  placeholder?: string;
}): ReactNode {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <SelectControl field={field} options={options} placeholder={placeholder} />
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] }): ReactNode {
  if (!errors?.length) {
    return null;
  }
  return (
    <div id={id} className="form-errors" role="alert">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

export function CheckboxField({
  field,
  label,
  hint,
}: {
  field: FieldMetadata<boolean | string | undefined | null>;
  label: string;
  hint?: string;
}): ReactNode {
  const hintId = `${field.id}-hint`;
  const inputProps = getInputProps(field, { type: "checkbox", ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field">
      <div className="checkbox">
        <input {...inputProps} key={inputProps.key} />
        <label htmlFor={field.id}>{label}</label>
      </div>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** A group of checkboxes for one list-valued field, e.g. a user's roles; the legend names the group. */
export function CheckboxGroup({
  field,
  legend,
  options,
  hint,
}: {
  field: FieldMetadata<string[] | undefined | null>;
  legend: string;
  options: { value: string; label: string }[];
  hint?: string;
}): ReactNode {
  const hintId = `${field.id}-hint`;
  const inputs = getCollectionProps(field, { type: "checkbox", options: options.map((option) => option.value) });
  return (
    <fieldset className="checkbox-group" aria-describedby={hint ? hintId : undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {inputs.map(({ key, ...props }, index) => (
        <div className="checkbox" key={key}>
          <input {...props} />
          <label htmlFor={props.id}>{options[index]?.label}</label>
        </div>
      ))}
      <Errors id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

/**
 * An input inside a table row: the column header names it for sighted users, the label (read by
 * screen readers, not shown) names the row too, e.g. "Date of dose 3".
 */
export function CellInput({
  field,
  label,
  type = "text",
}: {
  field: FieldMetadata<string | number | undefined | null>;
  label: string;
  type?: InputType;
}): ReactNode {
  const inputProps = getInputProps(field, { type });
  return (
    <div className="cell-field">
      <label htmlFor={field.id} className="visually-hidden">
        {label}
      </label>
      <input {...inputProps} key={inputProps.key} />
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** A select inside a table row; see CellInput. */
export function CellSelect({
  field,
  label,
  options,
  placeholder,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: string;
  options: { value: string; label: string }[];
  placeholder?: string;
}): ReactNode {
  return (
    <div className="cell-field">
      <label htmlFor={field.id} className="visually-hidden">
        {label}
      </label>
      <SelectControl field={field} options={options} placeholder={placeholder} />
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/**
 * One question answered by choosing one option, e.g. a questionnaire item or a 0–5 scale: a fieldset
 * whose legend is the question, with a large touch target per option.
 */
export function RadioGroup({
  field,
  legend,
  options,
  hint,
}: {
  field: FieldMetadata<string | number | undefined | null>;
  legend: ReactNode;
  options: { value: string; label: string }[];
  hint?: string;
}): ReactNode {
  const hintId = `${field.id}-hint`;
  const inputs = getCollectionProps(field, {
    type: "radio",
    options: options.map((option) => option.value),
    ariaDescribedBy: hint ? hintId : undefined,
  });
  return (
    <fieldset className="radio-group">
      <legend>{legend}</legend>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="radio-options">
        {inputs.map(({ key, ...props }, index) => (
          <label className="radio-option" htmlFor={props.id} key={key}>
            <input {...props} />
            <span>{options[index]?.label}</span>
          </label>
        ))}
      </div>
      <Errors id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

/**
 * A number typed on a tablet: a text input with the numeric keypad (inputMode), so no spinner nudges
 * the value and the browser does not silently drop what it cannot parse. The unit sits in the label.
 */
export function NumberField({
  field,
  label,
  inputMode = "numeric",
  hint,
}: {
  field: FieldMetadata<string | number | undefined | null>;
  label: string;
  inputMode?: "numeric" | "decimal";
  hint?: string;
}): ReactNode {
  const hintId = `${field.id}-hint`;
  const inputProps = getInputProps(field, { type: "text", ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="field number-field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input {...inputProps} key={inputProps.key} inputMode={inputMode} autoComplete="off" />
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}
