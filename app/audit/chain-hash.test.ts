import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalBytes, canonicalTimestamp, entryHash, GENESIS_HASH, type ChainEntry } from "./chain-hash";

const entry: ChainEntry = {
  id: "42",
  clinicId: "3f2c1a9e-0000-4000-8000-000000000001",
  seq: "7",
  atMicros: "1796223697093123",
  actorUserId: null,
  actorEmail: "",
  action: "read:patient",
  entityType: "patient",
  entityId: "p-1",
  patientId: null,
  ip: "192.0.2.1",
  outcome: "success",
  detail: '{"n": 1}',
  prevHash: GENESIS_HASH,
  hash: null,
};

describe("the canonical timestamp", () => {
  it("writes UTC with six digits of microseconds, as PostgreSQL's to_char does", () => {
    expect(canonicalTimestamp("1796223697093123")).toBe("2026-12-02T15:01:37.093123Z");
    expect(canonicalTimestamp("0")).toBe("1970-01-01T00:00:00.000000Z");
    expect(canonicalTimestamp("1")).toBe("1970-01-01T00:00:00.000001Z");
  });

  it("counts microseconds before 1970 down from the previous second, not towards zero", () => {
    expect(canonicalTimestamp("-1")).toBe("1969-12-31T23:59:59.999999Z");
    expect(canonicalTimestamp("-1000001")).toBe("1969-12-31T23:59:58.999999Z");
  });

  it("has no text for an infinite timestamp (to_char answers NULL)", () => {
    expect(canonicalTimestamp(null)).toBeNull();
  });
});

describe("the canonical bytes", () => {
  it("length-prefix every field, so moving text between neighbouring fields changes the bytes", () => {
    const a = canonicalBytes({ ...entry, action: "read:pat", entityType: "ientpatient" });
    const b = canonicalBytes({ ...entry, action: "read:patient", entityType: "patient" });
    expect(a.equals(b)).toBe(false);
  });

  it("tell NULL from an empty text", () => {
    expect(canonicalBytes({ ...entry, entityId: null }).equals(canonicalBytes({ ...entry, entityId: "" }))).toBe(false);
  });

  it("start with the version and end with the previous hash as 32 raw bytes", () => {
    const bytes = canonicalBytes(entry);
    expect(bytes.subarray(0, 16).toString("hex")).toBe(`0000000c${Buffer.from("kap-audit-v1").toString("hex")}`);
    expect(bytes.subarray(-36).toString("hex")).toBe(`00000020${GENESIS_HASH}`);
  });

  it("cover every field: changing any one changes the hash", () => {
    const base = entryHash(entry);
    const changes: Partial<ChainEntry>[] = [
      { id: "43" },
      { clinicId: null },
      { seq: "8" },
      { atMicros: "1796223697093124" },
      { actorUserId: "3f2c1a9e-0000-4000-8000-000000000002" },
      { actorEmail: "x@y.z" },
      { action: "update:patient" },
      { entityType: "note" },
      { entityId: "p-2" },
      { patientId: "3f2c1a9e-0000-4000-8000-000000000003" },
      { ip: "192.0.2.2" },
      { outcome: "denied" },
      { detail: '{"n": 2}' },
      { prevHash: "1".repeat(64) },
    ];
    for (const change of changes) {
      expect(entryHash({ ...entry, ...change }), JSON.stringify(change)).not.toBe(base);
    }
  });

  it("hash to the SHA-256 of the bytes, in hex", () => {
    expect(entryHash(entry)).toBe(createHash("sha256").update(canonicalBytes(entry)).digest("hex"));
  });

  it("encode text as UTF-8, counting bytes rather than characters", () => {
    const bytes = canonicalBytes({ ...entry, actorEmail: "zoë@ex.test" });
    expect(bytes.includes(Buffer.concat([Buffer.from([0, 0, 0, 12]), Buffer.from("zoë@ex.test", "utf8")]))).toBe(true);
  });
});
