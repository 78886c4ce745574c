-- Two working-hours intervals of one person on one weekday never overlap. Times are placed on a
-- fixed day only to make them ranges; touching intervals (08:00–12:00, 12:00–17:00) are allowed.
ALTER TABLE working_hours ADD CONSTRAINT working_hours_no_overlap
  EXCLUDE USING gist (user_id WITH =, weekday WITH =, tsrange(DATE '2000-01-03' + starts_at, DATE '2000-01-03' + ends_at, '[)') WITH &&);
