import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { drugEnum, administrationRouteEnum, doseOrder } from "./clinical-safety";
import { clinic } from "./clinic";
import { patient } from "./patients";
import { appointment, series } from "./scheduling";
import { staffUser } from "./staff";

export type DischargeCriteria = {
  vitalsNearBaseline: boolean;
  oriented: boolean;
  walksSteadily: boolean;
  escortPresent: boolean;
  toldNotToDrive: boolean;
};

/** The record of one dosing session: opened at check-in, closed at discharge. */
export const dosingSession = pgTable(
  "dosing_session",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    appointmentId: uuid("appointment_id")
      .notNull()
      .references(() => appointment.id),
    seriesId: uuid("series_id").references(() => series.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    doseOrderId: uuid("dose_order_id").references(() => doseOrder.id),
    checkedInAt: timestamp("checked_in_at", { withTimezone: true }).notNull(),
    dischargedAt: timestamp("discharged_at", { withTimezone: true }),
    dischargeCriteria: jsonb("discharge_criteria").$type<DischargeCriteria>(),
    dischargeEscortName: text("discharge_escort_name").notNull().default(""),
    dischargeNote: text("discharge_note").notNull().default(""),
    dischargedBy: uuid("discharged_by").references(() => staffUser.id),
    openedBy: uuid("opened_by")
      .notNull()
      .references(() => staffUser.id),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("dosing_session_appointment_key").on(t.appointmentId),
    index("dosing_session_patient_idx").on(t.patientId),
  ],
);

// Every entry below is append-only: a mistake is marked "entered in error" with a reason (the one
// change a trigger allows), never edited or deleted.
const entryColumns = {
  id: uuid("id").primaryKey().defaultRandom(),
  clinicId: uuid("clinic_id")
    .notNull()
    .references(() => clinic.id),
  dosingSessionId: uuid("dosing_session_id")
    .notNull()
    .references(() => dosingSession.id),
  at: timestamp("at", { withTimezone: true }).notNull(),
  recordedBy: uuid("recorded_by")
    .notNull()
    .references(() => staffUser.id),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  enteredInErrorAt: timestamp("entered_in_error_at", { withTimezone: true }),
  enteredInErrorBy: uuid("entered_in_error_by").references(() => staffUser.id),
  enteredInErrorReason: text("entered_in_error_reason").notNull().default(""),
};

export const administration = pgTable(
  "administration",
  {
    ...entryColumns,
    drug: drugEnum("drug").notNull(),
    route: administrationRouteEnum("route").notNull(),
    doseMg: numeric("dose_mg", { precision: 7, scale: 2 }).notNull(),
    lotNumber: text("lot_number").notNull(),
    givenBy: uuid("given_by")
      .notNull()
      .references(() => staffUser.id),
  },
  (t) => [index("administration_session_idx").on(t.dosingSessionId, t.at)],
);

export const vitalsEntry = pgTable(
  "vitals_entry",
  {
    ...entryColumns,
    systolic: integer("systolic"),
    diastolic: integer("diastolic"),
    heartRate: integer("heart_rate"),
    spo2: integer("spo2"),
    respiratoryRate: integer("respiratory_rate"),
    /** The alerts shown when it was recorded, e.g. ["Blood pressure 168/104 is above 160/100."]. */
    alerts: jsonb("alerts").$type<string[]>().notNull().default([]),
  },
  (t) => [index("vitals_session_idx").on(t.dosingSessionId, t.at)],
);

/** Sedation (MOAA/S 0–5) and dissociation (CADSS-6, six items 0–4) checks. */
export const mentalStatusCheck = pgTable(
  "mental_status_check",
  {
    ...entryColumns,
    moaas: integer("moaas"),
    cadssItems: jsonb("cadss_items").$type<number[]>(),
    cadssTotal: integer("cadss_total"),
  },
  (t) => [index("mental_status_session_idx").on(t.dosingSessionId, t.at)],
);

export const observation = pgTable(
  "observation",
  {
    ...entryColumns,
    text: text("text").notNull(),
  },
  (t) => [index("observation_session_idx").on(t.dosingSessionId, t.at)],
);

export const ADVERSE_EVENT_SEVERITIES = ["mild", "moderate", "severe"] as const;
export const adverseEventSeverityEnum = pgEnum("adverse_event_severity", ADVERSE_EVENT_SEVERITIES);

export const adverseEvent = pgTable(
  "adverse_event",
  {
    ...entryColumns,
    kind: text("kind").notNull(),
    severity: adverseEventSeverityEnum("severity").notNull(),
    actionTaken: text("action_taken").notNull(),
    resolved: boolean("resolved").notNull().default(false),
  },
  (t) => [index("adverse_event_session_idx").on(t.dosingSessionId, t.at)],
);
