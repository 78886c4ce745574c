import { sql } from "drizzle-orm";
import {
  boolean,
  date,
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
import { clinic } from "./clinic";
import { patient } from "./patients";
import { appointment, series } from "./scheduling";
import { staffUser } from "./staff";

/** One contraindication answer: present or not, with the prescriber's note. */
export type ContraindicationAnswer = { present: boolean; note: string };
/** A current medication, with the interaction class the clinic flags it under, if any. */
export type Medication = { name: string; dose: string; interactionClass: string | null };

/**
 * The prescriber's screening of a patient for one series. Editable as a draft; the signature
 * (cleared or not cleared) locks it — a trigger refuses any change afterwards.
 */
export const screening = pgTable(
  "screening",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    contraindications: jsonb("contraindications").$type<Record<string, ContraindicationAnswer>>().notNull().default({}),
    medications: jsonb("medications").$type<Medication[]>().notNull().default([]),
    baselineSystolic: integer("baseline_systolic"),
    baselineDiastolic: integer("baseline_diastolic"),
    baselineHeartRate: integer("baseline_heart_rate"),
    baselineWeightKg: numeric("baseline_weight_kg", { precision: 5, scale: 1 }),
    notes: text("notes").notNull().default(""),
    /** Set at signing: true = cleared for dosing, false = not cleared. */
    cleared: boolean("cleared"),
    signedBy: uuid("signed_by").references(() => staffUser.id),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => staffUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("screening_series_key").on(t.seriesId)],
);

/** The clinic's consent texts; a consent record names the version the patient signed. */
export const consentForm = pgTable(
  "consent_form",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    version: text("version").notNull(),
    body: text("body").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("consent_form_version_key").on(t.clinicId, sql`lower(${t.version})`)],
);

/** A signed consent: immutable once written; a withdrawal is a new row. */
export const consent = pgTable(
  "consent",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    consentFormId: uuid("consent_form_id")
      .notNull()
      .references(() => consentForm.id),
    /** The patient's typed full name as signature. */
    patientSignature: text("patient_signature").notNull(),
    signedOn: date("signed_on", { mode: "string" }).notNull(),
    witnessName: text("witness_name").notNull(),
    escortName: text("escort_name").notNull(),
    escortPhone: text("escort_phone").notNull(),
    transportPlan: text("transport_plan").notNull(),
    withdrawn: boolean("withdrawn").notNull().default(false),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => staffUser.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("consent_series_idx").on(t.seriesId, t.recordedAt)],
);

export const DRUGS = ["ketamine", "esketamine"] as const;
export type Drug = (typeof DRUGS)[number];
export const drugEnum = pgEnum("drug", DRUGS);

export const ROUTES_OF_ADMINISTRATION = ["IM", "IV", "SL", "IN", "oral"] as const;
export type RouteOfAdministration = (typeof ROUTES_OF_ADMINISTRATION)[number];
export const administrationRouteEnum = pgEnum("administration_route", ROUTES_OF_ADMINISTRATION);

/**
 * A prescriber's dose order, for one dosing session (appointmentId) or for the whole series (null).
 * Immutable once written but for discontinuation; the weight used for mg/kg is kept with it.
 */
export const doseOrder = pgTable(
  "dose_order",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    appointmentId: uuid("appointment_id").references(() => appointment.id),
    drug: drugEnum("drug").notNull(),
    route: administrationRouteEnum("route").notNull(),
    doseMg: numeric("dose_mg", { precision: 7, scale: 2 }).notNull(),
    weightKg: numeric("weight_kg", { precision: 5, scale: 1 }),
    mgPerKg: numeric("mg_per_kg", { precision: 6, scale: 3 }),
    /** The prescriber saw the out-of-range warning and ordered anyway, with this reason. */
    outOfRangeReason: text("out_of_range_reason").notNull().default(""),
    instructions: text("instructions").notNull().default(""),
    orderedBy: uuid("ordered_by")
      .notNull()
      .references(() => staffUser.id),
    orderedAt: timestamp("ordered_at", { withTimezone: true }).notNull().defaultNow(),
    discontinuedAt: timestamp("discontinued_at", { withTimezone: true }),
    discontinuedBy: uuid("discontinued_by").references(() => staffUser.id),
    discontinuedReason: text("discontinued_reason").notNull().default(""),
  },
  (t) => [
    index("dose_order_series_idx").on(t.seriesId),
    // One active order for the whole series, and one per dosing session.
    uniqueIndex("dose_order_active_key")
      .on(t.seriesId, sql`coalesce(${t.appointmentId}::text, 'series')`)
      .where(sql`${t.discontinuedAt} is null`),
  ],
);
