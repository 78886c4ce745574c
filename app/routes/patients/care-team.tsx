import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { loadPatientFor } from "#app/patients/access.server";
import {
  addCareTeamMember,
  listCareTeam,
  listCareTeamCandidates,
  removeCareTeamMember,
  REQUIRED_CARE_TEAM_ROLES,
} from "#app/patients/care-team.server";
import {
  CARE_TEAM_ROLE_LABELS,
  CARE_TEAM_ROLE_VALUES,
  patientDisplayName,
  staffDisplayName,
} from "#app/patients/labels";
import { addCareTeamMemberSchema, removeCareTeamMemberSchema } from "#app/patients/patient-forms";
import { FormErrors, SelectField } from "#app/ui/fields";
import type { Route } from "./+types/care-team";

export const meta: Route.MetaFunction = () => [{ title: "Care team · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "update:care-team");
  const { patient, careTeam } = await loadPatientFor(getDb(), viewer, "update:care-team", args.params.patientId);
  await audit(getDb(), auditActor(viewer), {
    action: "read:patient",
    entityType: "patient",
    entityId: patient.id,
    patientId: patient.id,
    detail: { view: "care-team" },
  });
  const candidates = await listCareTeamCandidates(getDb(), viewer.clinicId);
  const activeInRole = (role: string) => careTeam.filter((member) => member.role === role && member.active).length;
  return {
    patient: {
      id: patient.id,
      mrn: patient.mrn,
      firstName: patient.firstName,
      lastName: patient.lastName,
      preferredName: patient.preferredName,
    },
    members: careTeam.map((member) => ({
      userId: member.userId,
      role: member.role,
      roleLabel: CARE_TEAM_ROLE_LABELS[member.role],
      name: staffDisplayName(member),
      active: member.active,
      // Mirrors the server's refusal so the page does not offer a button that can only fail.
      irreplaceable:
        (REQUIRED_CARE_TEAM_ROLES as readonly string[]).includes(member.role) &&
        member.active &&
        activeInRole(member.role) === 1,
    })),
    people: candidates.map((person) => ({
      value: person.id,
      label: `${staffDisplayName(person)} — ${person.roles.map((role) => CARE_TEAM_ROLE_LABELS[role]).join(", ")}`,
    })),
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "update:care-team");
  const { patient } = await loadPatientFor(getDb(), viewer, "update:care-team", args.params.patientId);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const here = `/patients/${patient.id}/care-team`;
  if (intent === "add") {
    const submission = parseWithZod(formData, { schema: addCareTeamMemberSchema });
    if (submission.status !== "success") {
      return data({ intent: "add" as const, result: submission.reply() }, { status: 400 });
    }
    const outcome = await addCareTeamMember(getDb(), viewer, patient.id, submission.value);
    if (!outcome.ok) {
      const reply =
        outcome.status === 400
          ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
          : submission.reply({ formErrors: [outcome.message] });
      return data({ intent: "add" as const, result: reply }, { status: outcome.status });
    }
    return redirect(`${here}?changed=added`);
  }
  if (intent === "remove") {
    const submission = parseWithZod(formData, { schema: removeCareTeamMemberSchema });
    if (submission.status !== "success") {
      return data(
        {
          intent: "remove" as const,
          result: submission.reply({
            formErrors: ["That member could not be identified; reload the page and try again."],
          }),
        },
        { status: 400 },
      );
    }
    const outcome = await removeCareTeamMember(getDb(), viewer, patient.id, submission.value);
    if (!outcome.ok) {
      return data(
        { intent: "remove" as const, result: submission.reply({ formErrors: [outcome.message] }) },
        { status: outcome.status },
      );
    }
    const remaining = await listCareTeam(getDb(), viewer.clinicId, patient.id);
    // A clinician who took themselves off the team can no longer open this page.
    const stillAllowed = can(viewer, "update:care-team", {
      clinicId: patient.clinicId,
      careTeamUserIds: remaining.map((member) => member.userId),
    });
    return redirect(stillAllowed ? `${here}?changed=removed` : "/patients");
  }
  return data({ intent: "unknown" as const, result: null }, { status: 400 });
}

const ROLE_OPTIONS = CARE_TEAM_ROLE_VALUES.map((role) => ({ value: role, label: CARE_TEAM_ROLE_LABELS[role] }));

export default function CareTeam({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { patient, members, people } = loaderData;
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "add-member",
    lastResult: actionData?.intent === "add" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addCareTeamMemberSchema }),
    shouldValidate: "onSubmit",
  });
  const removeErrors = actionData?.intent === "remove" ? (actionData.result.error?.[""] ?? []) : [];
  const changed = searchParams.get("changed");
  return (
    <section aria-labelledby="care-team-title">
      <h1 id="care-team-title">
        Care team of {patientDisplayName(patient)} <span className="muted">· MRN {patient.mrn}</span>
      </h1>
      <p>
        <Link to={`/patients/${patient.id}`}>Back to the patient</Link>
      </p>
      {changed === "added" ? (
        <p className="notice" role="status">
          Added to the care team.
        </p>
      ) : null}
      {changed === "removed" ? (
        <p className="notice" role="status">
          Removed from the care team.
        </p>
      ) : null}
      <FormErrors id="remove-errors" errors={removeErrors} />
      <div className="table-scroll">
        <table>
          <caption>Current members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role on this team</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={`${member.userId}-${member.role}`}>
                <td>
                  {member.name} {member.active ? null : <span className="badge inactive">inactive</span>}
                </td>
                <td>{member.roleLabel}</td>
                <td>
                  {member.irreplaceable ? (
                    <span className="muted">
                      Only active {member.roleLabel.toLowerCase()}: add another before removing.
                    </span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={member.userId} />
                      <input type="hidden" name="role" value={member.role} />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={`Remove ${member.name} as ${member.roleLabel.toLowerCase()}`}
                      >
                        Remove
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" {...getFormProps(form)}>
        <fieldset className="panel">
          <legend>Add a member</legend>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="add" />
          <div className="grid-2">
            <SelectField field={fields.userId} label="Person" options={people} placeholder="Choose a person" />
            <SelectField
              field={fields.role}
              label="Role on this team"
              options={ROLE_OPTIONS}
              placeholder="Choose a role"
            />
          </div>
          <p className="hint">The person must hold the role in the clinic: a therapist cannot join as prescriber.</p>
          <button type="submit">Add to care team</button>
        </fieldset>
      </Form>
    </section>
  );
}
