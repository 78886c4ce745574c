import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clinic } from "./clinic";
import { dosingSession } from "./dosing-record";
import { patient } from "./patients";
import { appointment, series } from "./scheduling";
import { staffUser } from "./staff";

export const NOTE_KINDS = ["preparation", "dosing_session", "integration", "medical", "psychotherapy"] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const noteKindEnum = pgEnum("note_kind", NOTE_KINDS);

/** The structured parts clinicians fill in, beside the free text; which apply depends on the kind. */
export type NoteFields = Partial<
  Record<"intentions" | "setAndSetting" | "experience" | "integrationThemes" | "assessment" | "plan", string>
>;

/**
 * A clinical note. A draft carries a version: a save names the version it started from, and a stale
 * save is refused. Signing locks it: a trigger refuses any change to a signed note; corrections are
 * addenda. Psychotherapy notes are readable by their author only, unless an authorization exists.
 */
export const note = pgTable(
  "note",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    seriesId: uuid("series_id").references(() => series.id),
    appointmentId: uuid("appointment_id").references(() => appointment.id),
    kind: noteKindEnum("kind").notNull(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => staffUser.id),
    fields: jsonb("fields").$type<NoteFields>().notNull().default({}),
    body: text("body").notNull().default(""),
    version: integer("version").notNull().default(1),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("note_patient_idx").on(t.patientId, t.createdAt), index("note_appointment_idx").on(t.appointmentId)],
);

/** A correction or addition to a signed note; append-only. */
export const noteAddendum = pgTable(
  "note_addendum",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    noteId: uuid("note_id")
      .notNull()
      .references(() => note.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => staffUser.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    reason: text("reason").notNull(),
    body: text("body").notNull(),
  },
  (t) => [index("note_addendum_note_idx").on(t.noteId, t.at)],
);

/** The author's recorded permission for another person to read one psychotherapy note; revocable. */
export const noteAuthorization = pgTable(
  "note_authorization",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    noteId: uuid("note_id")
      .notNull()
      .references(() => note.id),
    grantedTo: uuid("granted_to")
      .notNull()
      .references(() => staffUser.id),
    grantedBy: uuid("granted_by")
      .notNull()
      .references(() => staffUser.id),
    reason: text("reason").notNull(),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("note_authorization_note_idx").on(t.noteId)],
);

/**
 * The prescriber's attestation of a dosing session after reviewing its record. Immutable: a trigger
 * refuses updates and deletes. `reviewed` keeps what was on screen when they signed.
 */
export const signOff = pgTable(
  "sign_off",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    dosingSessionId: uuid("dosing_session_id")
      .notNull()
      .references(() => dosingSession.id),
    prescriberId: uuid("prescriber_id")
      .notNull()
      .references(() => staffUser.id),
    attestation: text("attestation").notNull(),
    reviewed: jsonb("reviewed").$type<Record<string, unknown>>().notNull().default({}),
    signedAt: timestamp("signed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sign_off_session_key").on(t.dosingSessionId)],
);

/**
 * Discharged dosing sessions not yet signed off: derived, kept by triggers (a session enters at
 * discharge, leaves when its sign-off is written), never written by the app. It lets the sign-off
 * queue and the badge every prescriber page shows read the few waiting sessions instead of every
 * discharged session of the prescriber's patients (migrations/0012).
 */
export const signOffPending = pgTable(
  "sign_off_pending",
  {
    dosingSessionId: uuid("dosing_session_id")
      .primaryKey()
      .references(() => dosingSession.id),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    dischargedAt: timestamp("discharged_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sign_off_pending_clinic_idx").on(t.clinicId, t.dischargedAt)],
);
