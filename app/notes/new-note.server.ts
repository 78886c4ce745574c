import { data } from "react-router";
import type { Db } from "#db/client";
import type { NoteKind } from "#db/schema/notes";
import { audit } from "#app/audit/audit.server";
import { auditActor, forbidden, type Viewer } from "#app/auth/guard.server";
import { loadPatientFor, type PatientOnRecord } from "#app/patients/access.server";
import { isNoteKind, kindsWritableBy, mayWriteKind, NOTE_KIND_LABELS } from "./note-kinds";
import { appointmentChoices, type AppointmentChoice } from "./notes.server";

export type NewNotePlan = {
  onRecord: PatientOnRecord;
  kinds: NoteKind[];
  /** The kind chosen in the URL, or null while the writer still has to choose. */
  kind: NoteKind | null;
  choices: AppointmentChoice[];
  appointment: AppointmentChoice | null;
  /** The URL named a session that is not one of this patient's. */
  unknownAppointment: boolean;
};

/**
 * What /notes/new?patient=…&kind=…&appointment=… asks for, checked: the patient on the writer's care
 * team (404/403 otherwise, audited), a kind this writer may write (403), a session of this patient.
 */
export async function planNewNote(db: Db, viewer: Viewer, url: URL): Promise<NewNotePlan> {
  const patientId = url.searchParams.get("patient");
  if (!patientId) {
    throw data("Open the patient's notes and choose the kind of note to write.", { status: 400 });
  }
  const onRecord = await loadPatientFor(db, viewer, "write:note", patientId);
  const requested = url.searchParams.get("kind");
  const kind = isNoteKind(requested) ? requested : null;
  if (kind && !mayWriteKind(viewer.roles, kind)) {
    await audit(db, auditActor(viewer), {
      action: "write:note",
      entityType: "patient",
      entityId: onRecord.patient.id,
      patientId: onRecord.patient.id,
      outcome: "denied",
      detail: { kind },
    });
    forbidden(`Your role does not write ${NOTE_KIND_LABELS[kind].toLowerCase()}s.`);
  }
  const choices = await appointmentChoices(db, viewer, onRecord.patient.id);
  const appointmentId = url.searchParams.get("appointment") ?? "";
  const appointment = appointmentId ? (choices.find((choice) => choice.id === appointmentId) ?? null) : null;
  return {
    onRecord,
    kinds: kindsWritableBy(viewer.roles),
    kind,
    choices,
    appointment,
    unknownAppointment: appointmentId !== "" && !appointment,
  };
}
