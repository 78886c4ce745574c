import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { clinic, room } from "./clinic";
import { patient } from "./patients";
import { staffUser } from "./staff";

export const APPOINTMENT_KINDS = ["screening", "preparation", "dosing", "integration", "checkpoint"] as const;
export type AppointmentKindValue = (typeof APPOINTMENT_KINDS)[number];
export const appointmentKindEnum = pgEnum("appointment_kind", APPOINTMENT_KINDS);

export const APPOINTMENT_STATUSES = [
  "scheduled",
  "checked_in",
  "in_progress",
  "completed",
  "cancelled",
  "no_show",
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const appointmentStatusEnum = pgEnum("appointment_status", APPOINTMENT_STATUSES);

export const SERIES_STATUSES = ["planned", "active", "completed", "discontinued"] as const;
export type SeriesStatus = (typeof SERIES_STATUSES)[number];
export const seriesStatusEnum = pgEnum("series_status", SERIES_STATUSES);

export const APPOINTMENT_STAFF_ROLES = ["therapist", "monitor", "prescriber"] as const;
export type AppointmentStaffRole = (typeof APPOINTMENT_STAFF_ROLES)[number];
export const appointmentStaffRoleEnum = pgEnum("appointment_staff_role", APPOINTMENT_STAFF_ROLES);

/** A clinic's course template; `definition` is the planner's SeriesTemplate. */
export const seriesTemplate = pgTable("series_template", {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id")
    .notNull()
    .references(() => clinic.id),
  name: text("name").notNull(),
  definition: jsonb("definition").$type<unknown>().notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const series = pgTable(
  "series",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    templateId: uuid("template_id").references(() => seriesTemplate.id),
    /** The template's rules as they were at booking, so later template edits never rewrite a course. */
    rules: jsonb("rules").$type<unknown>().notNull(),
    prescriberId: uuid("prescriber_id")
      .notNull()
      .references(() => staffUser.id),
    therapistId: uuid("therapist_id")
      .notNull()
      .references(() => staffUser.id),
    status: seriesStatusEnum("status").notNull().default("planned"),
    plannedStart: date("planned_start", { mode: "string" }).notNull(),
    plannedEnd: date("planned_end", { mode: "string" }).notNull(),
    statusReason: text("status_reason").notNull().default(""),
    createdBy: uuid("created_by").references(() => staffUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("series_patient_idx").on(t.patientId)],
);

export const appointment = pgTable(
  "appointment",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    seriesId: uuid("series_id").references(() => series.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    kind: appointmentKindEnum("kind").notNull(),
    status: appointmentStatusEnum("status").notNull().default("scheduled"),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    roomId: uuid("room_id").references(() => room.id),
    /** Order within the series, and which dose a dosing session (or its integration/checkpoint) belongs to. */
    sequence: integer("sequence"),
    doseNumber: integer("dose_number"),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => staffUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("appointment_clinic_start_idx").on(t.clinicId, t.startsAt),
    index("appointment_series_idx").on(t.seriesId),
    index("appointment_patient_idx").on(t.patientId, t.startsAt),
  ],
);

/**
 * The clinicians booked on an appointment. The time range and "active" are copied from the
 * appointment by a trigger, so an exclusion constraint can forbid any clinician's overlap.
 */
export const appointmentStaff = pgTable(
  "appointment_staff",
  {
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointment.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    role: appointmentStaffRoleEnum("role").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    active: boolean("active").notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.appointmentId, t.userId] }),
    index("appointment_staff_user_idx").on(t.userId, t.startsAt),
  ],
);

/** Every change to an appointment: who, when, from what to what, why. Append-only. */
export const appointmentEvent = pgTable(
  "appointment_event",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointment.id),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => staffUser.id),
    action: text("action").notNull(),
    fromValue: jsonb("from_value").$type<Record<string, unknown>>().notNull().default({}),
    toValue: jsonb("to_value").$type<Record<string, unknown>>().notNull().default({}),
    reason: text("reason").notNull().default(""),
    /** A series rule the user chose to break, confirmed with a warning. */
    overriddenRules: jsonb("overridden_rules").$type<string[]>().notNull().default([]),
  },
  (t) => [index("appointment_event_appointment_idx").on(t.appointmentId, t.at)],
);

/** A clinician's secret calendar-feed link; only its SHA-256 is stored, and it can be revoked. */
export const calendarFeed = pgTable("calendar_feed", {
  id: text("id").primaryKey(),
  clinicId: uuid("clinic_id")
    .notNull()
    .references(() => clinic.id),
  userId: uuid("user_id")
    .notNull()
    .references(() => staffUser.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});
