import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import type { z } from "zod";
import { Form } from "react-router";
import type { StepUpPrompt, StepUpReply } from "#app/auth/step-up";
import { StepUpFields } from "#app/auth/step-up-fields";
import type { IntentReply } from "#app/clinic/form-reply";
import { CellInput, CheckboxField, FormErrors, RadioGroup, TextAreaField, TextField } from "#app/ui/fields";
import {
  CONTRAINDICATIONS,
  presentContraindications,
  SCREENING_INTENTS,
  screeningSchema,
  type ScreeningContent,
} from "./screening-forms";
import type { ScreeningState } from "./screening.server";

export type ScreeningReply = IntentReply & StepUpReply & { warnings: string[] };

/** What the page knows of the screening, as the loader sends it. */
export type ScreeningPageView = {
  state: ScreeningState;
  version: number;
  content: ScreeningContent;
  medications: { name: string; dose: string; interactionClass: string | null }[];
  warnings: string[];
  signedBy: string | null;
  signedAt: string | null;
  updatedAt: string | null;
};

const BLANK_MEDICATION_ROWS = 3;

export const SCREENING_STATE_LABELS: Record<ScreeningState, string> = {
  missing: "Not started",
  draft: "Draft, not signed",
  cleared: "Cleared for dosing",
  not_cleared: "Not cleared",
};

function isScreeningReply(actionData: unknown): actionData is ScreeningReply {
  const intent = (actionData as { intent?: unknown } | undefined)?.intent;
  return typeof intent === "string" && (SCREENING_INTENTS as readonly string[]).includes(intent);
}

function Warnings({ warnings, present }: { warnings: readonly string[]; present: readonly string[] }): ReactNode {
  if (warnings.length === 0 && present.length === 0) {
    return null;
  }
  return (
    <section className="warning" aria-labelledby="screening-warnings-title">
      <h3 id="screening-warnings-title">Contraindications present and interacting medications</h3>
      <ul>
        {present.map((label) => (
          <li key={label}>Contraindication present: {label}.</li>
        ))}
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </section>
  );
}

function formDefaults(view: ScreeningPageView | null) {
  const content = view?.content;
  const contraindications = Object.fromEntries(
    CONTRAINDICATIONS.map((item) => {
      const answer = content?.contraindications[item.key];
      return [
        item.key,
        { answer: answer ? (answer.present ? "present" : "absent") : undefined, note: answer?.note ?? "" },
      ];
    }),
  );
  const blank = Array.from({ length: BLANK_MEDICATION_ROWS }, () => ({ name: "", dose: "" }));
  return {
    contraindications,
    medications: [...(content?.medications ?? []), ...blank],
    baselineSystolic: content?.baselineSystolic?.toString() ?? "",
    baselineDiastolic: content?.baselineDiastolic?.toString() ?? "",
    baselineHeartRate: content?.baselineHeartRate?.toString() ?? "",
    baselineWeightKg: content?.baselineWeightKg?.toString() ?? "",
    notes: content?.notes ?? "",
  };
}

