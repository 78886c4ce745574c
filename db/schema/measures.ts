import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { clinic } from "./clinic";
import { patient } from "./patients";
import { appointment, series } from "./scheduling";
import { staffUser } from "./staff";

export const INSTRUMENTS = ["phq9", "gad7", "pcl5"] as const;
export type Instrument = (typeof INSTRUMENTS)[number];
export const instrumentEnum = pgEnum("instrument", INSTRUMENTS);

export const MEASURE_CONTEXTS = ["baseline", "pre_dose", "integration", "follow_up"] as const;
export const measureContextEnum = pgEnum("measure_context", MEASURE_CONTEXTS);

/** One completed questionnaire, item by item, with the score computed by the scoring module. Append-only. */
export const measureResponse = pgTable(
  "measure_response",
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
    instrument: instrumentEnum("instrument").notNull(),
    context: measureContextEnum("context").notNull(),
    items: jsonb("items").$type<number[]>().notNull(),
    total: integer("total").notNull(),
    severity: text("severity").notNull(),
    /** PHQ-9 item 9 (thoughts of self-harm) above zero alerts the care team. */
    alert: text("alert").notNull().default(""),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull(),
    recordedBy: uuid("recorded_by")
      .notNull()
      .references(() => staffUser.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    enteredInErrorAt: timestamp("entered_in_error_at", { withTimezone: true }),
    enteredInErrorBy: uuid("entered_in_error_by").references(() => staffUser.id),
    enteredInErrorReason: text("entered_in_error_reason").notNull().default(""),
  },
  (t) => [index("measure_patient_idx").on(t.patientId, t.instrument, t.completedAt)],
);
