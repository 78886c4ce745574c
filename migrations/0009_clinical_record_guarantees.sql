-- Hand-written: what must never happen to the clinical record, whatever the application does.

-- A signed record is locked. Used for screenings (signed clearance) and notes.
CREATE FUNCTION refuse_change_when_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION '% is signed and cannot be changed; add an addendum instead', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER screening_locked_when_signed BEFORE UPDATE ON screening FOR EACH ROW EXECUTE FUNCTION refuse_change_when_signed();
--> statement-breakpoint
CREATE TRIGGER note_locked_when_signed BEFORE UPDATE ON note FOR EACH ROW EXECUTE FUNCTION refuse_change_when_signed();
--> statement-breakpoint
CREATE TRIGGER screening_no_delete BEFORE DELETE ON screening FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER note_no_delete BEFORE DELETE ON note FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER dose_order_no_delete BEFORE DELETE ON dose_order FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER dosing_session_no_delete BEFORE DELETE ON dosing_session FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint

-- Append-only records: consents, addenda, sign-offs.
CREATE TRIGGER consent_append_only BEFORE UPDATE OR DELETE ON consent FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER note_addendum_append_only BEFORE UPDATE OR DELETE ON note_addendum FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER sign_off_append_only BEFORE UPDATE OR DELETE ON sign_off FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER sign_off_no_truncate BEFORE TRUNCATE ON sign_off FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
--> statement-breakpoint

-- Session entries and measures: the one change allowed is marking an entry "entered in error", once,
-- with a reason and who did it; every other column must stay as recorded.
CREATE FUNCTION allow_only_entered_in_error() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marks text[] := ARRAY['entered_in_error_at', 'entered_in_error_by', 'entered_in_error_reason'];
BEGIN
  IF OLD.entered_in_error_at IS NOT NULL
     OR NEW.entered_in_error_at IS NULL
     OR NEW.entered_in_error_by IS NULL
     OR btrim(NEW.entered_in_error_reason) = ''
     OR (to_jsonb(NEW) - marks) IS DISTINCT FROM (to_jsonb(OLD) - marks) THEN
    RAISE EXCEPTION '% entries are never edited; mark one entered in error, with a reason, and record it again', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER administration_entries BEFORE UPDATE ON administration FOR EACH ROW EXECUTE FUNCTION allow_only_entered_in_error();
--> statement-breakpoint
CREATE TRIGGER vitals_entries BEFORE UPDATE ON vitals_entry FOR EACH ROW EXECUTE FUNCTION allow_only_entered_in_error();
--> statement-breakpoint
CREATE TRIGGER mental_status_entries BEFORE UPDATE ON mental_status_check FOR EACH ROW EXECUTE FUNCTION allow_only_entered_in_error();
--> statement-breakpoint
CREATE TRIGGER observation_entries BEFORE UPDATE ON observation FOR EACH ROW EXECUTE FUNCTION allow_only_entered_in_error();
--> statement-breakpoint
CREATE TRIGGER adverse_event_entries BEFORE UPDATE ON adverse_event FOR EACH ROW EXECUTE FUNCTION allow_only_entered_in_error();
--> statement-breakpoint
CREATE TRIGGER measure_response_entries BEFORE UPDATE ON measure_response FOR EACH ROW EXECUTE FUNCTION allow_only_entered_in_error();
--> statement-breakpoint
CREATE TRIGGER administration_no_delete BEFORE DELETE ON administration FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER vitals_no_delete BEFORE DELETE ON vitals_entry FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER mental_status_no_delete BEFORE DELETE ON mental_status_check FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER observation_no_delete BEFORE DELETE ON observation FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER adverse_event_no_delete BEFORE DELETE ON adverse_event FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER measure_response_no_delete BEFORE DELETE ON measure_response FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint

-- A dose order changes only to be discontinued, once.
CREATE FUNCTION allow_only_discontinuation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  marks text[] := ARRAY['discontinued_at', 'discontinued_by', 'discontinued_reason'];
BEGIN
  IF OLD.discontinued_at IS NOT NULL OR NEW.discontinued_at IS NULL OR (to_jsonb(NEW) - marks) IS DISTINCT FROM (to_jsonb(OLD) - marks) THEN
    RAISE EXCEPTION 'a dose order is never edited; discontinue it and order again' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dose_order_changes BEFORE UPDATE ON dose_order FOR EACH ROW EXECUTE FUNCTION allow_only_discontinuation();
--> statement-breakpoint

-- A discharged session is closed.
CREATE FUNCTION refuse_change_after_discharge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.discharged_at IS NOT NULL THEN
    RAISE EXCEPTION 'the dosing session was discharged and is closed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dosing_session_closed BEFORE UPDATE ON dosing_session FOR EACH ROW EXECUTE FUNCTION refuse_change_after_discharge();
--> statement-breakpoint

-- An authorization to read a psychotherapy note changes only to be revoked, once.
CREATE FUNCTION allow_only_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL OR (to_jsonb(NEW) - 'revoked_at') IS DISTINCT FROM (to_jsonb(OLD) - 'revoked_at') THEN
    RAISE EXCEPTION 'an authorization is never edited; revoke it and grant a new one' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER note_authorization_changes BEFORE UPDATE ON note_authorization FOR EACH ROW EXECUTE FUNCTION allow_only_revocation();
--> statement-breakpoint
CREATE TRIGGER note_authorization_no_delete BEFORE DELETE ON note_authorization FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint

-- Values outside what a human body or a scale can produce never reach the record.
ALTER TABLE vitals_entry ADD CONSTRAINT vitals_physical_range_check CHECK (
  (systolic IS NULL OR systolic BETWEEN 40 AND 300)
  AND (diastolic IS NULL OR diastolic BETWEEN 20 AND 200)
  AND (systolic IS NULL OR diastolic IS NULL OR diastolic < systolic)
  AND (heart_rate IS NULL OR heart_rate BETWEEN 20 AND 250)
  AND (spo2 IS NULL OR spo2 BETWEEN 50 AND 100)
  AND (respiratory_rate IS NULL OR respiratory_rate BETWEEN 2 AND 70)
  AND num_nonnulls(systolic, diastolic, heart_rate, spo2, respiratory_rate) > 0
);
--> statement-breakpoint
ALTER TABLE mental_status_check ADD CONSTRAINT mental_status_range_check CHECK (
  (moaas IS NULL OR moaas BETWEEN 0 AND 5) AND (cadss_total IS NULL OR cadss_total BETWEEN 0 AND 24) AND num_nonnulls(moaas, cadss_total) > 0
);
--> statement-breakpoint
ALTER TABLE administration ADD CONSTRAINT administration_dose_check CHECK (dose_mg > 0 AND dose_mg < 1000 AND btrim(lot_number) <> '');
--> statement-breakpoint
ALTER TABLE dose_order ADD CONSTRAINT dose_order_dose_check CHECK (dose_mg > 0 AND dose_mg < 1000);
--> statement-breakpoint
ALTER TABLE dosing_session ADD CONSTRAINT dosing_session_discharge_order_check CHECK (discharged_at IS NULL OR discharged_at >= checked_in_at);
--> statement-breakpoint
ALTER TABLE measure_response ADD CONSTRAINT measure_total_range_check CHECK (
  total >= 0 AND total <= CASE instrument WHEN 'phq9' THEN 27 WHEN 'gad7' THEN 21 WHEN 'pcl5' THEN 80 END
);
