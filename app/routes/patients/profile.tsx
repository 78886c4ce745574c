import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { loadPatientFor } from "#app/patients/access.server";
import { ageOn, formatDateOfBirth, todayInZone } from "#app/patients/dates";
import { CARE_TEAM_ROLE_LABELS, patientDisplayName, sexAtBirthLabel } from "#app/patients/labels";
import { PatientSeriesPanel } from "#app/scheduling/patient-series-panel";
import { patientSeriesSummary } from "#app/scheduling/patient-series.server";
import type { Route } from "./+types/profile";

export const meta: Route.MetaFunction = () => [{ title: "Patient · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:patient");
  const { patient, careTeam, target } = await loadPatientFor(getDb(), viewer, "read:patient", args.params.patientId);
  await audit(getDb(), auditActor(viewer), {
    action: "read:patient",
    entityType: "patient",
    entityId: patient.id,
    patientId: patient.id,
    detail: { view: "profile" },
  });
  // Only what the page shows: this page is for the front desk too, so nothing clinical.
  return {
    patient: {
      id: patient.id,
      mrn: patient.mrn,
      firstName: patient.firstName,
      lastName: patient.lastName,
      preferredName: patient.preferredName,
      dateOfBirth: patient.dateOfBirth,
      age: ageOn(patient.dateOfBirth, todayInZone(viewer.timeZone, clock.now())),
      sexAtBirth: sexAtBirthLabel(patient.sexAtBirth),
      pronouns: patient.pronouns,
      phone: patient.phone,
      email: patient.email,
      address: [patient.addressLine, [patient.city, patient.region].filter(Boolean).join(", "), patient.postalCode]
        .filter(Boolean)
        .join(" · "),
      emergencyContact: {
        name: patient.emergencyContactName,
        relationship: patient.emergencyContactRelationship,
        phone: patient.emergencyContactPhone,
      },
      escort: { name: patient.escortName, relationship: patient.escortRelationship, phone: patient.escortPhone },
      weightKg: patient.weightKg,
      active: patient.active,
    },
    careTeam: careTeam.map((member) => ({ ...member, roleLabel: CARE_TEAM_ROLE_LABELS[member.role] })),
    canEdit: can(viewer, "update:patient", target),
    canChangeCareTeam: can(viewer, "update:care-team", target),
    series: await patientSeriesSummary(getDb(), patient.id, viewer.clinicId),
    canPlanSeries: can(viewer, "manage:schedule"),
    canReadClinical: can(viewer, "read:clinical", target),
    timeZone: viewer.timeZone,
  };
}

function Missing(): ReactNode {
  return <span className="muted">Not recorded</span>;
}

function ContactPerson({ person }: { person: { name: string; relationship: string; phone: string } }): ReactNode {
  if (!person.name && !person.phone) {
    return <Missing />;
  }
  return (
    <>
      {person.name}
      {person.relationship ? ` (${person.relationship})` : null}
      {person.phone ? (
        <>
          {" · "}
          <a href={`tel:${person.phone.replace(/[^\d+]/g, "")}`}>{person.phone}</a>
        </>
      ) : null}
    </>
  );
}

export default function PatientProfile({ loaderData }: Route.ComponentProps): ReactNode {
  const { patient, careTeam, canEdit, canChangeCareTeam, series, canPlanSeries, canReadClinical, timeZone } =
    loaderData;
  const [searchParams] = useSearchParams();
  return (
    <section aria-labelledby="patient-title">
      {searchParams.get("registered") === "1" ? (
        <p className="notice" role="status">
          Patient registered with MRN {patient.mrn}.
        </p>
      ) : null}
      {searchParams.get("updated") === "1" ? (
        <p className="notice" role="status">
          Details saved.
        </p>
      ) : null}
      <div className="page-heading">
        <h1 id="patient-title">
          {patientDisplayName(patient)} {patient.active ? null : <span className="badge inactive">inactive</span>}
        </h1>
        <div className="actions">
          {canEdit ? (
            <Link to={`/patients/${patient.id}/edit`} className="button secondary">
              Edit details
            </Link>
          ) : null}
          {canChangeCareTeam ? (
            <Link to={`/patients/${patient.id}/care-team`} className="button secondary">
              Change care team
            </Link>
          ) : null}
        </div>
      </div>
      <div className="grid-2">
        <section className="panel" aria-labelledby="identity-title">
          <h2 id="identity-title">Identity</h2>
          <dl className="facts">
            <dt>MRN</dt>
            <dd>{patient.mrn}</dd>
            <dt>Date of birth</dt>
            <dd>
              {formatDateOfBirth(patient.dateOfBirth)} (age {patient.age})
            </dd>
            <dt>Sex at birth</dt>
            <dd>{patient.sexAtBirth}</dd>
            <dt>Pronouns</dt>
            <dd>{patient.pronouns || <Missing />}</dd>
            <dt>Weight</dt>
            <dd>{patient.weightKg ? `${patient.weightKg} kg` : <Missing />}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="contact-title">
          <h2 id="contact-title">Contact</h2>
          <dl className="facts">
            <dt>Phone</dt>
            <dd>
              {patient.phone ? (
                <a href={`tel:${patient.phone.replace(/[^\d+]/g, "")}`}>{patient.phone}</a>
              ) : (
                <Missing />
              )}
            </dd>
            <dt>Email</dt>
            <dd>{patient.email || <Missing />}</dd>
            <dt>Address</dt>
            <dd>{patient.address || <Missing />}</dd>
            <dt>Emergency contact</dt>
            <dd>
              <ContactPerson person={patient.emergencyContact} />
            </dd>
            <dt>Escort for dosing days</dt>
            <dd>
              <ContactPerson person={patient.escort} />
            </dd>
          </dl>
        </section>
      </div>
      <section className="panel" aria-labelledby="care-team-title">
        <h2 id="care-team-title">Care team</h2>
        <table>
          <caption className="visually-hidden">Care team of {patientDisplayName(patient)}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Credentials</th>
              <th scope="col">Role on this team</th>
            </tr>
          </thead>
          <tbody>
            {careTeam.map((member) => (
              <tr key={`${member.userId}-${member.role}`}>
                <td>
                  {member.name} {member.active ? null : <span className="badge inactive">inactive</span>}
                </td>
                <td>{member.credentials || <Missing />}</td>
                <td>{member.roleLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <PatientSeriesPanel patientId={patient.id} series={series} canPlan={canPlanSeries} timeZone={timeZone} />
      {canReadClinical ? (
        <section className="panel" aria-labelledby="clinical-title">
          <h2 id="clinical-title">Clinical record</h2>
          <p>
            <Link to={`/patients/${patient.id}/notes`}>Notes</Link>
          </p>
          <h3 id="downloads-title">Downloads (PDF)</h3>
          <ul className="link-list" aria-labelledby="downloads-title">
            <li>
              <a href={`/patients/${patient.id}/chart-extract.pdf`} download>
                Chart extract for the patient&apos;s own request
              </a>
            </li>
            {series.map((item) => (
              <li key={item.id}>
                <a href={`/series/${item.id}/summary.pdf`} download>
                  Series summary: {item.templateName}, {item.plannedStart} to {item.plannedEnd}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
