-- Hand-written: indexes for the pages people use most, found by the benchmark (bench/README in the
-- top-level README). Not partial on purpose: the queries pass status and "active" as parameters, and a
-- generic plan cannot prove a partial index's predicate.

-- A clinic's calendar and the planner's busy times: "overlaps [from, to)" written as the range
-- expression (app/scheduling/overlap-sql.ts), so the index has both bounds to work with.
CREATE INDEX appointment_clinic_during_idx ON appointment USING gist (clinic_id, tstzrange(starts_at, ends_at, '[)'));
--> statement-breakpoint
CREATE INDEX appointment_staff_clinic_during_idx ON appointment_staff USING gist (clinic_id, tstzrange(starts_at, ends_at, '[)'));
--> statement-breakpoint
-- A series' outcome measures (measures page, sign-off queue, course summary PDF).
CREATE INDEX measure_response_series_idx ON measure_response (series_id, completed_at);
--> statement-breakpoint
-- A series' dosing sessions (course summary PDF, readiness checks).
CREATE INDEX dosing_session_series_idx ON dosing_session (series_id);
