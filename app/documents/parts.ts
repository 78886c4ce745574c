import { measureChart, PDF_CHART } from "./chart";
import { BODY_SIZE, COLORS, heading, mark, paragraph, type Pdf } from "./layout";
import { keyValues, table } from "./table";
import type { CareTeamLine, CourseView, MeasuresView, NoteView, SessionLine } from "./types";

// Sections shared by the series summary and the chart extract.

export const DRAFT_NOTE = "DRAFT — not signed by its author. It may still change and is not part of the signed record.";
export const UNSIGNED_SESSION = "DRAFT — not signed off by the prescriber";

/**
 * Psychotherapy notes are kept apart from the medical record and never leave it in a document,
 * whoever asks (HIPAA, 45 CFR 164.501 and 164.524). The queries leave them out; this is the second lock.
 */
export function printableNotes(notes: readonly NoteView[]): NoteView[] {
  return notes.filter((note) => note.kind !== "psychotherapy");
}

export function careTeamTable(pdf: Pdf, careTeam: readonly CareTeamLine[]): void {
  table(pdf, {
    caption: "Care team",
    columns: [
      { header: "Name", width: 3 },
      { header: "Role on this team", width: 2 },
    ],
    rows: careTeam.map((member) => ({
      cells: [member.active ? member.name : `${member.name} (no longer active)`, member.role],
    })),
  });
}

export function sessionsTable(pdf: Pdf, sessions: readonly SessionLine[], caption: string): void {
  if (sessions.length === 0) {
    paragraph(pdf, "No sessions are booked in this course.", { color: COLORS.muted });
    return;
  }
  table(pdf, {
    caption,
    columns: [
      { header: "Date", width: 1.25 },
      { header: "Session and status", width: 1.45 },
      { header: "Drug, route, dose and lot", width: 1.75 },
      { header: "Vital signs (range) and alerts", width: 2.2 },
      { header: "Adverse events", width: 1.45 },
      { header: "Prescriber sign-off", width: 1.5 },
    ],
    rows: sessions.map((session) => ({
      cells: [
        session.when,
        `${session.title}\n${session.status}`,
        session.dose,
        session.vitals,
        session.adverseEvents,
        session.signOff,
      ],
    })),
  });
}

export function measuresSection(pdf: Pdf, measures: MeasuresView, timeZone: string): void {
  const recorded = measures.sections.filter((section) => section.rows.length > 0);
  if (recorded.length === 0) {
    paragraph(pdf, "No outcome measures were recorded in this course.", { color: COLORS.muted });
    return;
  }
  for (const section of recorded) {
    heading(pdf, section.fullName, 3, PDF_CHART.title + PDF_CHART.height + PDF_CHART.below);
    measureChart(pdf, {
      name: section.name,
      maxTotal: section.maxTotal,
      bands: section.bands,
      points: section.points,
      doses: measures.doses,
      timeZone,
    });
    table(pdf, {
      caption: `${section.name} responses, oldest first`,
      columns: [
        { header: "Completed", width: 1.6 },
        { header: "When in the course", width: 1.7 },
        { header: "Score", width: 0.8 },
        { header: "Band", width: 1.5 },
        { header: "Item 9 (self-harm)", width: 1.1 },
        { header: "Recorded by", width: 1.3 },
      ],
      rows: section.rows.map((row) => ({
        cells: [
          row.when,
          row.session ? `${row.context}\n${row.session}` : row.context,
          row.score,
          row.severity,
          row.alert === "" ? "—" : `ALERT: ${row.alert}`,
          row.recordedBy,
        ],
        struck: row.enteredInError !== null,
        note: row.enteredInError
          ? `Entered in error (${row.enteredInError.when}, ${row.enteredInError.by}): ${row.enteredInError.reason} — not charted.`
          : null,
      })),
    });
  }
}

export function courseSection(pdf: Pdf, course: CourseView, timeZone: string, level: 1 | 2): void {
  const sub = level === 1 ? 2 : 3;
  keyValues(pdf, course.facts);
  if (course.clearance.length > 0) {
    heading(pdf, "Clearance and consent", sub);
    keyValues(pdf, course.clearance);
  }
  if (course.orders.length > 0) {
    table(pdf, {
      caption: "Dose orders",
      columns: [
        { header: "Order", width: 2.4 },
        { header: "For", width: 1.6 },
        { header: "Ordered by", width: 2 },
        { header: "Status", width: 2 },
      ],
      rows: course.orders.map((order) => ({ cells: [order.order, order.scope, order.orderedBy, order.status] })),
    });
  }
  heading(pdf, "Sessions", sub, 110);
  const unsigned = course.sessions.filter((session) => session.unsigned).length;
  if (unsigned > 0) {
    mark(
      pdf,
      `${unsigned} dosing session${unsigned === 1 ? " is" : "s are"} not signed off yet: ${unsigned === 1 ? "its" : "their"} row says DRAFT.`,
      "draft",
    );
  }
  sessionsTable(pdf, course.sessions, `Every session of ${course.name}, in date order`);
  const charted = course.measures.sections.some((section) => section.points.length > 0);
  heading(pdf, "Outcome measures", sub, charted ? PDF_CHART.title + PDF_CHART.height + PDF_CHART.below + 30 : 40);
  measuresSection(pdf, course.measures, timeZone);
}

function noteSection(pdf: Pdf, note: NoteView): void {
  heading(pdf, note.session ? `${note.kindLabel} — ${note.session}` : note.kindLabel, 3);
  if (note.signedAt) {
    paragraph(pdf, `Written and signed by ${note.author} on ${note.signedAt}.`, { color: COLORS.muted, size: 8.5 });
  } else {
    mark(pdf, `${DRAFT_NOTE} Written by ${note.author}; last saved ${note.lastSaved}.`, "draft");
  }
  for (const field of note.fields) {
    paragraph(pdf, field.label, { font: "bold", after: 1, keepLines: 3 });
    paragraph(pdf, field.text);
  }
  if (note.body.trim() !== "") {
    if (note.fields.length > 0) {
      paragraph(pdf, "Notes", { font: "bold", after: 1, keepLines: 3 });
    }
    paragraph(pdf, note.body);
  }
  for (const addendum of note.addenda) {
    paragraph(
      pdf,
      `ADDENDUM by ${addendum.author}, ${addendum.at} — added after signing; the note above is unchanged.`,
      { font: "bold", size: BODY_SIZE - 0.5, indent: 12, after: 1, keepLines: 4 },
    );
    paragraph(pdf, `Reason: ${addendum.reason}`, { indent: 12, after: 1 });
    paragraph(pdf, addendum.body, { indent: 12 });
  }
}

/** The notes in full, oldest first; drafts marked DRAFT, addenda marked as addenda. */
export function notesSection(pdf: Pdf, notes: readonly NoteView[], empty: string): void {
  const shown = printableNotes(notes);
  if (shown.length === 0) {
    paragraph(pdf, empty, { color: COLORS.muted });
    return;
  }
  for (const note of shown) {
    noteSection(pdf, note);
  }
}
