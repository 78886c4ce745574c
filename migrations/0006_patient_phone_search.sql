-- Phone search matches the start or the last digits of a number; a trigram index serves both.
CREATE INDEX patient_phone_trgm_idx ON patient USING gin (phone_digits gin_trgm_ops);
