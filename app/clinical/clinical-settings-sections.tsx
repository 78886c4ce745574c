import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import type { z } from "zod";
import { Form } from "react-router";
import type { VitalThresholds } from "#db/schema/clinic";
import type { RouteOfAdministration } from "#db/schema/clinical-safety";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { CellInput, CellSelect, CheckboxField, FormErrors, TextAreaField, TextField } from "#app/ui/fields";
import {
  addConsentFormSchema,
  doseRangesSchema,
  gatingSchema,
  interactionsSchema,
  retireConsentFormSchema,
  THRESHOLD_FIELDS,
  thresholdsSchema,
} from "./clinical-settings-forms";
import { ADMINISTRATION_ROUTES, ROUTE_LABELS, type DoseLimits, type InteractingClass } from "./clinical-settings";

type Reply = IntentReply | undefined;

const BLANK_CLASS_ROWS = 2;

export function ThresholdsForm({
  thresholds,
  actionData,
}: {
  thresholds: VitalThresholds;
  actionData: Reply;
}): ReactNode {
  const [form, fields] = useForm<z.input<typeof thresholdsSchema>, z.output<typeof thresholdsSchema>>({
    id: "thresholds",
    lastResult: replyFor(actionData, "thresholds"),
    defaultValue: Object.fromEntries(Object.entries(thresholds).map(([key, value]) => [key, String(value)])),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: thresholdsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">Vital-sign alerts</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="thresholds" />
        <p className="hint">During a dosing session, a reading beyond these values raises an alert at once.</p>
        <div className="grid-2">
          {THRESHOLD_FIELDS.map((field) => (
            <TextField
              key={field.key}
              field={fields[field.key]}
              label={`${field.label} (${field.unit})`}
              type="number"
            />
          ))}
        </div>
        <button type="submit">Save alerts</button>
      </Form>
    </section>
  );
}

export function DoseRangesForm({
  ranges,
  reviewed,
  actionData,
}: {
  ranges: Record<RouteOfAdministration, DoseLimits>;
  reviewed: boolean;
  actionData: Reply;
}): ReactNode {
  const [form, fields] = useForm({
    id: "dose-ranges",
    lastResult: replyFor(actionData, "dose-ranges"),
    defaultValue: {
      ranges: Object.fromEntries(
        ADMINISTRATION_ROUTES.map((route) => {
          const range = ranges[route];
          return [
            route,
            {
              dosedBy: range.weightBased ? "weight" : "fixed",
              minMgPerKg: range.weightBased ? String(range.minMgPerKg) : "",
              maxMgPerKg: range.weightBased ? String(range.maxMgPerKg) : "",
              minMg: range.minMg > 0 ? String(range.minMg) : "",
              maxMg: String(range.maxMg),
            },
          ];
        }),
      ),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: doseRangesSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const rows = fields.ranges.getFieldset();
  return (
    <section className="panel" aria-labelledby="dose-ranges-title">
      <h2 id="dose-ranges-title">Dose ranges by route</h2>
      <div className="warning">
        <p>
          <strong>
            {reviewed
              ? "Check these ranges with your medical director."
              : "These are starting values, not clinical advice."}
          </strong>{" "}
          The medical director must review and confirm each range before prescribers rely on it. A dose ordered outside
          its route&apos;s range needs a reason.
        </p>
      </div>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="dose-ranges" />
        <p className="hint">
          Weight-based routes are checked in mg/kg and never above the largest dose. A fixed-dose route (e.g. intranasal
          esketamine, 56 or 84 mg) is checked in mg only.
        </p>
        <div className="table-scroll">
          <table className="dose-ranges">
            <caption>Usual dose range for each route of administration</caption>
            <thead>
              <tr>
                <th scope="col">Route</th>
                <th scope="col">Dosed by</th>
                <th scope="col">Lowest mg/kg</th>
                <th scope="col">Highest mg/kg</th>
                <th scope="col">Lowest dose (mg)</th>
                <th scope="col">Largest dose (mg)</th>
              </tr>
            </thead>
            <tbody>
              {ADMINISTRATION_ROUTES.map((route) => {
                const range = rows[route].getFieldset();
                const label = ROUTE_LABELS[route];
                return (
                  <tr key={route}>
                    <th scope="row">{label}</th>
                    <td>
                      <CellSelect
                        field={range.dosedBy}
                        label={`${label}: dosed by`}
                        options={[
                          { value: "weight", label: "By weight" },
                          { value: "fixed", label: "Fixed dose" },
                        ]}
                      />
                    </td>
                    <td>
                      <CellInput field={range.minMgPerKg} label={`${label}: lowest mg/kg`} type="number" />
                    </td>
                    <td>
                      <CellInput field={range.maxMgPerKg} label={`${label}: highest mg/kg`} type="number" />
                    </td>
                    <td>
                      <CellInput field={range.minMg} label={`${label}: lowest dose in mg`} type="number" />
                    </td>
                    <td>
                      <CellInput field={range.maxMg} label={`${label}: largest dose in mg`} type="number" />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <button type="submit">Save dose ranges</button>
      </Form>
    </section>
  );
}

export function InteractionsForm({
  classes,
  actionData,
}: {
  classes: InteractingClass[];
  actionData: Reply;
}): ReactNode {
  const [form, fields] = useForm({
    id: "interactions",
    lastResult: replyFor(actionData, "interactions"),
    defaultValue: {
      classes: [
        ...classes.map((entry) => ({ className: entry.className, names: entry.names.join(", ") })),
        ...Array.from({ length: BLANK_CLASS_ROWS }, () => ({ className: "", names: "" })),
      ],
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: interactionsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const rows = fields.classes.getFieldList();
  return (
    <section className="panel" aria-labelledby="interactions-title">
      <h2 id="interactions-title">Medications that interact with ketamine</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="interactions" />
        <p className="hint">
          At screening, a medication whose name contains one of these names (as whole words, any case, with or without
          accents) is flagged under its class. List generic and brand names, separated by commas. Clear both boxes of a
          row to remove it; use the empty rows to add a class.
        </p>
        {rows.map((row, index) => {
          const { className, names } = row.getFieldset();
          return (
            <fieldset key={row.key} className="interaction-class">
              <legend>
                {typeof className.initialValue === "string" && className.initialValue
                  ? className.initialValue
                  : `New class ${index + 1 - classes.length}`}
              </legend>
              <TextField field={className} label="Class" />
              <TextAreaField field={names} label="Names" />
            </fieldset>
          );
        })}
        <button type="submit">Save medication list</button>
      </Form>
    </section>
  );
}

export function GatingForm({ gates, actionData }: { gates: boolean; actionData: Reply }): ReactNode {
  const [form, fields] = useForm({
    id: "gating",
    lastResult: replyFor(actionData, "gating"),
    defaultValue: { signOffGatesNextDose: gates ? "on" : "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: gatingSchema }),
  });
  return (
    <section className="panel" aria-labelledby="gating-title">
      <h2 id="gating-title">Sign-off before the next dose</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="gating" />
        <CheckboxField
          field={fields.signOffGatesNextDose}
          label="The next dosing session of a series cannot start until the prescriber has signed off the previous one."
        />
        <button type="submit">Save</button>
      </Form>
    </section>
  );
}

export type ConsentFormRow = { id: string; version: string; body: string; active: boolean; createdAt: string };

function RetireForm({ form: consentForm, actionData }: { form: ConsentFormRow; actionData: Reply }): ReactNode {
  const [form] = useForm({
    id: `retire-${consentForm.id}`,
    lastResult: replyFor(actionData, "retire-consent-form", consentForm.id),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: retireConsentFormSchema }),
  });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="retire-consent-form" />
      <input type="hidden" name="consentFormId" value={consentForm.id} />
      <button type="submit" className="secondary" aria-label={`Retire version ${consentForm.version}`}>
        Retire
      </button>
    </Form>
  );
}

export function ConsentFormsSection({ forms, actionData }: { forms: ConsentFormRow[]; actionData: Reply }): ReactNode {
  const [form, fields] = useForm({
    id: "add-consent-form",
    lastResult: replyFor(actionData, "add-consent-form"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addConsentFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel" aria-labelledby="consent-forms-title">
      <h2 id="consent-forms-title">Consent form versions</h2>
      {forms.length === 0 ? (
        <p>No consent form yet. Add the text your patients sign; consent cannot be recorded until there is one.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>
              Every version of the consent text. Consents signed on a retired version stand; it is no longer offered.
            </caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Added</th>
                <th scope="col">Status</th>
                <th scope="col">Text</th>
                <th scope="col">Retire</th>
              </tr>
            </thead>
            <tbody>
              {forms.map((consentForm) => (
                <tr key={consentForm.id}>
                  <th scope="row">{consentForm.version}</th>
                  <td>{consentForm.createdAt}</td>
                  <td>
                    {consentForm.active ? (
                      <span className="badge active">Offered</span>
                    ) : (
                      <span className="badge inactive">Retired</span>
                    )}
                  </td>
                  <td>
                    <details>
                      <summary>Read version {consentForm.version}</summary>
                      <p className="prewrap">{consentForm.body}</p>
                    </details>
                  </td>
                  <td>{consentForm.active ? <RetireForm form={consentForm} actionData={actionData} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Form method="post" {...getFormProps(form)}>
        <fieldset>
          <legend>Add a version</legend>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="add-consent-form" />
          <TextField
            field={fields.version}
            label="Version name"
            hint="E.g. 2026-03 or v3. Each version keeps its own name."
          />
          <TextAreaField field={fields.body} label="Full text" />
          <button type="submit">Add version</button>
        </fieldset>
      </Form>
    </section>
  );
}
