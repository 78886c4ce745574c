import { entryHash, GENESIS_HASH, type ChainEntry } from "./chain-hash";

export type BreakKind =
  | "invalid sequence number"
  | "gap in sequence"
  | "duplicate sequence number"
  | "wrong previous hash"
  | "hash mismatch"
  | "missing entry"
  | "entry beyond the chain head"
  | "chain head mismatch"
  | "anchor mismatch";

export type ChainBreak = {
  kind: BreakKind;
  /** Where the chain breaks: the sequence number the walk expected there. */
  seq: string;
  /** The entry found there, when there is one. */
  entryId: string | null;
  explanation: string;
};

/** A chain's last sequence number and hash: from audit_chain_head, or as recorded off-site (an anchor). */
export type ChainPoint = { seq: string; hash: string };
/** A chain is named by its clinic id; null is the chain of entries with no clinic. */
export type ChainName = string | null;
export type Anchor = ChainPoint & { chain: ChainName };
export type ChainReport = { chain: ChainName; entries: number; head: ChainPoint | null; firstBreak: ChainBreak | null };
export type VerifyReport = { chains: ChainReport[]; whole: boolean };

/**
 * Walks one chain, entry by entry in (seq, id) order, without keeping the entries: each is checked
 * against the one before it and then forgotten, so a chain of millions streams through.
 * storedHead is the chain's audit_chain_head row, read in the same snapshot as the entries.
 * Anchors are heads printed by an earlier run; reaching an anchor's seq with another hash means
 * the chain was rewritten there or before, even when it is whole again.
 */
export class ChainCheck {
  private expected = 1n;
  private prevHash = GENESIS_HASH;
  private broken: ChainBreak | null = null;
  private readonly storedHead: ChainPoint | null;
  private readonly anchors: Map<bigint, string>;
  entries = 0;

  constructor(storedHead: ChainPoint | null, anchors: readonly ChainPoint[] = []) {
    this.storedHead = storedHead;
    this.anchors = new Map(anchors.map((anchor) => [BigInt(anchor.seq), anchor.hash.toLowerCase()]));
  }

  get firstBreak(): ChainBreak | null {
    return this.broken;
  }

  /** The last entry checked, while the chain is whole; what an operator records off-site. */
  get head(): ChainPoint | null {
    return this.broken || this.expected === 1n ? null : { seq: String(this.expected - 1n), hash: this.prevHash };
  }

  /** Returns false once the chain is broken: nothing after the first break is worth reading. */
  add(entry: ChainEntry): boolean {
    if (this.broken) {
      return false;
    }
    this.entries += 1;
    this.broken = this.check(entry);
    if (this.broken) {
      return false;
    }
    this.prevHash = entry.hash ?? "";
    this.expected += 1n;
    return true;
  }

  /** After the last entry: the stored head must point at it, and every anchor must have been reached. */
  finish(): ChainBreak | null {
    if (!this.broken) {
      this.broken = this.checkEnd();
    }
    return this.broken;
  }

  private check(entry: ChainEntry): ChainBreak | null {
    const at = String(this.expected);
    const seq = entry.seq === null ? null : BigInt(entry.seq);
    if (seq === null || seq < 1n) {
      return {
        kind: "invalid sequence number",
        seq: at,
        entryId: entry.id,
        explanation: `the entry's seq is ${entry.seq ?? "empty"}, no place in a chain that counts from 1 (written with the chain trigger bypassed)`,
      };
    }
    if (seq > this.expected) {
      const missing =
        seq - this.expected === 1n ? `entry ${at} is missing` : `entries ${at} to ${seq - 1n} are missing`;
      return {
        kind: "gap in sequence",
        seq: at,
        entryId: entry.id,
        explanation: `${missing}: the next entry present is ${seq} (deleted?)`,
      };
    }
    if (seq < this.expected) {
      return {
        kind: "duplicate sequence number",
        seq: String(seq),
        entryId: entry.id,
        explanation: `a second entry claims seq ${seq} (inserted with the chain trigger bypassed)`,
      };
    }
    if (entry.prevHash !== this.prevHash) {
      return {
        kind: "wrong previous hash",
        seq: at,
        entryId: entry.id,
        explanation: `the entry names ${entry.prevHash ?? "no hash"} as its predecessor, but entry ${this.expected - 1n} hashes to ${this.prevHash} (an earlier entry was changed and re-hashed, or this one was inserted)`,
      };
    }
    if (entryHash(entry) !== entry.hash) {
      return {
        kind: "hash mismatch",
        seq: at,
        entryId: entry.id,
        explanation:
          "the entry's fields do not match its hash (changed after it was written, or hashed by a replaced trigger)",
      };
    }
    if (this.storedHead && seq > BigInt(this.storedHead.seq)) {
      return {
        kind: "entry beyond the chain head",
        seq: at,
        entryId: entry.id,
        explanation: `the chain head records ${this.storedHead.seq} entries, this one comes after it (inserted with the chain trigger bypassed)`,
      };
    }
    const anchored = this.anchors.get(seq);
    if (anchored !== undefined && anchored !== entry.hash) {
      return {
        kind: "anchor mismatch",
        seq: at,
        entryId: entry.id,
        explanation: `the recorded head had hash ${anchored} at seq ${at}, the chain now has ${entry.hash}: the chain was rewritten at or before this entry and re-hashed`,
      };
    }
    return null;
  }

  private checkEnd(): ChainBreak | null {
    const storedHead = this.storedHead;
    const last = this.expected - 1n;
    const next = String(this.expected);
    const beyond = [...this.anchors.keys()].filter((seq) => seq > last).sort((a, b) => (a < b ? -1 : 1))[0];
    if (beyond !== undefined) {
      return {
        kind: "missing entry",
        seq: next,
        entryId: null,
        explanation: `a recorded head names seq ${beyond}, but the chain now ends at ${last}: entries were removed`,
      };
    }
    if (storedHead === null) {
      return last === 0n
        ? null
        : {
            kind: "chain head mismatch",
            seq: String(last),
            entryId: null,
            explanation: "the chain has entries but no chain head (audit_chain_head was edited)",
          };
    }
    const headSeq = BigInt(storedHead.seq);
    if (headSeq > last) {
      return {
        kind: "missing entry",
        seq: next,
        entryId: null,
        explanation: `the chain head records ${storedHead.seq} entries, the chain ends at ${last}: entries were removed from its end`,
      };
    }
    if (storedHead.hash !== this.prevHash) {
      return {
        kind: "chain head mismatch",
        seq: String(last),
        entryId: null,
        explanation: `the chain head records hash ${storedHead.hash}, the last entry has ${this.prevHash}`,
      };
    }
    return null;
  }
}
