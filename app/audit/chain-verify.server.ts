import { sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import {
  ChainCheck,
  type Anchor,
  type ChainName,
  type ChainPoint,
  type ChainReport,
  type VerifyReport,
} from "./chain-check";
import type { ChainEntry } from "./chain-hash";

const NIL_CHAIN = "00000000-0000-0000-0000-000000000000";
const PAGE_SIZE = 2_000;

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function inChain(chain: ChainName): SQL {
  return chain === null ? sql`clinic_id IS NULL` : sql`clinic_id = ${chain}::uuid`;
}

/** Every chain that has entries, found by skipping along the (clinic_id, clinic_seq) index, not by reading the table. */
async function chainsWithEntries(tx: DbOrTx): Promise<ChainName[]> {
  const chains: ChainName[] = [];
  let after: string | null = null;
  for (;;) {
    const condition: SQL = after === null ? sql`clinic_id IS NOT NULL` : sql`clinic_id > ${after}::uuid`;
    const [row] = rowsOf<{ chain: string }>(
      await tx.execute(
        sql`SELECT clinic_id::text AS chain FROM audit_entry WHERE ${condition} ORDER BY clinic_id LIMIT 1`,
      ),
    );
    if (!row) {
      break;
    }
    chains.push(row.chain);
    after = row.chain;
  }
  const orphans = rowsOf<{ found: number }>(
    await tx.execute(sql`SELECT 1 AS found FROM audit_entry WHERE clinic_id IS NULL LIMIT 1`),
  );
  return orphans.length > 0 ? [...chains, null] : chains;
}

async function storedHeads(tx: DbOrTx): Promise<Map<ChainName, ChainPoint>> {
  const rows = rowsOf<{ chain: string; seq: string; hash: string }>(
    await tx.execute(
      sql`SELECT chain_key::text AS chain, seq::text AS seq, encode(hash, 'hex') AS hash FROM audit_chain_head`,
    ),
  );
  return new Map(rows.map((row) => [row.chain === NIL_CHAIN ? null : row.chain, { seq: row.seq, hash: row.hash }]));
}

type EntryRow = {
  id: string;
  clinic_id: string | null;
  seq: string | null;
  at_micros: string | null;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string | null;
  entity_type: string | null;
  entity_id: string | null;
  patient_id: string | null;
  ip: string | null;
  outcome: string | null;
  detail: string | null;
  prev_hash: string | null;
  hash: string | null;
};

function toEntry(row: EntryRow): ChainEntry {
  return {
    id: row.id,
    clinicId: row.clinic_id,
    seq: row.seq,
    atMicros: row.at_micros,
    actorUserId: row.actor_user_id,
    actorEmail: row.actor_email,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    patientId: row.patient_id,
    ip: row.ip,
    outcome: row.outcome,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

// Every field as text: the hash is recomputed from these in JavaScript, never by the database's own
// chain functions, so a replaced trigger function is caught.
const ENTRY_COLUMNS = sql`
  id::text AS id, clinic_id::text AS clinic_id, clinic_seq::text AS seq,
  CASE WHEN isfinite(at) THEN (extract(epoch FROM at) * 1000000)::bigint::text END AS at_micros,
  actor_user_id::text AS actor_user_id, actor_email, action, entity_type, entity_id,
  patient_id::text AS patient_id, ip, outcome, detail::text AS detail,
  encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash`;

/** One page of a chain after (seq, id), along the (clinic_id, clinic_seq) unique index. */
async function chainPage(tx: DbOrTx, chain: ChainName, after: { seq: string; id: string } | null): Promise<EntryRow[]> {
  const position = after === null ? sql`TRUE` : sql`(clinic_seq, id) > (${after.seq}::bigint, ${after.id}::bigint)`;
  return rowsOf<EntryRow>(
    await tx.execute(
      sql`SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE ${inChain(chain)} AND ${position} ORDER BY clinic_seq, id LIMIT ${PAGE_SIZE}`,
    ),
  );
}

/** An entry without a seq sorts after every page; possible only once a superuser drops NOT NULL. */
async function unsequenced(tx: DbOrTx, chain: ChainName): Promise<EntryRow | undefined> {
  const [row] = rowsOf<EntryRow>(
    await tx.execute(
      sql`SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE ${inChain(chain)} AND clinic_seq IS NULL ORDER BY id LIMIT 1`,
    ),
  );
  return row;
}

async function verifyChain(
  tx: DbOrTx,
  chain: ChainName,
  storedHead: ChainPoint | null,
  anchors: readonly ChainPoint[],
): Promise<ChainReport> {
  const check = new ChainCheck(storedHead, anchors);
  const loose = await unsequenced(tx, chain);
  if (loose) {
    check.add(toEntry(loose));
  }
  let after: { seq: string; id: string } | null = null;
  while (check.firstBreak === null) {
    const page = await chainPage(tx, chain, after);
    if (page.some((row) => !check.add(toEntry(row))) || page.length < PAGE_SIZE) {
      break;
    }
    const last = page.at(-1)!;
    after = { seq: last.seq ?? "0", id: last.id };
  }
  const firstBreak = check.finish();
  return { chain, entries: check.entries, head: check.head, firstBreak };
}

/**
 * Recomputes every chain in one read-only snapshot (entries and chain heads as of one instant, while
 * the app goes on writing), stopping each chain at its first broken link. Anchors (heads printed by
 * an earlier run and kept off-site) must still be in their chains.
 */
export async function verifyAuditChains(db: Db, anchors: readonly Anchor[] = []): Promise<VerifyReport> {
  return db.transaction(
    async (tx) => {
      const heads = await storedHeads(tx);
      const names = new Set<ChainName>([
        ...(await chainsWithEntries(tx)),
        ...heads.keys(),
        ...anchors.map((anchor) => anchor.chain),
      ]);
      const chains: ChainReport[] = [];
      for (const chain of names) {
        chains.push(
          await verifyChain(
            tx,
            chain,
            heads.get(chain) ?? null,
            anchors.filter((anchor) => anchor.chain === chain),
          ),
        );
      }
      return { chains, whole: chains.every((chain) => chain.firstBreak === null) };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
