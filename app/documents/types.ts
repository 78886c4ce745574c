import type { NoteKind } from "#db/schema/notes";
import type { DoseMark } from "#app/measures/chart";
import type { InstrumentSection } from "#app/measures/measures-view";

// What the documents print, as plain values already in words and in the clinic's time zone: the
// *.server.ts modules beside these build them from the database, the document modules lay them out.

/** Who made a document, when, and for which clinic. */
export type Generation = { clinicName: string; generatedBy: string; generatedAt: Date; timeZone: string };

export type LabelledValue = readonly [label: string, value: string];

export type CareTeamLine = { name: string; role: string; active: boolean };

/** One session of a course, one row of the sessions table. Multi-line values use "\n". */
export type SessionLine = {
  when: string;
  title: string;
  status: string;
  dose: string;
  vitals: string;
  adverseEvents: string;
  signOff: string;
  /** A dosing session with a record but no prescriber sign-off yet. */
  unsigned: boolean;
};

export type MeasuresView = { sections: readonly InstrumentSection[]; doses: readonly DoseMark[] };

export type AddendumView = { author: string; at: string; reason: string; body: string };

export type NoteView = {
  id: string;
  kind: NoteKind;
  kindLabel: string;
  /** The session it belongs to, e.g. "Integration after dose 2, Tue 5 Mar 2030". */
  session: string | null;
  author: string;
  /** When it was signed, or null for a draft. */
  signedAt: string | null;
  lastSaved: string;
  fields: readonly { label: string; text: string }[];
  body: string;
  addenda: readonly AddendumView[];
};

export type CourseView = {
  name: string;
  facts: readonly LabelledValue[];
  clearance: readonly LabelledValue[];
  orders: readonly { order: string; scope: string; orderedBy: string; status: string }[];
  sessions: readonly SessionLine[];
  measures: MeasuresView;
};
