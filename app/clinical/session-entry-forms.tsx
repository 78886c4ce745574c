import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useEffect, useState, type ReactNode } from "react";
import { Form } from "react-router";
import type { VitalThresholds } from "#db/schema/clinic";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { CheckboxField, FormErrors, NumberField, SelectField, TextAreaField, TextField } from "#app/ui/fields";
import { formatInTimeZone } from "#app/ui/dates";
import { CADSS_ANCHORS, MOAAS_LEVELS } from "./session-checks";
import {
  administrationSchema,
  ADVERSE_EVENT_SEVERITY_VALUES,
  adverseEventSchema,
  CADSS_FIELDS,
  checkSchema,
  dischargeSchema,
  enteredInErrorSchema,
  observationSchema,
  startSchema,
  vitalsSchema,
  type EntryType,
  type SessionIntent,
} from "./session-forms";
import { ADVERSE_EVENT_KINDS, DISCHARGE_CRITERIA, SEVERITY_LABELS } from "./session-rules";
import { vitalAlerts, type Vitals } from "./session-vitals";

/** The session page's answer to a form: which one, its result, and what it needs the user to see. */
export type SessionReply = IntentReply & {
  intent: SessionIntent;
  /** A warning to confirm before the entry is written (a dose other than the order). */
  warning: string | null;
  /** What is missing before the session can start. */
  missing: string[];
};

/** Where a form's time starts: the clinic's date and time when the page was drawn. */
export type Clock = { today: string; nowTime: string; timeZone: string };

type Common = { actionData: SessionReply | undefined; clock: Clock };

const validateOn = { shouldValidate: "onBlur", shouldRevalidate: "onInput" } as const;

function Intent({ intent }: { intent: SessionIntent }): ReactNode {
  return <input type="hidden" name="intent" value={intent} />;
}

/**
 * The time of an entry: it follows the clock (in the clinic's zone) until the user changes it, so a
 * form left open on a tablet still defaults to now. The hidden date goes with it.
 */
function TimeNow({
  field,
  clock,
  label,
  optional = false,
}: {
  field: FieldMetadata<string | undefined | null>;
  clock: Clock;
  label: string;
  optional?: boolean;
}): ReactNode {
  const sent = typeof field.initialValue === "string" && field.initialValue !== "" ? field.initialValue : null;
  const [value, setValue] = useState(sent ?? (optional ? "" : clock.nowTime));
  const [date, setDate] = useState(clock.today);
  const [following, setFollowing] = useState(sent === null && !optional);
  useEffect(() => {
    if (!following) {
      return undefined;
    }
    const tick = (): void => {
      const now = new Date();
      setValue(formatInTimeZone(now, clock.timeZone, "HH:mm"));
      setDate(formatInTimeZone(now, clock.timeZone, "yyyy-MM-dd"));
    };
    tick();
    const timer = setInterval(tick, 15_000);
    return () => clearInterval(timer);
  }, [following, clock.timeZone]);
  const {
    key,
    defaultValue: _defaultValue,
    ...props
  } = getInputProps(field, { type: "time", ariaDescribedBy: `${field.id}-hint` });
  return (
    <div className="field time-field">
      <label htmlFor={field.id}>{label}</label>
      <p id={`${field.id}-hint`} className="hint">
        {optional ? "Leave empty for now." : "Now, unless you change it."} Clinic time ({clock.timeZone}).
      </p>
      <input
        key={key}
        {...props}
        value={value}
        onChange={(event) => {
          setFollowing(false);
          setValue(event.target.value);
        }}
      />
      <input type="hidden" name="date" value={date} />
      <div id={field.errorId} className="field-errors" aria-live="polite">
        {field.errors?.map((error) => (
          <p key={error}>{error}</p>
        ))}
      </div>
    </div>
  );
}

export function StartForm({ actionData, clock }: Common): ReactNode {
  const [form, fields] = useForm({
    id: "start",
    lastResult: replyFor(actionData, "start"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: startSchema }),
    ...validateOn,
  });
  const missing = actionData?.intent === "start" ? actionData.missing : [];
  return (
    <Form method="post" {...getFormProps(form)} className="entry-form">
      <fieldset>
        <legend>Check in and start the session</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        {missing.length > 0 ? (
          <ul className="missing-list">
            {missing.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        ) : null}
        <Intent intent="start" />
        <TimeNow field={fields.time} clock={clock} label="Check-in time" optional />
        <button type="submit" className="big-button">
          Start session
        </button>
      </fieldset>
    </Form>
  );
}

