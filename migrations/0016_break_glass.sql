-- Hand-written: break-glass (emergency) access to a patient outside the clinician's care teams.
CREATE TABLE "break_glass_grant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"reason_kind" text NOT NULL,
	"reason" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "break_glass_review" (
	"grant_id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"reviewed_by" uuid NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"note" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "break_glass_grant" ADD CONSTRAINT "break_glass_grant_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "break_glass_grant" ADD CONSTRAINT "break_glass_grant_user_id_staff_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "break_glass_grant" ADD CONSTRAINT "break_glass_grant_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "break_glass_review" ADD CONSTRAINT "break_glass_review_grant_id_break_glass_grant_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."break_glass_grant"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "break_glass_review" ADD CONSTRAINT "break_glass_review_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "break_glass_review" ADD CONSTRAINT "break_glass_review_reviewed_by_staff_user_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff_user"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Every request of a clinician asks for their live grants: by user, newest expiry first.
CREATE INDEX "break_glass_grant_user_idx" ON "break_glass_grant" USING btree ("user_id","expires_at");
--> statement-breakpoint
CREATE INDEX "break_glass_grant_clinic_idx" ON "break_glass_grant" USING btree ("clinic_id","starts_at");
--> statement-breakpoint
CREATE INDEX "break_glass_grant_patient_idx" ON "break_glass_grant" USING btree ("patient_id","starts_at");
--> statement-breakpoint
ALTER TABLE break_glass_grant ADD CONSTRAINT break_glass_grant_reason_kind_check
  CHECK (reason_kind IN ('emergency', 'patient-present', 'covering', 'other'));
--> statement-breakpoint
-- A reason is at least a sentence; the application asks for 20 characters, the database never accepts fewer.
ALTER TABLE break_glass_grant ADD CONSTRAINT break_glass_grant_reason_check
  CHECK (char_length(btrim(reason)) >= 20 AND char_length(reason) <= 2000);
--> statement-breakpoint
-- The clinic setting is bounded to 5–240 minutes; no grant outlasts the upper bound whatever is stored.
ALTER TABLE break_glass_grant ADD CONSTRAINT break_glass_grant_window_check
  CHECK (expires_at > starts_at AND expires_at <= starts_at + interval '240 minutes');
--> statement-breakpoint
ALTER TABLE break_glass_grant ADD CONSTRAINT break_glass_grant_ended_check
  CHECK (ended_at IS NULL OR (ended_at >= starts_at AND ended_at < expires_at));
--> statement-breakpoint
-- One live grant per clinician and patient: a second request while one runs is refused.
ALTER TABLE break_glass_grant ADD CONSTRAINT break_glass_grant_one_at_a_time
  EXCLUDE USING gist (clinic_id WITH =, user_id WITH =, patient_id WITH =, tstzrange(starts_at, coalesce(ended_at, expires_at), '[)') WITH &&);
--> statement-breakpoint
ALTER TABLE break_glass_review ADD CONSTRAINT break_glass_review_note_check
  CHECK (char_length(btrim(note)) >= 1 AND char_length(note) <= 2000);
--> statement-breakpoint
-- A grant names a clinician and a patient of its own clinic, never of another.
CREATE FUNCTION break_glass_grant_same_clinic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM staff_user WHERE id = NEW.user_id AND clinic_id = NEW.clinic_id)
     OR NOT EXISTS (SELECT 1 FROM patient WHERE id = NEW.patient_id AND clinic_id = NEW.clinic_id) THEN
    RAISE EXCEPTION 'a break-glass grant must name a clinician and a patient of its own clinic' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER break_glass_grant_clinic BEFORE INSERT ON break_glass_grant FOR EACH ROW EXECUTE FUNCTION break_glass_grant_same_clinic();
--> statement-breakpoint
CREATE FUNCTION break_glass_review_same_clinic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM break_glass_grant WHERE id = NEW.grant_id AND clinic_id = NEW.clinic_id)
     OR NOT EXISTS (SELECT 1 FROM staff_user WHERE id = NEW.reviewed_by AND clinic_id = NEW.clinic_id) THEN
    RAISE EXCEPTION 'a break-glass review must be of a grant of the reviewer''s own clinic' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER break_glass_review_clinic BEFORE INSERT ON break_glass_review FOR EACH ROW EXECUTE FUNCTION break_glass_review_same_clinic();
--> statement-breakpoint
-- Grants are append-only. The one change allowed is the clinician ending their access early: ended_at
-- goes from empty to a time, once; every other column stays as recorded.
CREATE FUNCTION break_glass_grant_only_ends() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.ended_at IS NOT NULL
     OR NEW.ended_at IS NULL
     OR (to_jsonb(NEW) - 'ended_at') IS DISTINCT FROM (to_jsonb(OLD) - 'ended_at') THEN
    RAISE EXCEPTION 'break-glass grants are never rewritten; the only change allowed is ending one early, once'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER break_glass_grant_append_only BEFORE UPDATE ON break_glass_grant FOR EACH ROW EXECUTE FUNCTION break_glass_grant_only_ends();
--> statement-breakpoint
CREATE TRIGGER break_glass_grant_no_delete BEFORE DELETE ON break_glass_grant FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER break_glass_grant_no_truncate BEFORE TRUNCATE ON break_glass_grant FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER break_glass_review_append_only BEFORE UPDATE OR DELETE ON break_glass_review FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER break_glass_review_no_truncate BEFORE TRUNCATE ON break_glass_review FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
