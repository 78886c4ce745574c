import {
  boolean,
  index,
  pgEnum,
  pgTable,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { clinic } from "./clinic";

import { ROLES } from "./roles";

export { ROLES, type Role } from "./roles";
export const roleEnum = pgEnum("staff_role", ROLES);

export const staffUser = pgTable(
  "staff_user",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    /** Stored lower-cased; one login per person across the whole installation. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** Professional credentials shown after the name, e.g. "MD", "LMFT", "RN". */
    credentials: text("credentials").notNull().default(""),
    licenseNumber: text("license_number").notNull().default(""),
    npi: text("npi").notNull().default(""),
    deaNumber: text("dea_number").notNull().default(""),
    roles: roleEnum("roles").array().notNull(),
    passwordHash: text("password_hash").notNull(),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    active: boolean("active").notNull().default(true),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("staff_user_email_key").on(sql`lower(${t.email})`),
    index("staff_user_clinic_idx").on(t.clinicId),
  ],
);

/** Weekly working hours, local to the clinic; several intervals a day are allowed. */
export const workingHours = pgTable(
  "working_hours",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    weekday: smallint("weekday").notNull(),
    startsAt: time("starts_at").notNull(),
    endsAt: time("ends_at").notNull(),
  },
  (t) => [index("working_hours_user_idx").on(t.userId)],
);

export const timeOff = pgTable(
  "time_off",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUser.id),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    reason: text("reason").notNull().default(""),
    cancelled: boolean("cancelled").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("time_off_user_idx").on(t.userId, t.startsAt)],
);
