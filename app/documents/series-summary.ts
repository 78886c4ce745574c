import { finishDocument, heading, mark, paragraph, startDocument, COLORS } from "./layout";
import { careTeamTable, courseSection, notesSection, printableNotes } from "./parts";
import { keyValues } from "./table";
import type { CareTeamLine, CourseView, Generation, LabelledValue, NoteView } from "./types";

export type SeriesSummaryData = {
  generation: Generation;
  patient: { name: string; mrn: string; identity: readonly LabelledValue[] };
  careTeam: readonly CareTeamLine[];
  course: CourseView;
  notes: readonly NoteView[];
};

export const PSYCHOTHERAPY_EXCLUSION =
  "Psychotherapy notes are never included: they are kept apart from the medical record.";

/** The course summary a referring physician receives: who, the course, every session, the measures, the notes. */
export async function seriesSummaryPdf(data: SeriesSummaryData): Promise<Buffer> {
  const { generation } = data;
  const pdf = startDocument({
    ...generation,
    title: "Series summary",
    subject: `${data.patient.name} · MRN ${data.patient.mrn}`,
  });
  heading(pdf, `Series summary: ${data.course.name}`, 1);
  keyValues(pdf, data.patient.identity);
  const drafts = printableNotes(data.notes).filter((note) => note.signedAt === null).length;
  const unsigned = data.course.sessions.filter((session) => session.unsigned).length;
  if (drafts + unsigned > 0) {
    const parts = [
      unsigned > 0 ? `${unsigned} dosing session${unsigned === 1 ? "" : "s"} not signed off` : null,
      drafts > 0 ? `${drafts} unsigned draft note${drafts === 1 ? "" : "s"}` : null,
    ].filter(Boolean);
    mark(pdf, `This summary holds unsigned content (${parts.join(", ")}), marked DRAFT where it appears.`, "draft");
  }
  careTeamTable(pdf, data.careTeam);
  heading(pdf, "Course of treatment", 2);
  courseSection(pdf, data.course, generation.timeZone, 1);
  heading(pdf, "Notes", 2);
  paragraph(pdf, `The notes of this course, oldest first, each with its addenda. ${PSYCHOTHERAPY_EXCLUSION}`, {
    color: COLORS.muted,
    size: 8.5,
  });
  notesSection(pdf, data.notes, "No notes were written in this course.");
  return finishDocument(pdf);
}
