-- Front desk types "nguyen" for "Nguyễn" and "lukasz" for "Łukasz": names are matched with accents
-- folded. unaccent() is only STABLE (its dictionary could change), so an index needs an IMMUTABLE
-- wrapper naming the dictionary explicitly.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE FUNCTION fold_name(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
--> statement-breakpoint
DROP INDEX patient_name_trgm_idx;
--> statement-breakpoint
CREATE INDEX patient_name_trgm_idx ON patient USING gin (fold_name(first_name || ' ' || last_name || ' ' || preferred_name) gin_trgm_ops);
