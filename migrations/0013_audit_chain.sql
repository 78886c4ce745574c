-- Hand-written: the tamper-evident audit trail (ADR 0007). Every audit entry carries a SHA-256 hash
-- chained to the previous entry of its clinic (entries with no clinic form one chain of their own),
-- assigned by a trigger in the inserting transaction. `npm run audit:verify` recomputes the chain.
ALTER TABLE "audit_entry" ADD COLUMN "clinic_seq" bigint;
--> statement-breakpoint
ALTER TABLE "audit_entry" ADD COLUMN "prev_hash" bytea;
--> statement-breakpoint
ALTER TABLE "audit_entry" ADD COLUMN "hash" bytea;
--> statement-breakpoint
-- One row per chain: its last sequence number and hash. Keyed by clinic id; the nil uuid stands for
-- the entries with no clinic (a random clinic id is never nil). The app role gets no rights on it:
-- only the chain trigger (SECURITY DEFINER) writes it.
CREATE TABLE "audit_chain_head" (
	"chain_key" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" bytea NOT NULL
);
--> statement-breakpoint
REVOKE ALL ON "audit_chain_head" FROM PUBLIC;
--> statement-breakpoint
-- One field of the canonical bytes: a 4-byte big-endian length and the UTF-8 bytes; NULL is the
-- length ffffffff with no bytes, so NULL, '' and every other value encode differently.
CREATE FUNCTION audit_chain_field(value text) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN value IS NULL THEN decode('ffffffff', 'hex')
              ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END
$$;
--> statement-breakpoint
-- The canonical bytes of an entry, version kap-audit-v1 (app/audit/chain-hash.ts computes the same
-- bytes in JavaScript; change both or neither). Names are schema-qualified because the chain trigger
-- runs with search_path = pg_catalog, pg_temp.
CREATE FUNCTION audit_entry_canonical(e audit_entry) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT public.audit_chain_field('kap-audit-v1')
      || public.audit_chain_field(e.clinic_id::text)
      || public.audit_chain_field(e.clinic_seq::text)
      || public.audit_chain_field(e.id::text)
      || public.audit_chain_field(to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      || public.audit_chain_field(e.actor_user_id::text)
      || public.audit_chain_field(e.actor_email)
      || public.audit_chain_field(e.action)
      || public.audit_chain_field(e.entity_type)
      || public.audit_chain_field(e.entity_id)
      || public.audit_chain_field(e.patient_id::text)
      || public.audit_chain_field(e.ip)
      || public.audit_chain_field(e.outcome)
      || public.audit_chain_field(e.detail::text)
      || int4send(octet_length(e.prev_hash)) || e.prev_hash
$$;
--> statement-breakpoint
-- Runs as its owner (the migration role), so the app role needs no right on audit_chain_head. The
-- head row locked FOR UPDATE serializes the inserts of one clinic until their transactions end: two
-- transactions can never take the same sequence number, and a rolled-back insert leaves no gap.
-- Client-supplied clinic_seq, prev_hash and hash are always overwritten.
CREATE FUNCTION audit_entry_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  chain uuid := coalesce(NEW.clinic_id, '00000000-0000-0000-0000-000000000000'::uuid);
BEGIN
  LOOP
    SELECT h.seq + 1, h.hash INTO NEW.clinic_seq, NEW.prev_hash FROM public.audit_chain_head h WHERE h.chain_key = chain FOR UPDATE;
    EXIT WHEN FOUND;
    INSERT INTO public.audit_chain_head (chain_key, seq, hash) VALUES (chain, 0, decode(repeat('00', 32), 'hex')) ON CONFLICT (chain_key) DO NOTHING;
  END LOOP;
  NEW.hash := sha256(public.audit_entry_canonical(NEW));
  UPDATE public.audit_chain_head SET seq = NEW.clinic_seq, hash = NEW.hash WHERE chain_key = chain;
  RETURN NEW;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_entry_chain() FROM PUBLIC;
--> statement-breakpoint
-- Backfill, oldest first per chain. The append-only trigger is off only inside this migration's
-- transaction, which holds the table's exclusive lock until it commits.
ALTER TABLE "audit_entry" DISABLE TRIGGER "audit_entry_append_only";
--> statement-breakpoint
DO $$
DECLARE
  e audit_entry;
  chain uuid;
  current_chain uuid;
  chain_seq bigint := 0;
  chain_prev bytea;
BEGIN
  FOR e IN SELECT * FROM audit_entry ORDER BY coalesce(clinic_id, '00000000-0000-0000-0000-000000000000'::uuid), at, id LOOP
    chain := coalesce(e.clinic_id, '00000000-0000-0000-0000-000000000000'::uuid);
    IF current_chain IS DISTINCT FROM chain THEN
      IF current_chain IS NOT NULL THEN
        INSERT INTO audit_chain_head (chain_key, seq, hash) VALUES (current_chain, chain_seq, chain_prev);
      END IF;
      current_chain := chain;
      chain_seq := 0;
      chain_prev := decode(repeat('00', 32), 'hex');
    END IF;
    chain_seq := chain_seq + 1;
    e.clinic_seq := chain_seq;
    e.prev_hash := chain_prev;
    e.hash := sha256(audit_entry_canonical(e));
    UPDATE audit_entry SET clinic_seq = e.clinic_seq, prev_hash = e.prev_hash, hash = e.hash WHERE id = e.id;
    chain_prev := e.hash;
  END LOOP;
  IF current_chain IS NOT NULL THEN
    INSERT INTO audit_chain_head (chain_key, seq, hash) VALUES (current_chain, chain_seq, chain_prev);
  END IF;
END $$;
--> statement-breakpoint
ALTER TABLE "audit_entry" ENABLE TRIGGER "audit_entry_append_only";
--> statement-breakpoint
-- No defaults: an insert that bypasses the chain trigger is refused instead of stored unchained.
ALTER TABLE "audit_entry" ALTER COLUMN "clinic_seq" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "audit_entry" ALTER COLUMN "prev_hash" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "audit_entry" ALTER COLUMN "hash" SET NOT NULL;
--> statement-breakpoint
-- Walks each chain in order for audit:verify, and refuses a second entry at one place in a chain.
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_chain_seq_unique" UNIQUE NULLS NOT DISTINCT ("clinic_id", "clinic_seq");
--> statement-breakpoint
-- BEFORE triggers fire in name order: "zz_" makes this one last, so the hash covers the row exactly
-- as any other BEFORE INSERT trigger leaves it.
CREATE TRIGGER zz_audit_entry_chain BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_entry_chain();
