import { sql } from "drizzle-orm";
import {
  boolean,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Vital-sign values that raise an alert as they are recorded. */
export type VitalThresholds = {
  systolicMax: number;
  diastolicMax: number;
  systolicMin: number;
  heartRateMax: number;
  heartRateMin: number;
  spo2Min: number;
  respiratoryRateMin: number;
  respiratoryRateMax: number;
};

/**
 * A clinic's usual dose range for one route; an order outside it needs a reason. A fixed-dose route
 * (intranasal esketamine: 56–84 mg) is checked in mg only (weightBased false, minMg..maxMg).
 */
export type DoseRange = {
  minMgPerKg: number;
  maxMgPerKg: number;
  maxMg: number;
  minMg?: number;
  weightBased?: boolean;
};

export type ClinicSettings = {
  /** Whether a prescriber sign-off of a dosing session gates the next dose of the series. */
  signOffGatesNextDose?: boolean;
  vitalThresholds?: Partial<VitalThresholds>;
  /** Keyed by route of administration (IM, IV, SL, IN, oral). */
  doseRanges?: Partial<Record<string, DoseRange>>;
  /** PCL-5 total at or above which a provisional PTSD diagnosis is reported (published range 31–33). */
  pcl5CutOff?: number;
  /** Medication classes flagged at screening, each with names that suggest it. */
  interactingMedications?: { className: string; names: string[] }[];
  /** Who must have a second factor (app/auth/second-factor-policy.ts); "prescribers-and-admins" when unset. */
  secondFactorRequirement?: "prescribers-and-admins" | "everyone" | "optional";
  /** How long an emergency (break-glass) access lasts, in minutes (5–240; 60 when unset). */
  breakGlassMinutes?: number;
};

export const clinic = pgTable("clinic", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull(),
  settings: jsonb("settings").$type<ClinicSettings>().notNull().default({}),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Weekday 0 = Sunday … 6 = Saturday; a weekday with no row is closed. Times are local to the clinic. */
export const clinicOpeningHours = pgTable(
  "clinic_opening_hours",
  {
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    weekday: smallint("weekday").notNull(),
    opensAt: time("opens_at").notNull(),
    closesAt: time("closes_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.weekday] })],
);

export const room = pgTable(
  "room",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clinicId: uuid("clinic_id")
      .notNull()
      .references(() => clinic.id),
    name: text("name").notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // "Cedar room" and "Cedar Room" are the same room to the people booking it.
  (t) => [uniqueIndex("room_clinic_name_key").on(t.clinicId, sql`lower(${t.name})`)],
);
