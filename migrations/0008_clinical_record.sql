CREATE TYPE "public"."administration_route" AS ENUM('IM', 'IV', 'SL', 'IN', 'oral');--> statement-breakpoint
CREATE TYPE "public"."drug" AS ENUM('ketamine', 'esketamine');--> statement-breakpoint
CREATE TYPE "public"."adverse_event_severity" AS ENUM('mild', 'moderate', 'severe');--> statement-breakpoint
CREATE TYPE "public"."note_kind" AS ENUM('preparation', 'dosing_session', 'integration', 'medical', 'psychotherapy');--> statement-breakpoint
CREATE TYPE "public"."instrument" AS ENUM('phq9', 'gad7', 'pcl5');--> statement-breakpoint
CREATE TYPE "public"."measure_context" AS ENUM('baseline', 'pre_dose', 'integration', 'follow_up');--> statement-breakpoint
CREATE TABLE "consent" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"consent_form_id" uuid NOT NULL,
	"patient_signature" text NOT NULL,
	"signed_on" date NOT NULL,
	"witness_name" text NOT NULL,
	"escort_name" text NOT NULL,
	"escort_phone" text NOT NULL,
	"transport_plan" text NOT NULL,
	"withdrawn" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_form" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"version" text NOT NULL,
	"body" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dose_order" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"appointment_id" uuid,
	"drug" "drug" NOT NULL,
	"route" "administration_route" NOT NULL,
	"dose_mg" numeric(7, 2) NOT NULL,
	"weight_kg" numeric(5, 1),
	"mg_per_kg" numeric(6, 3),
	"out_of_range_reason" text DEFAULT '' NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"ordered_by" uuid NOT NULL,
	"ordered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"discontinued_at" timestamp with time zone,
	"discontinued_by" uuid,
	"discontinued_reason" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"contraindications" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"medications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"baseline_systolic" integer,
	"baseline_diastolic" integer,
	"baseline_heart_rate" integer,
	"baseline_weight_kg" numeric(5, 1),
	"notes" text DEFAULT '' NOT NULL,
	"cleared" boolean,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "administration" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"dosing_session_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_in_error_at" timestamp with time zone,
	"entered_in_error_by" uuid,
	"entered_in_error_reason" text DEFAULT '' NOT NULL,
	"drug" "drug" NOT NULL,
	"route" "administration_route" NOT NULL,
	"dose_mg" numeric(7, 2) NOT NULL,
	"lot_number" text NOT NULL,
	"given_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "adverse_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"dosing_session_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_in_error_at" timestamp with time zone,
	"entered_in_error_by" uuid,
	"entered_in_error_reason" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"severity" "adverse_event_severity" NOT NULL,
	"action_taken" text NOT NULL,
	"resolved" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dosing_session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"series_id" uuid,
	"patient_id" uuid NOT NULL,
	"dose_order_id" uuid,
	"checked_in_at" timestamp with time zone NOT NULL,
	"discharged_at" timestamp with time zone,
	"discharge_criteria" jsonb,
	"discharge_escort_name" text DEFAULT '' NOT NULL,
	"discharge_note" text DEFAULT '' NOT NULL,
	"discharged_by" uuid,
	"opened_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mental_status_check" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"dosing_session_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_in_error_at" timestamp with time zone,
	"entered_in_error_by" uuid,
	"entered_in_error_reason" text DEFAULT '' NOT NULL,
	"moaas" integer,
	"cadss_items" jsonb,
	"cadss_total" integer
);
--> statement-breakpoint
CREATE TABLE "observation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"dosing_session_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_in_error_at" timestamp with time zone,
	"entered_in_error_by" uuid,
	"entered_in_error_reason" text DEFAULT '' NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vitals_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"dosing_session_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_in_error_at" timestamp with time zone,
	"entered_in_error_by" uuid,
	"entered_in_error_reason" text DEFAULT '' NOT NULL,
	"systolic" integer,
	"diastolic" integer,
	"heart_rate" integer,
	"spo2" integer,
	"respiratory_rate" integer,
	"alerts" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "note" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"series_id" uuid,
	"appointment_id" uuid,
	"kind" "note_kind" NOT NULL,
	"author_id" uuid NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"signed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "note_addendum" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "note_authorization" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"granted_to" uuid NOT NULL,
	"granted_by" uuid NOT NULL,
	"reason" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sign_off" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"dosing_session_id" uuid NOT NULL,
	"prescriber_id" uuid NOT NULL,
	"attestation" text NOT NULL,
	"reviewed" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"series_id" uuid,
	"appointment_id" uuid,
	"instrument" "instrument" NOT NULL,
	"context" "measure_context" NOT NULL,
	"items" jsonb NOT NULL,
	"total" integer NOT NULL,
	"severity" text NOT NULL,
	"alert" text DEFAULT '' NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entered_in_error_at" timestamp with time zone,
	"entered_in_error_by" uuid,
	"entered_in_error_reason" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_consent_form_id_consent_form_id_fk" FOREIGN KEY ("consent_form_id") REFERENCES "public"."consent_form"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_form" ADD CONSTRAINT "consent_form_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_order" ADD CONSTRAINT "dose_order_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_order" ADD CONSTRAINT "dose_order_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_order" ADD CONSTRAINT "dose_order_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_order" ADD CONSTRAINT "dose_order_ordered_by_staff_user_id_fk" FOREIGN KEY ("ordered_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_order" ADD CONSTRAINT "dose_order_discontinued_by_staff_user_id_fk" FOREIGN KEY ("discontinued_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening" ADD CONSTRAINT "screening_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening" ADD CONSTRAINT "screening_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening" ADD CONSTRAINT "screening_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening" ADD CONSTRAINT "screening_signed_by_staff_user_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening" ADD CONSTRAINT "screening_created_by_staff_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "administration" ADD CONSTRAINT "administration_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "administration" ADD CONSTRAINT "administration_dosing_session_id_dosing_session_id_fk" FOREIGN KEY ("dosing_session_id") REFERENCES "public"."dosing_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "administration" ADD CONSTRAINT "administration_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "administration" ADD CONSTRAINT "administration_entered_in_error_by_staff_user_id_fk" FOREIGN KEY ("entered_in_error_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "administration" ADD CONSTRAINT "administration_given_by_staff_user_id_fk" FOREIGN KEY ("given_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_event" ADD CONSTRAINT "adverse_event_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_event" ADD CONSTRAINT "adverse_event_dosing_session_id_dosing_session_id_fk" FOREIGN KEY ("dosing_session_id") REFERENCES "public"."dosing_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_event" ADD CONSTRAINT "adverse_event_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adverse_event" ADD CONSTRAINT "adverse_event_entered_in_error_by_staff_user_id_fk" FOREIGN KEY ("entered_in_error_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dosing_session" ADD CONSTRAINT "dosing_session_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dosing_session" ADD CONSTRAINT "dosing_session_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dosing_session" ADD CONSTRAINT "dosing_session_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dosing_session" ADD CONSTRAINT "dosing_session_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dosing_session" ADD CONSTRAINT "dosing_session_dose_order_id_dose_order_id_fk" FOREIGN KEY ("dose_order_id") REFERENCES "public"."dose_order"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dosing_session" ADD CONSTRAINT "dosing_session_discharged_by_staff_user_id_fk" FOREIGN KEY ("discharged_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dosing_session" ADD CONSTRAINT "dosing_session_opened_by_staff_user_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mental_status_check" ADD CONSTRAINT "mental_status_check_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mental_status_check" ADD CONSTRAINT "mental_status_check_dosing_session_id_dosing_session_id_fk" FOREIGN KEY ("dosing_session_id") REFERENCES "public"."dosing_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mental_status_check" ADD CONSTRAINT "mental_status_check_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mental_status_check" ADD CONSTRAINT "mental_status_check_entered_in_error_by_staff_user_id_fk" FOREIGN KEY ("entered_in_error_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation" ADD CONSTRAINT "observation_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation" ADD CONSTRAINT "observation_dosing_session_id_dosing_session_id_fk" FOREIGN KEY ("dosing_session_id") REFERENCES "public"."dosing_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation" ADD CONSTRAINT "observation_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation" ADD CONSTRAINT "observation_entered_in_error_by_staff_user_id_fk" FOREIGN KEY ("entered_in_error_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vitals_entry" ADD CONSTRAINT "vitals_entry_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vitals_entry" ADD CONSTRAINT "vitals_entry_dosing_session_id_dosing_session_id_fk" FOREIGN KEY ("dosing_session_id") REFERENCES "public"."dosing_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vitals_entry" ADD CONSTRAINT "vitals_entry_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vitals_entry" ADD CONSTRAINT "vitals_entry_entered_in_error_by_staff_user_id_fk" FOREIGN KEY ("entered_in_error_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note" ADD CONSTRAINT "note_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note" ADD CONSTRAINT "note_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note" ADD CONSTRAINT "note_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note" ADD CONSTRAINT "note_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note" ADD CONSTRAINT "note_author_id_staff_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_addendum" ADD CONSTRAINT "note_addendum_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_addendum" ADD CONSTRAINT "note_addendum_note_id_note_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."note"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_addendum" ADD CONSTRAINT "note_addendum_author_id_staff_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_authorization" ADD CONSTRAINT "note_authorization_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_authorization" ADD CONSTRAINT "note_authorization_note_id_note_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."note"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_authorization" ADD CONSTRAINT "note_authorization_granted_to_staff_user_id_fk" FOREIGN KEY ("granted_to") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_authorization" ADD CONSTRAINT "note_authorization_granted_by_staff_user_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_off" ADD CONSTRAINT "sign_off_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_off" ADD CONSTRAINT "sign_off_dosing_session_id_dosing_session_id_fk" FOREIGN KEY ("dosing_session_id") REFERENCES "public"."dosing_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_off" ADD CONSTRAINT "sign_off_prescriber_id_staff_user_id_fk" FOREIGN KEY ("prescriber_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_response" ADD CONSTRAINT "measure_response_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_response" ADD CONSTRAINT "measure_response_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_response" ADD CONSTRAINT "measure_response_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_response" ADD CONSTRAINT "measure_response_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_response" ADD CONSTRAINT "measure_response_recorded_by_staff_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_response" ADD CONSTRAINT "measure_response_entered_in_error_by_staff_user_id_fk" FOREIGN KEY ("entered_in_error_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_series_idx" ON "consent" USING btree ("series_id","recorded_at");--> statement-breakpoint
CREATE INDEX "dose_order_series_idx" ON "dose_order" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_series_key" ON "screening" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "administration_session_idx" ON "administration" USING btree ("dosing_session_id","at");--> statement-breakpoint
CREATE INDEX "adverse_event_session_idx" ON "adverse_event" USING btree ("dosing_session_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "dosing_session_appointment_key" ON "dosing_session" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "dosing_session_patient_idx" ON "dosing_session" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "mental_status_session_idx" ON "mental_status_check" USING btree ("dosing_session_id","at");--> statement-breakpoint
CREATE INDEX "observation_session_idx" ON "observation" USING btree ("dosing_session_id","at");--> statement-breakpoint
CREATE INDEX "vitals_session_idx" ON "vitals_entry" USING btree ("dosing_session_id","at");--> statement-breakpoint
CREATE INDEX "note_patient_idx" ON "note" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "note_appointment_idx" ON "note" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "note_addendum_note_idx" ON "note_addendum" USING btree ("note_id","at");--> statement-breakpoint
CREATE INDEX "note_authorization_note_idx" ON "note_authorization" USING btree ("note_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sign_off_session_key" ON "sign_off" USING btree ("dosing_session_id");--> statement-breakpoint
CREATE INDEX "measure_patient_idx" ON "measure_response" USING btree ("patient_id","instrument","completed_at");