import { COLORS, finishDocument, heading, mark, paragraph, startDocument } from "./layout";
import { careTeamTable, courseSection, notesSection, printableNotes } from "./parts";
import { keyValues } from "./table";
import type { CareTeamLine, CourseView, Generation, LabelledValue, NoteView } from "./types";

export type ChartExtractData = {
  generation: Generation;
  patient: { name: string; mrn: string; demographics: readonly LabelledValue[]; contact: readonly LabelledValue[] };
  careTeam: readonly CareTeamLine[];
  /** Newest first. */
  courses: readonly CourseView[];
  notes: readonly NoteView[];
};

export const EXTRACT_SCOPE =
  "A copy of this patient's record, made at the patient's request: demographics, care team, every course of treatment with its sessions and outcome measures, and the notes of the medical record with their addenda. Psychotherapy notes are not included: they are the therapist's separate process notes, which the HIPAA right of access does not cover (45 CFR 164.524(a)(1)(i)).";

/** The patient's own copy of their record. */
export async function chartExtractPdf(data: ChartExtractData): Promise<Buffer> {
  const { generation } = data;
  const pdf = startDocument({
    ...generation,
    title: "Chart extract",
    subject: `${data.patient.name} · MRN ${data.patient.mrn}`,
  });
  heading(pdf, `Chart extract: ${data.patient.name}`, 1);
  paragraph(pdf, EXTRACT_SCOPE, { color: COLORS.muted, size: 8.5 });
  const drafts = printableNotes(data.notes).filter((note) => note.signedAt === null).length;
  const unsigned = data.courses.flatMap((course) => course.sessions).filter((session) => session.unsigned).length;
  if (drafts + unsigned > 0) {
    mark(pdf, "Parts of this record are not signed yet; each is marked DRAFT where it appears.", "draft");
  }
  heading(pdf, "Demographics", 2);
  keyValues(pdf, data.patient.demographics);
  heading(pdf, "Contact", 2);
  keyValues(pdf, data.patient.contact);
  careTeamTable(pdf, data.careTeam);
  heading(pdf, "Course history", 2);
  if (data.courses.length === 0) {
    paragraph(pdf, "No course of treatment is on record.", { color: COLORS.muted });
  }
  for (const course of data.courses) {
    heading(pdf, course.name, 2);
    courseSection(pdf, course, generation.timeZone, 2);
  }
  heading(pdf, "Notes", 2);
  notesSection(pdf, data.notes, "No notes are on record.");
  return finishDocument(pdf);
}
