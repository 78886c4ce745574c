import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect } from "react-router";
import { getDb } from "#db/client";
import { clock } from "#app/auth/clock";
import { requirePermission } from "#app/auth/guard.server";
import { listCareTeamCandidates } from "#app/patients/care-team.server";
import { todayInZone } from "#app/patients/dates";
import { staffDisplayName } from "#app/patients/labels";
import { PatientDetailsFields } from "#app/patients/patient-fields";
import { newPatientSchema } from "#app/patients/patient-forms";
import { registerPatient } from "#app/patients/patients.server";
import { CheckboxField, FormErrors, SelectField } from "#app/ui/fields";
import type { Route } from "./+types/new";

export const meta: Route.MetaFunction = () => [{ title: "New patient · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "create:patient");
  const candidates = await listCareTeamCandidates(getDb(), viewer.clinicId);
  const optionsFor = (role: "prescriber" | "therapist" | "nurse") =>
    candidates
      .filter((person) => person.roles.includes(role))
      .map((person) => ({ value: person.id, label: staffDisplayName(person) }));
  return {
    today: todayInZone(viewer.timeZone, clock.now()),
    prescribers: optionsFor("prescriber"),
    therapists: optionsFor("therapist"),
    nurses: optionsFor("nurse"),
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "create:patient");
  const schema = newPatientSchema(todayInZone(viewer.timeZone, clock.now()));
  const submission = parseWithZod(await args.request.formData(), { schema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), duplicateMrns: [] as (string | null)[] }, { status: 400 });
  }
  const outcome = await registerPatient(getDb(), viewer, submission.value);
  if (!outcome.ok) {
    switch (outcome.reason) {
      case "ineligible-staff":
        return data(
          { result: submission.reply({ fieldErrors: outcome.fieldErrors }), duplicateMrns: [] as (string | null)[] },
          { status: 400 },
        );
      case "possible-duplicate": {
        const message = duplicateWarning(outcome.duplicateMrns);
        return data(
          {
            result: submission.reply({ fieldErrors: { confirmDuplicate: [message] } }),
            duplicateMrns: outcome.duplicateMrns,
          },
          { status: 400 },
        );
      }
    }
  }
  return redirect(`/patients/${outcome.patientId}?registered=1`);
}

function duplicateWarning(mrns: (string | null)[]): string {
  const shown = mrns.filter((mrn): mrn is string => mrn !== null);
  const hidden = mrns.length - shown.length;
  const lead =
    mrns.length === 1
      ? "A patient with this name and date of birth is already registered"
      : "Patients with this name and date of birth are already registered";
  const named = shown.length === 0 ? "" : `: ${shown.length === 1 ? "MRN" : "MRNs"} ${shown.join(", ")}`;
  const outside =
    hidden === 0
      ? ""
      : ` (${hidden === mrns.length ? "" : `${hidden} more `}outside your care teams: ask the front desk to check)`;
  return `${lead}${named}${outside}.`;
}

export default function NewPatient({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const schema = newPatientSchema(loaderData.today);
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const duplicateMrns: (string | null)[] = actionData?.duplicateMrns ?? [];
  return (
    <section aria-labelledby="new-patient-title">
      <h1 id="new-patient-title">New patient</h1>
      <Form method="post" className="panel" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <PatientDetailsFields fields={fields} />
        <fieldset>
          <legend>Care team</legend>
          <p className="hint">
            Every patient needs a prescriber and a therapist. Only active staff holding the role are listed.
          </p>
          {loaderData.prescribers.length === 0 || loaderData.therapists.length === 0 ? (
            <p className="warning">
              This clinic has no active prescriber or no active therapist yet. Ask an administrator to add one.
            </p>
          ) : null}
          <div className="grid-2">
            <SelectField
              field={fields.prescriberId}
              label="Prescriber"
              options={loaderData.prescribers}
              placeholder="Choose a prescriber"
            />
            <SelectField
              field={fields.therapistId}
              label="Therapist"
              options={loaderData.therapists}
              placeholder="Choose a therapist"
            />
            <SelectField
              field={fields.nurseId}
              label="Nurse (optional)"
              options={loaderData.nurses}
              placeholder="No nurse yet"
            />
          </div>
        </fieldset>
        {duplicateMrns.length > 0 ? (
          <fieldset className="warning">
            <legend>Possible duplicate</legend>
            <p>
              Check the existing record first (search for the MRN). Register a new patient only if this is someone else
              with the same name and date of birth.
            </p>
            <CheckboxField field={fields.confirmDuplicate} label="This is a different person" />
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit">Register patient</button>
          <Link to="/patients">Cancel</Link>
        </div>
      </Form>
    </section>
  );
}
