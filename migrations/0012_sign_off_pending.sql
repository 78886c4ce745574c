CREATE TABLE "sign_off_pending" (
	"dosing_session_id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"discharged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sign_off_pending" ADD CONSTRAINT "sign_off_pending_dosing_session_id_dosing_session_id_fk" FOREIGN KEY ("dosing_session_id") REFERENCES "public"."dosing_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_off_pending" ADD CONSTRAINT "sign_off_pending_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_off_pending" ADD CONSTRAINT "sign_off_pending_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_off_pending_clinic_idx" ON "sign_off_pending" USING btree ("clinic_id","discharged_at");--> statement-breakpoint
-- Hand-written: the triggers that keep sign_off_pending, and the sessions already waiting.
CREATE FUNCTION sign_off_pending_on_discharge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.discharged_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.discharged_at IS NULL)
     AND NOT EXISTS (SELECT 1 FROM sign_off WHERE dosing_session_id = NEW.id) THEN
    INSERT INTO sign_off_pending (dosing_session_id, clinic_id, patient_id, discharged_at)
    VALUES (NEW.id, NEW.clinic_id, NEW.patient_id, NEW.discharged_at)
    ON CONFLICT (dosing_session_id) DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dosing_session_awaits_sign_off AFTER INSERT OR UPDATE OF discharged_at ON dosing_session FOR EACH ROW EXECUTE FUNCTION sign_off_pending_on_discharge();
--> statement-breakpoint
CREATE FUNCTION sign_off_pending_on_sign_off() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM sign_off_pending WHERE dosing_session_id = NEW.dosing_session_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sign_off_ends_waiting AFTER INSERT ON sign_off FOR EACH ROW EXECUTE FUNCTION sign_off_pending_on_sign_off();
--> statement-breakpoint
INSERT INTO sign_off_pending (dosing_session_id, clinic_id, patient_id, discharged_at)
SELECT d.id, d.clinic_id, d.patient_id, d.discharged_at FROM dosing_session d
WHERE d.discharged_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sign_off s WHERE s.dosing_session_id = d.id);