export function AdministrationForm({
  actionData,
  clock,
  givers,
  defaultGiver,
  order,
}: Common & {
  givers: { id: string; name: string }[];
  defaultGiver: string;
  order: { drug: string; route: string; dose: string; doseValue: number };
}): ReactNode {
  const [form, fields] = useForm({
    id: "administration",
    lastResult: replyFor(actionData, "administration"),
    defaultValue: { doseMg: String(order.doseValue), givenBy: defaultGiver },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: administrationSchema }),
    ...validateOn,
  });
  const warning = actionData?.intent === "administration" ? actionData.warning : null;
  return (
    <Form method="post" {...getFormProps(form)} className="entry-form">
      <fieldset>
        <legend>Dose given</legend>
        <p className="hint">
          {order.drug}, {order.route}, as ordered: {order.dose}.
        </p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Intent intent="administration" />
        <TimeNow field={fields.time} clock={clock} label="Time given" />
        <NumberField field={fields.doseMg} label="Dose given (mg)" inputMode="decimal" />
        <TextField field={fields.lotNumber} label="Lot number" autoComplete="off" />
        <SelectField
          field={fields.givenBy}
          label="Given by"
          options={givers.map((person) => ({ value: person.id, label: person.name }))}
          placeholder="Choose who gave it"
        />
        {warning ? (
          <fieldset className="warning">
            <legend>This is not the dose ordered</legend>
            <p>{warning}</p>
            <input type="hidden" name="confirmedDose" value={warning} />
            <CheckboxField field={fields.confirmDose} label="I confirm this dose was given." />
          </fieldset>
        ) : null}
        <button type="submit" className="big-button">
          Record dose
        </button>
      </fieldset>
    </Form>
  );
}

function numberOrNull(value: unknown): number | null {
  if (typeof value !== "string" || value.trim() === "") {
    return null;
  }
  const parsed = Number(value);
  return Number.isInteger(parsed) ? parsed : null;
}

