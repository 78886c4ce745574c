import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form, Link } from "react-router";
import type { StepUpPrompt, StepUpReply } from "#app/auth/step-up";
import { StepUpFields } from "#app/auth/step-up-fields";
import { CheckboxField, FormErrors, RadioGroup, TextAreaField } from "#app/ui/fields";
import { breakGlassRequestSchema, REASON_KINDS, REASON_LABELS, REASON_MIN_LENGTH } from "./forms";

const REASON_OPTIONS = REASON_KINDS.map((kind) => ({ value: kind, label: REASON_LABELS[kind] }));

/** The request: a kind of reason, the reason in words, and the acknowledgement of what follows. */
export function BreakGlassRequestForm({
  minutes,
  lastResult,
  stepUp,
  stepUpReply,
}: {
  minutes: number;
  lastResult: SubmissionResult<string[]> | undefined;
  stepUp: StepUpPrompt;
  stepUpReply: StepUpReply | null;
}): ReactNode {
  const [form, fields] = useForm({
    id: "break-glass",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: breakGlassRequestSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="panel" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="request" />
      <RadioGroup field={fields.reasonKind} legend="Why do you need this record now?" options={REASON_OPTIONS} />
      <TextAreaField
        field={fields.reason}
        label={`Reason, in at least a sentence (${REASON_MIN_LENGTH} characters or more)`}
      />
      <CheckboxField
        field={fields.acknowledged}
        label={`I understand that this access lasts ${minutes} minutes, that everything I open is logged as emergency access, and that the patient's care team and the clinic's admins see it and review it.`}
      />
      <StepUpFields prompt={stepUp} reply={stepUpReply} idPrefix="break-glass" />
      <button type="submit" className="danger">
        Open the record in an emergency
      </button>
    </Form>
  );
}

/** While access is open: until when, and a way to end it now. */
export function OpenAccessPanel({ patientId, until }: { patientId: string; until: string }): ReactNode {
  return (
    <section className="panel" aria-labelledby="open-access-title">
      <h2 id="open-access-title">Emergency access is open until {until}</h2>
      <p>Everything you open in this patient&apos;s record is logged as emergency access.</p>
      <p>
        <Link to={`/patients/${patientId}`}>Open the patient&apos;s record</Link>
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="end" />
        <button type="submit" className="secondary">
          End emergency access now
        </button>
      </Form>
    </section>
  );
}
