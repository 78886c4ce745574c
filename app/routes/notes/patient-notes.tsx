import type { ReactNode } from "react";
import { Link } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { kindsWritableBy, NOTE_KIND_LABELS } from "#app/notes/note-kinds";
import { listNotes } from "#app/notes/notes.server";
import { loadPatientFor } from "#app/patients/access.server";
import { patientDisplayName } from "#app/patients/labels";
import type { Route } from "./+types/patient-notes";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Notes of ${loaderData?.patient.name ?? "the patient"} · KAP Care Team` },
];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const { patient, target } = await loadPatientFor(db, viewer, "read:clinical", args.params.patientId);
  const notes = await listNotes(db, viewer, patient.id);
  await audit(db, auditActor(viewer), {
    action: "read:clinical",
    entityType: "patient",
    entityId: patient.id,
    patientId: patient.id,
    detail: { view: "notes", notes: notes.length },
  });
  const newKinds = can(viewer, "write:note", target) ? kindsWritableBy(viewer.roles) : [];
  return {
    patient: { id: patient.id, name: patientDisplayName(patient) },
    notes: notes.map((entry) => ({ ...entry, kindLabel: NOTE_KIND_LABELS[entry.kind] })),
    newKinds: newKinds.map((kind) => ({ kind, label: NOTE_KIND_LABELS[kind] })),
    timeZone: viewer.timeZone,
  };
}

export default function PatientNotes({ loaderData }: Route.ComponentProps): ReactNode {
  const { patient, notes, newKinds, timeZone } = loaderData;
  return (
    <section aria-labelledby="notes-title">
      <div className="page-heading">
        <h1 id="notes-title">Notes of {patient.name}</h1>
        <Link to={`/patients/${patient.id}`}>Back to the patient</Link>
      </div>
      {newKinds.length > 0 ? (
        <p className="actions">
          <Link className="button" to={`/notes/new?patient=${patient.id}`}>
            Write a note
          </Link>
          <span className="hint">You can write: {newKinds.map(({ label }) => label.toLowerCase()).join(", ")}.</span>
        </p>
      ) : null}
      {notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>
              Notes, newest first. Times are in the clinic&apos;s time zone ({timeZone}). Psychotherapy notes are listed
              only to their author and to colleagues they authorized.
            </caption>
            <thead>
              <tr>
                <th scope="col">Note</th>
                <th scope="col">Session</th>
                <th scope="col">Author</th>
                <th scope="col">Status</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {notes.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">
                    <Link to={`/notes/${entry.id}`}>{entry.kindLabel}</Link>
                  </th>
                  <td>{entry.appointment ?? <span className="muted">Not tied to a session</span>}</td>
                  <td>{entry.author}</td>
                  <td>
                    {entry.signed ? (
                      <span className="badge note-signed">Signed</span>
                    ) : (
                      <span className="badge note-draft">Draft</span>
                    )}
                    {entry.addenda > 0 ? ` ${entry.addenda} addend${entry.addenda === 1 ? "um" : "a"}` : null}
                  </td>
                  <td>{entry.date}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
