import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, notFound, requirePermission } from "#app/auth/guard.server";
import { loadPatientFor } from "#app/patients/access.server";
import { todayInZone } from "#app/patients/dates";
import { patientDisplayName } from "#app/patients/labels";
import { PatientDetailsFields } from "#app/patients/patient-fields";
import { patientDetailsSchema } from "#app/patients/patient-forms";
import { storedDetails, updatePatientDetails } from "#app/patients/patients.server";
import { FormErrors } from "#app/ui/fields";
import type { Route } from "./+types/edit";

export const meta: Route.MetaFunction = () => [{ title: "Edit patient · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "update:patient");
  const { patient } = await loadPatientFor(getDb(), viewer, "update:patient", args.params.patientId);
  await audit(getDb(), auditActor(viewer), {
    action: "read:patient",
    entityType: "patient",
    entityId: patient.id,
    patientId: patient.id,
    detail: { view: "edit" },
  });
  const stored = storedDetails(patient);
  return {
    today: todayInZone(viewer.timeZone, clock.now()),
    patient: {
      id: patient.id,
      mrn: patient.mrn,
      firstName: patient.firstName,
      lastName: patient.lastName,
      preferredName: patient.preferredName,
    },
    // Form values are text; an unrecorded choice is an empty select, not the string "".
    defaultValue: { ...stored, sexAtBirth: stored.sexAtBirth || undefined, weightKg: stored.weightKg ?? undefined },
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "update:patient");
  const { patient } = await loadPatientFor(getDb(), viewer, "update:patient", args.params.patientId);
  const schema = patientDetailsSchema(todayInZone(viewer.timeZone, clock.now()));
  const submission = parseWithZod(await args.request.formData(), { schema });
  if (submission.status !== "success") {
    return data(submission.reply(), { status: 400 });
  }
  const outcome = await updatePatientDetails(getDb(), viewer, patient.id, submission.value);
  if (!outcome.ok) {
    notFound();
  }
  return redirect(`/patients/${patient.id}${outcome.changed.length > 0 ? "?updated=1" : ""}`);
}

export default function EditPatient({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const schema = patientDetailsSchema(loaderData.today);
  const [form, fields] = useForm({
    lastResult: actionData,
    defaultValue: loaderData.defaultValue,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const profile = `/patients/${loaderData.patient.id}`;
  return (
    <section aria-labelledby="edit-patient-title">
      <h1 id="edit-patient-title">
        Edit {patientDisplayName(loaderData.patient)} <span className="muted">· MRN {loaderData.patient.mrn}</span>
      </h1>
      <Form method="post" className="panel" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <PatientDetailsFields fields={fields} />
        <div className="actions">
          <button type="submit">Save details</button>
          <Link to={profile}>Cancel</Link>
        </div>
      </Form>
    </section>
  );
}