/** The prescriber's draft: the checklist, medications, baseline and notes; saved, or signed at once. */
export function ScreeningForm({
  view,
  stepUp,
  actionData,
}: {
  view: ScreeningPageView | null;
  stepUp: StepUpPrompt;
  actionData: unknown;
}): ReactNode {
  const reply = isScreeningReply(actionData) ? actionData : undefined;
  const [form, fields] = useForm<z.input<typeof screeningSchema>>({
    id: "screening",
    lastResult: reply?.result,
    defaultValue: formDefaults(view),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: screeningSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const checklist = fields.contraindications.getFieldset();
  const medications = fields.medications.getFieldList();
  const flags = new Map((view?.medications ?? []).map((medication) => [medication.name, medication.interactionClass]));
  const warnings = reply?.warnings ?? view?.warnings ?? [];
  const present = view ? presentContraindications(view.content) : [];
  return (
    <Form method="post" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="version" value={view?.version ?? 0} />
      <fieldset>
        <legend>Contraindications</legend>
        <p className="hint">Answer each item present or absent; add a note where it helps the care team.</p>
        {CONTRAINDICATIONS.map((item) => {
          const { answer, note } = checklist[item.key].getFieldset();
          return (
            <div className="contraindication" key={item.key}>
              <RadioGroup
                field={answer}
                legend={item.label}
                options={[
                  { value: "absent", label: "Absent" },
                  { value: "present", label: "Present" },
                ]}
              />
              <TextField field={note} label={`Note on ${item.label.toLowerCase()}`} />
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Current medications</legend>
        <p className="hint">
          One medication per row. Names the clinic lists as interacting with ketamine are flagged when you save. Leave
          spare rows empty.
        </p>
        <div className="table-scroll">
          <table className="medication-rows">
            <caption>Current medications and their interaction flags</caption>
            <thead>
              <tr>
                <th scope="col">Medication</th>
                <th scope="col">Dose</th>
                <th scope="col">Interaction</th>
              </tr>
            </thead>
            <tbody>
              {medications.map((medication, index) => {
                const { name, dose } = medication.getFieldset();
                const flag = typeof name.initialValue === "string" ? flags.get(name.initialValue) : null;
                return (
                  <tr key={medication.key}>
                    <td>
                      <CellInput field={name} label={`Medication ${index + 1}`} />
                    </td>
                    <td>
                      <CellInput field={dose} label={`Dose of medication ${index + 1}`} />
                    </td>
                    <td>{flag ? <span className="badge flag">{flag}</span> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <fieldset>
        <legend>Baseline</legend>
        <div className="grid-2">
          <TextField field={fields.baselineSystolic} label="Systolic pressure (mmHg)" type="number" />
          <TextField field={fields.baselineDiastolic} label="Diastolic pressure (mmHg)" type="number" />
          <TextField field={fields.baselineHeartRate} label="Heart rate (beats per minute)" type="number" />
          <TextField
            field={fields.baselineWeightKg}
            label="Weight (kg)"
            type="number"
            step="0.1"
            hint="Doses are calculated in mg/kg from this weight once the screening is signed."
          />
        </div>
      </fieldset>
      <TextAreaField field={fields.notes} label="Notes" />
      <div className="actions">
        <button type="submit" name="intent" value="save-screening" className="secondary">
          Save draft
        </button>
      </div>
      <fieldset className="sign-screening">
        <legend>Sign the screening</legend>
        <p className="hint">
          Signing saves what is on this page and locks it: it can no longer be changed. Not cleared needs the reason in
          the notes.
        </p>
        <Warnings warnings={warnings} present={present} />
        <RadioGroup
          field={fields.decision}
          legend="Your decision"
          options={[
            { value: "cleared", label: "Cleared for dosing" },
            { value: "not_cleared", label: "Not cleared" },
          ]}
        />
        <CheckboxField
          field={fields.acknowledge}
          label="I have weighed every contraindication present and every interacting medication listed, and clear the patient for dosing."
          hint="Needed only to clear a patient despite a present contraindication or an interacting medication."
        />
        <StepUpFields
          prompt={stepUp}
          reply={reply?.intent === "sign-screening" ? reply : null}
          idPrefix="sign-screening"
        />
        <div className="actions">
          <button type="submit" name="intent" value="sign-screening">
            Sign
          </button>
        </div>
      </fieldset>
    </Form>
  );
}

/** A signed screening, or a draft shown to those who may read but not write it. */
export function ScreeningRecord({ view }: { view: ScreeningPageView }): ReactNode {
  const { content } = view;
  const bloodPressure =
    content.baselineSystolic !== null && content.baselineDiastolic !== null
      ? `${content.baselineSystolic}/${content.baselineDiastolic} mmHg`
      : "Not recorded";
  return (
    <div>
      <Warnings warnings={view.warnings} present={presentContraindications(content)} />
      <div className="table-scroll">
        <table>
          <caption>Contraindications</caption>
          <thead>
            <tr>
              <th scope="col">Contraindication</th>
              <th scope="col">Answer</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {CONTRAINDICATIONS.map((item) => {
              const answer = content.contraindications[item.key];
              return (
                <tr key={item.key} className={answer?.present ? "flagged" : undefined}>
                  <th scope="row">{item.label}</th>
                  <td>
                    {answer ? (
                      answer.present ? (
                        <strong>Present</strong>
                      ) : (
                        "Absent"
                      )
                    ) : (
                      <span className="muted">Not answered</span>
                    )}
                  </td>
                  <td>{answer?.note ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {view.medications.length === 0 ? (
        <p>No current medications listed.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>Current medications</caption>
            <thead>
              <tr>
                <th scope="col">Medication</th>
                <th scope="col">Dose</th>
                <th scope="col">Interaction</th>
              </tr>
            </thead>
            <tbody>
              {view.medications.map((medication, index) => (
                <tr key={`${medication.name}-${index}`}>
                  <th scope="row">{medication.name}</th>
                  <td>{medication.dose}</td>
                  <td>
                    {medication.interactionClass ? (
                      <span className="badge flag">{medication.interactionClass}</span>
                    ) : (
                      <span className="muted">None flagged</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <dl className="facts">
        <dt>Baseline blood pressure</dt>
        <dd>{bloodPressure}</dd>
        <dt>Baseline heart rate</dt>
        <dd>{content.baselineHeartRate !== null ? `${content.baselineHeartRate} beats per minute` : "Not recorded"}</dd>
        <dt>Baseline weight</dt>
        <dd>{content.baselineWeightKg !== null ? `${content.baselineWeightKg} kg` : "Not recorded"}</dd>
        <dt>Notes</dt>
        <dd className="prewrap">{content.notes || <span className="muted">None</span>}</dd>
      </dl>
    </div>
  );
}
