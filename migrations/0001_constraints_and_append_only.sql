-- Hand-written: what drizzle-kit cannot express. Runs on PostgreSQL 15+ and on PGlite.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Patient search by any part of the name ("ann", "nguy", "ann nguyen") stays fast on tens of thousands of rows.
CREATE INDEX patient_name_trgm_idx ON patient USING gin ((lower(first_name || ' ' || last_name || ' ' || preferred_name)) gin_trgm_ops);
--> statement-breakpoint
ALTER TABLE clinic_opening_hours ADD CONSTRAINT clinic_opening_hours_weekday_check CHECK (weekday BETWEEN 0 AND 6);
--> statement-breakpoint
ALTER TABLE clinic_opening_hours ADD CONSTRAINT clinic_opening_hours_order_check CHECK (opens_at < closes_at);
--> statement-breakpoint
ALTER TABLE working_hours ADD CONSTRAINT working_hours_weekday_check CHECK (weekday BETWEEN 0 AND 6);
--> statement-breakpoint
ALTER TABLE working_hours ADD CONSTRAINT working_hours_order_check CHECK (starts_at < ends_at);
--> statement-breakpoint
ALTER TABLE time_off ADD CONSTRAINT time_off_order_check CHECK (starts_at < ends_at);
--> statement-breakpoint
ALTER TABLE staff_user ADD CONSTRAINT staff_user_roles_check CHECK (cardinality(roles) > 0);
--> statement-breakpoint
ALTER TABLE patient ADD CONSTRAINT patient_weight_check CHECK (weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 500));
--> statement-breakpoint
-- The audit trail is append-only whatever the application does.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
--> statement-breakpoint
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
--> statement-breakpoint
-- Staff are deactivated, never deleted: their names stay on the records they signed.
CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted; deactivate instead', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER staff_user_no_delete BEFORE DELETE ON staff_user FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER patient_no_delete BEFORE DELETE ON patient FOR EACH ROW EXECUTE FUNCTION refuse_delete();
