-- Hand-written: the database makes double booking impossible, whatever the application does.
ALTER TABLE appointment ADD CONSTRAINT appointment_time_order_check CHECK (starts_at < ends_at);
--> statement-breakpoint
ALTER TABLE appointment ADD CONSTRAINT appointment_room_no_overlap
  EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (status <> 'cancelled' AND room_id IS NOT NULL);
--> statement-breakpoint
ALTER TABLE appointment ADD CONSTRAINT appointment_patient_no_overlap
  EXCLUDE USING gist (patient_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (status <> 'cancelled');
--> statement-breakpoint
ALTER TABLE appointment_staff ADD CONSTRAINT appointment_staff_no_overlap
  EXCLUDE USING gist (user_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (active);
--> statement-breakpoint
-- A clinician's booked range is always the appointment's: copied on insert, followed on every change.
CREATE FUNCTION appointment_staff_take_times() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.starts_at, a.ends_at, a.status <> 'cancelled', a.clinic_id
    INTO NEW.starts_at, NEW.ends_at, NEW.active, NEW.clinic_id
    FROM appointment a WHERE a.id = NEW.appointment_id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER appointment_staff_times BEFORE INSERT OR UPDATE ON appointment_staff
  FOR EACH ROW EXECUTE FUNCTION appointment_staff_take_times();
--> statement-breakpoint
-- Touching the rows is enough: their BEFORE UPDATE trigger copies the appointment's new times and status.
CREATE FUNCTION appointment_times_to_staff() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE appointment_staff SET starts_at = NEW.starts_at WHERE appointment_id = NEW.id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER appointment_times_follow AFTER UPDATE OF starts_at, ends_at, status ON appointment
  FOR EACH ROW EXECUTE FUNCTION appointment_times_to_staff();
--> statement-breakpoint
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER appointment_event_append_only BEFORE UPDATE OR DELETE ON appointment_event
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER appointment_event_no_truncate BEFORE TRUNCATE ON appointment_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
-- Appointments are cancelled, never deleted: their history must stay whole.
CREATE TRIGGER appointment_no_delete BEFORE DELETE ON appointment FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER series_no_delete BEFORE DELETE ON series FOR EACH ROW EXECUTE FUNCTION refuse_delete();
