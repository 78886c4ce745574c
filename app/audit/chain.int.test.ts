import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { cookieFor, createClinic, createClinicWithTeam, respond, routeArgs } from "#test/fixtures";
import { signIn } from "#app/auth/sign-in.server";
import { loader as profileLoader } from "#app/routes/patients/profile";
import { loader as searchLoader } from "#app/routes/patients/search";
import { audit } from "./audit.server";
import { entryHash } from "./chain-hash";
import {
  asReplica,
  chainReport,
  rehashFrom,
  rowsOf,
  storedChain,
  withTriggersDisabled,
  writeEntries,
} from "./chain-testing";
import { verifyAuditChains } from "./chain-verify.server";

const testDb = setupTestDatabase();

describe("the audit chain", () => {
  it("chains real app activity per clinic, and entries with no clinic in a chain of their own; verify finds it whole", async () => {
    const db = testDb.db;
    const home = await createClinicWithTeam(db);
    const cookie = await cookieFor(db, home.users.frontdesk.id);
    const stranger = `nobody-${home.clinic.id}@unknown.example`;
    expect(
      (
        await respond(() =>
          profileLoader(routeArgs(`/patients/${home.patient.id}`, { cookie, params: { patientId: home.patient.id } })),
        )
      ).status,
    ).toBe(200);
    expect((await respond(() => searchLoader(routeArgs(`/patients?q=Patient`, { cookie })))).status).toBe(200);
    expect(
      (await signIn(db, { email: home.users.nurse.email, password: "not the password at all", ip: "198.51.100.7" })).ok,
    ).toBe(false);
    expect((await signIn(db, { email: stranger, password: "not the password at all", ip: "198.51.100.7" })).ok).toBe(
      false,
    );

    const links = await storedChain(db, home.clinic.id);
    expect(links.length).toBeGreaterThanOrEqual(4);
    expect(links.map((link) => link.seq)).toEqual(links.map((_, index) => String(index + 1)));
    expect(links[0]!.prevHash).toBe("0".repeat(64));
    for (const [index, link] of links.entries()) {
      expect(link.hash).toMatch(/^[0-9a-f]{64}$/u);
      if (index > 0) {
        expect(link.prevHash).toBe(links[index - 1]!.hash);
      }
    }
    const report = await verifyAuditChains(db);
    expect(report.whole).toBe(true);
    expect(report.chains.find((chain) => chain.chain === home.clinic.id)).toMatchObject({
      entries: links.length,
      head: { seq: String(links.length), hash: links.at(-1)!.hash },
    });
    const noClinic = report.chains.find((chain) => chain.chain === null);
    expect(noClinic?.firstBreak).toBeNull();
    const [unknownAttempt] = rowsOf<{ seq: string }>(
      await db.execute(sql`SELECT clinic_seq::text AS seq FROM audit_entry WHERE actor_email = ${stranger}`),
    );
    expect(Number(unknownAttempt?.seq)).toBeGreaterThanOrEqual(1);
  });

  it("computes in the database exactly the hash the JavaScript verifier computes, for any text and detail", async () => {
    const clinic = await createClinic(testDb.db);
    await audit(
      testDb.db,
      { id: null, clinicId: clinic.id, ip: "2001:db8::1", email: "zoë.nguyễn@example.test" },
      {
        action: "read:patient",
        entityType: "patient",
        entityId: "Łukasz 🙂",
        detail: { b: [1, 2.5, "x"], a: { nested: null }, ü: "\u202e" },
      },
    );
    expect((await chainReport(testDb.db, clinic.id))?.firstBreak).toBeNull();
  });

  it("overwrites a sequence number and hashes chosen by the inserting client", async () => {
    const clinic = await createClinic(testDb.db);
    await writeEntries(testDb.db, clinic.id, 2);
    await testDb.db.execute(
      sql`INSERT INTO audit_entry (clinic_id, action, entity_type, outcome, clinic_seq, prev_hash, hash) VALUES (${clinic.id}::uuid, 'read:patient', 'patient', 'success', 1, '\\x00', '\\x00')`,
    );
    const links = await storedChain(testDb.db, clinic.id);
    expect(links.map((link) => link.seq)).toEqual(["1", "2", "3"]);
    expect(links[2]!.prevHash).toBe(links[1]!.hash);
    expect((await chainReport(testDb.db, clinic.id))?.firstBreak).toBeNull();
  });

  it("leaves no gap for an entry whose transaction rolled back", async () => {
    const clinic = await createClinic(testDb.db);
    await writeEntries(testDb.db, clinic.id, 1);
    await expect(
      testDb.db.transaction(async (tx) => {
        await audit(
          tx,
          { id: null, clinicId: clinic.id, ip: "192.0.2.1" },
          { action: "update:patient", entityType: "patient" },
        );
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    await writeEntries(testDb.db, clinic.id, 1);
    expect((await storedChain(testDb.db, clinic.id)).map((link) => link.seq)).toEqual(["1", "2"]);
    expect((await chainReport(testDb.db, clinic.id))?.firstBreak).toBeNull();
  });

  it("refuses an entry written with the chain trigger off but no chain fields (no defaults to fall back on)", async () => {
    const clinic = await createClinic(testDb.db);
    const refusal = await databaseRefusal(
      asReplica(testDb.db, async (tx) => {
        await tx.execute(
          sql`INSERT INTO audit_entry (clinic_id, action, entity_type, outcome) VALUES (${clinic.id}::uuid, 'read:patient', 'patient', 'success')`,
        );
      }),
    );
    expect(refusal).toMatch(/null value in column "(clinic_seq|prev_hash|hash)"/u);
  });

  it("keeps one unbroken chain when many connections insert for one clinic at once", async () => {
    const clinic = await createClinic(testDb.db);
    const writers = Array.from({ length: 24 }, (_, writer) =>
      testDb.db.transaction(async (tx) => {
        await audit(
          tx,
          { id: null, clinicId: clinic.id, ip: "192.0.2.20" },
          { action: "read:patient", entityType: "patient", entityId: `w${writer}-a` },
        );
        // Hold the chain head a moment, so the others queue behind it rather than finishing first.
        await tx.execute(sql`SELECT pg_sleep(0.01)`);
        await audit(
          tx,
          { id: null, clinicId: clinic.id, ip: "192.0.2.20" },
          { action: "read:patient", entityType: "patient", entityId: `w${writer}-b` },
        );
        if (writer % 5 === 0) {
          throw new Error("rolled back on purpose");
        }
      }),
    );
    const outcomes = await Promise.allSettled(writers);
    const committed = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
    expect(
      outcomes
        .filter((outcome) => outcome.status === "rejected")
        .every((outcome) => String((outcome as PromiseRejectedResult).reason).includes("on purpose")),
    ).toBe(true);
    const links = await storedChain(testDb.db, clinic.id);
    expect(links.map((link) => link.seq)).toEqual(
      Array.from({ length: committed * 2 }, (_, index) => String(index + 1)),
    );
    expect((await chainReport(testDb.db, clinic.id))?.firstBreak).toBeNull();
  });
});

describe("audit:verify against a superuser", () => {
  async function clinicWithEntries(count = 6): Promise<string> {
    const clinic = await createClinic(testDb.db);
    await writeEntries(testDb.db, clinic.id, count);
    return clinic.id;
  }

  async function idAt(clinicId: string, seq: number): Promise<string> {
    return (await storedChain(testDb.db, clinicId)).find((link) => link.seq === String(seq))!.id;
  }

  it("names an entry whose action was changed with the triggers silenced (session_replication_role = replica)", async () => {
    const clinicId = await clinicWithEntries();
    const id = await idAt(clinicId, 3);
    await asReplica(testDb.db, async (tx) => {
      await tx.execute(sql`UPDATE audit_entry SET action = 'read:nothing' WHERE id = ${id}::bigint`);
    });
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toMatchObject({
      kind: "hash mismatch",
      seq: "3",
      entryId: id,
    });
  });

  it("names an entry deleted with the triggers disabled (ALTER TABLE … DISABLE TRIGGER)", async () => {
    const clinicId = await clinicWithEntries();
    const deleted = await idAt(clinicId, 4);
    const next = await idAt(clinicId, 5);
    await withTriggersDisabled(testDb.db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_entry WHERE id = ${deleted}::bigint`);
    });
    const broken = (await chainReport(testDb.db, clinicId))?.firstBreak;
    expect(broken).toMatchObject({ kind: "gap in sequence", seq: "4", entryId: next });
    expect(broken?.explanation).toMatch(/entry 4 is missing/u);
  });

  it("names the last entry deleted, by the chain head", async () => {
    const clinicId = await clinicWithEntries();
    const last = await idAt(clinicId, 6);
    await withTriggersDisabled(testDb.db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_entry WHERE id = ${last}::bigint`);
    });
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toMatchObject({
      kind: "missing entry",
      seq: "6",
      entryId: null,
    });
  });

  it("names a forged entry inserted with the triggers silenced, hashed or not", async () => {
    const clinicId = await clinicWithEntries();
    const last = (await storedChain(testDb.db, clinicId)).at(-1)!;
    const forge = async (hash: "guess" | "canonical"): Promise<string> => {
      let id = "";
      await asReplica(testDb.db, async (tx) => {
        const [row] = rowsOf<{ id: string }>(
          await tx.execute(sql`INSERT INTO audit_entry (clinic_id, action, entity_type, outcome, clinic_seq, prev_hash, hash)
                               VALUES (${clinicId}::uuid, 'read:patient', 'patient', 'success', 7, decode(${last.hash}, 'hex'), sha256('a guess'::bytea))
                               RETURNING id::text AS id`),
        );
        id = row!.id;
        if (hash === "canonical") {
          await tx.execute(
            sql`UPDATE audit_entry e SET hash = sha256(audit_entry_canonical(e)) WHERE id = ${id}::bigint`,
          );
        }
      });
      return id;
    };
    const guessed = await forge("guess");
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toMatchObject({
      kind: "hash mismatch",
      seq: "7",
      entryId: guessed,
    });
    await withTriggersDisabled(testDb.db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_entry WHERE id = ${guessed}::bigint`);
    });
    const hashed = await forge("canonical");
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toMatchObject({
      kind: "entry beyond the chain head",
      seq: "7",
      entryId: hashed,
    });
  });

  it("names a changed entry re-hashed alone by the next entry's previous hash", async () => {
    const clinicId = await clinicWithEntries();
    const id = await idAt(clinicId, 2);
    await asReplica(testDb.db, async (tx) => {
      await tx.execute(sql`UPDATE audit_entry SET outcome = 'denied' WHERE id = ${id}::bigint`);
      await tx.execute(sql`UPDATE audit_entry e SET hash = sha256(audit_entry_canonical(e)) WHERE id = ${id}::bigint`);
    });
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toMatchObject({
      kind: "wrong previous hash",
      seq: "3",
      entryId: await idAt(clinicId, 3),
    });
  });

  it("needs a recorded head to catch a suffix re-hashed to the end: the anchor names it", async () => {
    const clinicId = await clinicWithEntries();
    const recorded = (await chainReport(testDb.db, clinicId))!.head!;
    expect(recorded.seq).toBe("6");
    const early = (await storedChain(testDb.db, clinicId)).find((link) => link.seq === "2")!;
    const id = await idAt(clinicId, 4);
    await asReplica(testDb.db, async (tx) => {
      await tx.execute(sql`UPDATE audit_entry SET detail = '{"index": 99}' WHERE id = ${id}::bigint`);
    });
    await rehashFrom(testDb.db, clinicId, 4);
    // Whole in itself: a superuser who re-hashes everything after a change leaves a consistent chain.
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toBeNull();
    expect((await chainReport(testDb.db, clinicId, [recorded]))?.firstBreak).toMatchObject({
      kind: "anchor mismatch",
      seq: "6",
      entryId: await idAt(clinicId, 6),
    });
    // A head recorded before the change is still in the chain: what came after it is not covered.
    expect((await chainReport(testDb.db, clinicId, [{ seq: early.seq, hash: early.hash }]))?.firstBreak).toBeNull();
  });

  it("catches a chain re-hashed from its first entry with an anchor, and a chain cut short below it", async () => {
    const clinicId = await clinicWithEntries(4);
    const recorded = (await chainReport(testDb.db, clinicId))!.head!;
    await writeEntries(testDb.db, clinicId, 2);
    await asReplica(testDb.db, async (tx) => {
      await tx.execute(
        sql`UPDATE audit_entry SET ip = '203.0.113.66' WHERE clinic_id = ${clinicId}::uuid AND clinic_seq = 1`,
      );
    });
    await rehashFrom(testDb.db, clinicId, 1);
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toBeNull();
    expect((await chainReport(testDb.db, clinicId, [recorded]))?.firstBreak).toMatchObject({
      kind: "anchor mismatch",
      seq: "4",
    });
    expect((await chainReport(testDb.db, clinicId, [{ seq: "9", hash: recorded.hash }]))?.firstBreak).toMatchObject({
      kind: "missing entry",
      seq: "7",
    });
  });

  it("catches entries hashed by a replaced trigger function, because it recomputes every hash itself", async () => {
    const clinicId = await clinicWithEntries(2);
    const [original] = rowsOf<{ definition: string }>(
      await testDb.db.execute(
        sql`SELECT pg_get_functiondef('audit_entry_canonical(audit_entry)'::regprocedure) AS definition`,
      ),
    );
    // A rewritten canonical form that leaves the action out: the database would then accept any action.
    await testDb.db.execute(sql.raw(original!.definition.replace("|| public.audit_chain_field(e.action)", "")));
    try {
      await writeEntries(testDb.db, clinicId, 1);
    } finally {
      await testDb.db.execute(sql.raw(original!.definition));
    }
    const third = await idAt(clinicId, 3);
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toMatchObject({
      kind: "hash mismatch",
      seq: "3",
      entryId: third,
    });
  });

  it("names a chain head moved by hand", async () => {
    const clinicId = await clinicWithEntries(3);
    await testDb.db.execute(
      sql`UPDATE audit_chain_head SET hash = sha256('moved'::bytea) WHERE chain_key = ${clinicId}::uuid`,
    );
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toMatchObject({
      kind: "chain head mismatch",
      seq: "3",
    });
  });

  it("hashes in JavaScript what the database stored, entry by entry", async () => {
    const clinicId = await clinicWithEntries(1);
    const [row] = rowsOf<Record<string, string | null>>(
      await testDb.db.execute(sql`SELECT id::text AS id, clinic_id::text AS "clinicId", clinic_seq::text AS seq,
                                         (extract(epoch FROM at) * 1000000)::bigint::text AS "atMicros", actor_user_id::text AS "actorUserId",
                                         actor_email AS "actorEmail", action, entity_type AS "entityType", entity_id AS "entityId",
                                         patient_id::text AS "patientId", ip, outcome, detail::text AS detail,
                                         encode(prev_hash, 'hex') AS "prevHash", encode(hash, 'hex') AS hash
                                  FROM audit_entry WHERE clinic_id = ${clinicId}::uuid`),
    );
    expect(entryHash(row as Parameters<typeof entryHash>[0])).toBe(row!.hash);
  });
});
