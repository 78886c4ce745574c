import {
  boolean,
  date,
  index,
  numeric,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { clinic } from "./clinic";
import { staffUser } from "./staff";

/** MRNs come from the database, so two front-desk users registering at once never collide. */
export const patientMrnSequence = pgSequence("patient_mrn_seq", { startWith: 100001 });

export const patient = pgTable(
  "patient",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    mrn: text("mrn")
      .notNull()
      .default(sql`'K' || nextval('patient_mrn_seq')`),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    preferredName: text("preferred_name").notNull().default(""),
    dateOfBirth: date("date_of_birth", { mode: "string" }).notNull(),
    sexAtBirth: text("sex_at_birth").notNull().default(""),
    pronouns: text("pronouns").notNull().default(""),
    phone: text("phone").notNull().default(""),
    /** Digits only, so "(415) 555-0101" and "4155550101" find the same patient. */
    phoneDigits: text("phone_digits").notNull().default(""),
    email: text("email").notNull().default(""),
    addressLine: text("address_line").notNull().default(""),
    city: text("city").notNull().default(""),
    region: text("region").notNull().default(""),
    postalCode: text("postal_code").notNull().default(""),
    emergencyContactName: text("emergency_contact_name").notNull().default(""),
    emergencyContactRelationship: text("emergency_contact_relationship").notNull().default(""),
    emergencyContactPhone: text("emergency_contact_phone").notNull().default(""),
    escortName: text("escort_name").notNull().default(""),
    escortRelationship: text("escort_relationship").notNull().default(""),
    escortPhone: text("escort_phone").notNull().default(""),
    weightKg: numeric("weight_kg", { precision: 5, scale: 1 }),
    active: boolean("active").notNull().default(true),
    createdBy: uuid("created_by").references(() => staffUser.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("patient_clinic_mrn_key").on(t.clinicId, t.mrn),
    index("patient_clinic_dob_idx").on(t.clinicId, t.dateOfBirth),
    index("patient_clinic_phone_idx").on(t.clinicId, t.phoneDigits),
    index("patient_clinic_name_idx").on(t.clinicId, sql`lower(${t.lastName})`, sql`lower(${t.firstName})`),
  ],
);

export const CARE_TEAM_ROLES = ["prescriber", "therapist", "nurse"] as const;
export type CareTeamRole = (typeof CARE_TEAM_ROLES)[number];
export const careTeamRoleEnum = pgEnum("care_team_role", CARE_TEAM_ROLES);

export const careTeamMember = pgTable(
  "care_team_member",
  {
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    patientId: uuid("patient_id")
      .notNull()
      .references(() => patient.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    role: careTeamRoleEnum("role").notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.userId, t.role] }), index("care_team_user_idx").on(t.userId)],
);
