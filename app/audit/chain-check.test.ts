import { describe, expect, it } from "vitest";
import { ChainCheck, type ChainPoint } from "./chain-check";
import { entryHash, GENESIS_HASH, type ChainEntry } from "./chain-hash";

const CLINIC = "3f2c1a9e-0000-4000-8000-000000000001";

/** A well-formed chain of n entries, ids 101, 102, … */
function chain(n: number): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const entry: ChainEntry = {
      id: String(100 + seq),
      clinicId: CLINIC,
      seq: String(seq),
      atMicros: String(1_796_000_000_000_000 + seq),
      actorUserId: null,
      actorEmail: "",
      action: "read:patient",
      entityType: "patient",
      entityId: "",
      patientId: null,
      ip: "192.0.2.1",
      outcome: "success",
      detail: "{}",
      prevHash: prev,
      hash: null,
    };
    entry.hash = entryHash(entry);
    prev = entry.hash;
    entries.push(entry);
  }
  return entries;
}

function headOf(entries: ChainEntry[]): ChainPoint {
  const last = entries.at(-1)!;
  return { seq: last.seq!, hash: last.hash! };
}

function walk(entries: ChainEntry[], head: ChainPoint | null, anchors: ChainPoint[] = []) {
  const check = new ChainCheck(head, anchors);
  for (const entry of entries) {
    if (!check.add(entry)) {
      break;
    }
  }
  return { firstBreak: check.finish(), head: check.head };
}

describe("walking a chain", () => {
  it("finds a whole chain whole and gives its head", () => {
    const entries = chain(5);
    expect(walk(entries, headOf(entries))).toEqual({ firstBreak: null, head: headOf(entries) });
  });

  it("finds an empty chain whole", () => {
    expect(walk([], null)).toEqual({ firstBreak: null, head: null });
  });

  it("names an entry whose fields were changed: hash mismatch at its seq", () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, action: "read:nothing" };
    expect(walk(entries, headOf(entries)).firstBreak).toMatchObject({
      kind: "hash mismatch",
      seq: "3",
      entryId: "103",
    });
  });

  it("names a deleted entry: a gap at the seq that is missing", () => {
    const entries = chain(5);
    entries.splice(2, 1);
    expect(walk(entries, headOf(chain(5))).firstBreak).toMatchObject({
      kind: "gap in sequence",
      seq: "3",
      entryId: "104",
    });
    expect(walk(entries, headOf(chain(5))).firstBreak?.explanation).toMatch(/entry 3 is missing/u);
  });

  it("names entries removed from the end against the chain head", () => {
    const entries = chain(5);
    expect(walk(entries.slice(0, 3), headOf(entries)).firstBreak).toMatchObject({
      kind: "missing entry",
      seq: "4",
      entryId: null,
    });
  });

  it("names an entry changed and re-hashed by the wrong previous hash of the next one", () => {
    const entries = chain(5);
    const changed = { ...entries[1]!, action: "read:nothing" };
    changed.hash = entryHash(changed);
    entries[1] = changed;
    expect(walk(entries, headOf(entries)).firstBreak).toMatchObject({
      kind: "wrong previous hash",
      seq: "3",
      entryId: "103",
    });
  });

  it("names a second entry at a seq already taken", () => {
    const entries = chain(3);
    const forged = { ...entries[1]!, id: "999" };
    expect(walk([entries[0]!, entries[1]!, forged, entries[2]!], headOf(entries)).firstBreak).toMatchObject({
      kind: "duplicate sequence number",
      seq: "2",
      entryId: "999",
    });
  });

  it("names a correctly hashed entry appended behind the chain head's back", () => {
    const entries = chain(4);
    expect(walk(entries, headOf(entries.slice(0, 3))).firstBreak).toMatchObject({
      kind: "entry beyond the chain head",
      seq: "4",
      entryId: "104",
    });
  });

  it("names a chain head that does not point at the last entry, or is missing", () => {
    const entries = chain(3);
    expect(walk(entries, { seq: "3", hash: "f".repeat(64) }).firstBreak).toMatchObject({
      kind: "chain head mismatch",
      seq: "3",
    });
    expect(walk(entries, null).firstBreak).toMatchObject({ kind: "chain head mismatch", seq: "3" });
  });

  it("names an entry with no sequence number, or one below 1", () => {
    const entries = chain(2);
    expect(walk([{ ...entries[0]!, seq: null }], headOf(entries)).firstBreak).toMatchObject({
      kind: "invalid sequence number",
      seq: "1",
      entryId: "101",
    });
    expect(walk([{ ...entries[0]!, seq: "-5" }, ...entries], headOf(entries)).firstBreak).toMatchObject({
      kind: "invalid sequence number",
      seq: "1",
      entryId: "101",
    });
  });

  it("stops at the first break and reads nothing after it", () => {
    const entries = chain(4);
    entries[1] = { ...entries[1]!, ip: "203.0.113.9" };
    const check = new ChainCheck(headOf(entries));
    expect(entries.map((entry) => check.add(entry))).toEqual([true, false, false, false]);
    expect(check.entries).toBe(2);
    expect(check.head).toBeNull();
  });
});

describe("anchors (heads recorded earlier)", () => {
  it("pass when the recorded head is still in the chain, however long it has grown", () => {
    const entries = chain(6);
    const recorded = headOf(entries.slice(0, 4));
    expect(walk(entries, headOf(entries), [recorded]).firstBreak).toBeNull();
  });

  it("catch a chain rewritten and re-hashed from the start, though it is whole in itself", () => {
    const original = chain(4);
    const recorded = headOf(original);
    const rewritten = chain(4).map((entry) => ({ ...entry }));
    let prev = GENESIS_HASH;
    for (const entry of rewritten) {
      entry.outcome = entry.seq === "2" ? "denied" : entry.outcome;
      entry.prevHash = prev;
      entry.hash = entryHash(entry);
      prev = entry.hash;
    }
    expect(walk(rewritten, headOf(rewritten)).firstBreak).toBeNull();
    expect(walk(rewritten, headOf(rewritten), [recorded]).firstBreak).toMatchObject({
      kind: "anchor mismatch",
      seq: "4",
      entryId: "104",
    });
  });

  it("catch a chain that no longer reaches the recorded seq", () => {
    const entries = chain(5);
    const shortened = entries.slice(0, 3);
    expect(walk(shortened, headOf(shortened), [headOf(entries)]).firstBreak).toMatchObject({
      kind: "missing entry",
      seq: "4",
    });
  });
});