export function VitalsForm({ actionData, clock, thresholds }: Common & { thresholds: VitalThresholds }): ReactNode {
  const [form, fields] = useForm({
    id: "vitals",
    lastResult: replyFor(actionData, "vitals"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: vitalsSchema }),
    ...validateOn,
  });
  const typed: Vitals = {
    systolic: numberOrNull(fields.systolic.value),
    diastolic: numberOrNull(fields.diastolic.value),
    heartRate: numberOrNull(fields.heartRate.value),
    spo2: numberOrNull(fields.spo2.value),
    respiratoryRate: numberOrNull(fields.respiratoryRate.value),
  };
  const preview = vitalAlerts(typed, thresholds);
  return (
    <Form method="post" {...getFormProps(form)} className="entry-form">
      <fieldset>
        <legend>Vital signs</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Intent intent="vitals" />
        <TimeNow field={fields.time} clock={clock} label="Time taken" />
        <div className="vitals-grid">
          <NumberField field={fields.systolic} label="Systolic (mmHg)" />
          <NumberField field={fields.diastolic} label="Diastolic (mmHg)" />
          <NumberField field={fields.heartRate} label="Heart rate (/min)" />
          <NumberField field={fields.spo2} label="SpO₂ (%)" />
          <NumberField field={fields.respiratoryRate} label="Resp. rate (/min)" />
        </div>
        <div className="vitals-preview" aria-live="polite">
          {preview.length > 0 ? (
            <>
              <p>These values will raise an alert:</p>
              <ul>
                {preview.map((alert) => (
                  <li key={alert}>{alert}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        <button type="submit" className="big-button">
          Record vitals
        </button>
      </fieldset>
    </Form>
  );
}

/** A score chosen from a scale, e.g. MOAA/S 0–5 or a CADSS-6 item 0–4; blank means not assessed. */
function ScoreSelect({
  field,
  label,
  options,
  blank,
}: {
  field: FieldMetadata<number | undefined | null>;
  label: string;
  options: { value: string; label: string }[];
  blank: string;
}): ReactNode {
  const { key, ...props } = getSelectProps(field);
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select key={key} {...props}>
        <option value="">{blank}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <div id={field.errorId} className="field-errors" aria-live="polite">
        {field.errors?.map((error) => (
          <p key={error}>{error}</p>
        ))}
      </div>
    </div>
  );
}

export function CheckForm({ actionData, clock }: Common): ReactNode {
  const [form, fields] = useForm({
    id: "check",
    lastResult: replyFor(actionData, "check"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: checkSchema }),
    ...validateOn,
  });
  const anchors = CADSS_ANCHORS.map((anchor) => ({
    value: String(anchor.score),
    label: `${anchor.score} — ${anchor.label}`,
  }));
  return (
    <Form method="post" {...getFormProps(form)} className="entry-form">
      <fieldset>
        <legend>Sedation and dissociation check</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Intent intent="check" />
        <TimeNow field={fields.time} clock={clock} label="Time checked" />
        <ScoreSelect
          field={fields.moaas}
          label="Sedation (MOAA/S)"
          options={MOAAS_LEVELS.map((level) => ({
            value: String(level.score),
            label: `${level.score} — ${level.label}`,
          }))}
          blank="Not assessed"
        />
        <fieldset className="cadss">
          <legend>Dissociation (CADSS-6): score all six items, or none</legend>
          <div className="cadss-grid">
            {CADSS_FIELDS.map((name, index) => (
              <ScoreSelect
                key={name}
                field={fields[name]}
                label={`Item ${index + 1}`}
                options={anchors}
                blank="Not scored"
              />
            ))}
          </div>
        </fieldset>
        <button type="submit" className="big-button">
          Record check
        </button>
      </fieldset>
    </Form>
  );
}

export function ObservationForm({ actionData, clock }: Common): ReactNode {
  const [form, fields] = useForm({
    id: "observation",
    lastResult: replyFor(actionData, "observation"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: observationSchema }),
    ...validateOn,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="entry-form">
      <fieldset>
        <legend>Observation</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Intent intent="observation" />
        <TimeNow field={fields.time} clock={clock} label="Time observed" />
        <TextAreaField field={fields.text} label="What you observed" />
        <button type="submit" className="big-button">
          Record observation
        </button>
      </fieldset>
    </Form>
  );
}

export function AdverseEventForm({ actionData, clock }: Common): ReactNode {
  const [form, fields] = useForm({
    id: "adverse-event",
    lastResult: replyFor(actionData, "adverse-event"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: adverseEventSchema }),
    ...validateOn,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="entry-form">
      <fieldset>
        <legend>Adverse event</legend>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Intent intent="adverse-event" />
        <TimeNow field={fields.time} clock={clock} label="Time it began" />
        <SelectField
          field={fields.kind}
          label="Kind"
          options={ADVERSE_EVENT_KINDS.map((kind) => ({ value: kind.key, label: kind.label }))}
          placeholder="Choose the kind"
        />
        {fields.kind.value === "other" ? (
          <TextField field={fields.otherKind} label="Describe the event" />
        ) : (
          <input type="hidden" name={fields.otherKind.name} value="" />
        )}
        <SelectField
          field={fields.severity}
          label="Severity"
          options={ADVERSE_EVENT_SEVERITY_VALUES.map((value) => ({ value, label: SEVERITY_LABELS[value] }))}
          placeholder="Choose the severity"
        />
        <TextAreaField field={fields.actionTaken} label="Action taken" />
        <CheckboxField field={fields.resolved} label="Resolved" />
        <button type="submit" className="big-button">
          Record adverse event
        </button>
      </fieldset>
    </Form>
  );
}

export function DischargeForm({ actionData, clock, escortName }: Common & { escortName: string }): ReactNode {
  const [form, fields] = useForm({
    id: "discharge",
    lastResult: replyFor(actionData, "discharge"),
    defaultValue: { escortName },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dischargeSchema }),
    ...validateOn,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="entry-form">
      <fieldset>
        <legend>Discharge</legend>
        <p className="hint">Discharge closes the session: nothing can be added to it afterwards.</p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Intent intent="discharge" />
        <TimeNow field={fields.time} clock={clock} label="Discharge time" />
        <fieldset className="checkbox-group">
          <legend>Discharge criteria: all must be met</legend>
          {DISCHARGE_CRITERIA.map((criterion) => (
            <CheckboxField key={criterion.key} field={fields[criterion.key]} label={criterion.label} />
          ))}
        </fieldset>
        <TextField field={fields.escortName} label="Escort's name" autoComplete="off" />
        <TextAreaField field={fields.note} label="Note (optional)" />
        <button type="submit" className="big-button">
          Discharge patient
        </button>
      </fieldset>
    </Form>
  );
}

/** Marks one timeline entry "entered in error": the entry stays, struck through, with the reason. */
export function EnteredInErrorForm({
  actionData,
  entryType,
  entryId,
  what,
}: {
  actionData: SessionReply | undefined;
  entryType: EntryType;
  entryId: string;
  what: string;
}): ReactNode {
  const result = replyFor(actionData, "entered-in-error", entryId);
  const [form, fields] = useForm({
    id: `error-${entryId}`,
    lastResult: result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: enteredInErrorSchema }),
    ...validateOn,
  });
  return (
    <details className="entered-in-error" open={result !== undefined}>
      <summary>
        Mark entered in error<span className="visually-hidden">: {what}</span>
      </summary>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Intent intent="entered-in-error" />
        <input type="hidden" name="entryType" value={entryType} />
        <input type="hidden" name="entryId" value={entryId} />
        <TextField field={fields.reason} label="Why is this entry wrong?" />
        <button type="submit" className="danger">
          Mark entered in error
        </button>
      </Form>
    </details>
  );
}
