import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit } from "#app/audit/audit.server";
import { chainReport, rowsOf, storedChain } from "#app/audit/chain-testing";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createClinic, createPatient, createStaff } from "#test/fixtures";
import type { Db, Tx } from "#db/client";
import { patient } from "#db/schema";
import { setUpAppRole } from "./roles-grants";

// Roles belong to the whole PostgreSQL cluster: each run makes its own and drops it.
const testDb = setupTestDatabase();
const role = `kap_test_app_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  await setUpAppRole(testDb.db, { role, password: "an app password with a ' quote" });
});

afterAll(async () => {
  await testDb.db.execute(sql.raw(`DROP OWNED BY "${role}"`));
  await testDb.db.execute(sql.raw(`DROP ROLE "${role}"`));
});

/** Runs as the app role for one transaction, the way the app connects in production. */
async function asApp<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
  return testDb.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL ROLE "${role}"`));
    return run(tx);
  });
}

function refusedToApp(statement: string): Promise<string> {
  return databaseRefusal(asApp((tx) => tx.execute(sql.raw(statement))));
}

describe("the app role", () => {
  it("does the app's work: writes clinic data, updates it, and appends chained audit entries", async () => {
    const clinicId = await asApp(async (tx) => {
      const db = tx as unknown as Db;
      const clinic = await createClinic(db);
      const nurse = await createStaff(db, clinic.id, ["nurse"]);
      const person = await createPatient(db, clinic.id, [{ userId: nurse.id, role: "nurse" }]);
      await tx.update(patient).set({ preferredName: "Sam" }).where(eq(patient.id, person.id));
      await audit(
        tx,
        { id: nurse.id, clinicId: clinic.id, ip: "192.0.2.30" },
        { action: "update:patient", entityType: "patient", entityId: person.id, patientId: person.id },
      );
      await audit(
        tx,
        { id: nurse.id, clinicId: clinic.id, ip: "192.0.2.30" },
        { action: "read:patient", entityType: "patient", entityId: person.id, patientId: person.id },
      );
      return clinic.id;
    });
    expect((await storedChain(testDb.db, clinicId)).map((link) => link.seq)).toEqual(["1", "2"]);
    expect((await chainReport(testDb.db, clinicId))?.firstBreak).toBeNull();
  });

  it("cannot choose an entry's place in the chain: the trigger, not the app, assigns it", async () => {
    const clinic = await createClinic(testDb.db);
    await asApp((tx) =>
      tx.execute(sql`INSERT INTO audit_entry (clinic_id, action, entity_type, outcome, clinic_seq, prev_hash, hash)
                     VALUES (${clinic.id}::uuid, 'read:patient', 'patient', 'success', 41, sha256('x'::bytea), sha256('y'::bytea))`),
    );
    const [link] = await storedChain(testDb.db, clinic.id);
    expect(link).toMatchObject({ seq: "1", prevHash: "0".repeat(64) });
    expect((await chainReport(testDb.db, clinic.id))?.firstBreak).toBeNull();
  });

  it("cannot disable the audit triggers, drop them or replace the chain's functions", async () => {
    expect(await refusedToApp("ALTER TABLE audit_entry DISABLE TRIGGER zz_audit_entry_chain")).toMatch(
      /must be owner of table audit_entry/u,
    );
    expect(await refusedToApp("ALTER TABLE audit_entry DISABLE TRIGGER ALL")).toMatch(
      /must be owner of table audit_entry/u,
    );
    expect(await refusedToApp("DROP TRIGGER audit_entry_append_only ON audit_entry")).toMatch(
      /must be owner of (table|relation) audit_entry/u,
    );
    expect(
      await refusedToApp(
        "CREATE OR REPLACE FUNCTION audit_chain_field(value text) RETURNS bytea LANGUAGE sql AS $$ SELECT ''::bytea $$",
      ),
    ).toMatch(/must be owner of function audit_chain_field|permission denied for schema public/u);
  });

  it("cannot silence triggers for its session", async () => {
    expect(await refusedToApp("SET session_replication_role = replica")).toMatch(
      /permission denied to set parameter "session_replication_role"/u,
    );
    expect(await refusedToApp("SET LOCAL session_replication_role = replica")).toMatch(
      /permission denied to set parameter "session_replication_role"/u,
    );
  });

  it("cannot update, delete or truncate audit entries (refused by privilege, before any trigger)", async () => {
    await audit(
      testDb.db,
      { id: null, clinicId: null, ip: "192.0.2.31" },
      { action: "sign-in", entityType: "session", outcome: "failure" },
    );
    expect(await refusedToApp("UPDATE audit_entry SET action = 'read:nothing'")).toMatch(
      /permission denied for table audit_entry/u,
    );
    expect(await refusedToApp("DELETE FROM audit_entry")).toMatch(/permission denied for table audit_entry/u);
    expect(await refusedToApp("TRUNCATE audit_entry")).toMatch(/permission denied for table audit_entry/u);
  });

  it("cannot read or write the chain head", async () => {
    expect(await refusedToApp("SELECT * FROM audit_chain_head")).toMatch(
      /permission denied for table audit_chain_head/u,
    );
    expect(await refusedToApp("UPDATE audit_chain_head SET seq = 1")).toMatch(
      /permission denied for table audit_chain_head/u,
    );
    expect(
      await refusedToApp("INSERT INTO audit_chain_head VALUES ('00000000-0000-0000-0000-000000000001', 1, '\\x00')"),
    ).toMatch(/permission denied for table audit_chain_head/u);
    expect(await refusedToApp("DELETE FROM audit_chain_head")).toMatch(/permission denied for table audit_chain_head/u);
  });

  it("cannot create objects, and is no member of the owner's role", async () => {
    expect(await refusedToApp("CREATE TABLE public.app_scratch (a int)")).toMatch(
      /permission denied for schema public/u,
    );
    expect(await refusedToApp("CREATE SCHEMA app_scratch")).toMatch(/permission denied for database/u);
    // SET ROLE in a test is judged by the session's user (the superuser), so membership is asked instead.
    const [row] = rowsOf<{ member: boolean }>(
      await testDb.db.execute(
        sql`SELECT pg_has_role(${role}, tableowner, 'MEMBER') AS member FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_entry'`,
      ),
    );
    expect(row?.member).toBe(false);
  });

  it("reads the applied migrations, for /healthz", async () => {
    const rows = await asApp(async (tx) =>
      rowsOf<{ applied: number }>(
        await tx.execute(sql`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`),
      ),
    );
    expect(rows[0]?.applied).toBeGreaterThan(0);
  });

  it("gets the usual rights on a table a later migration adds, through default privileges", async () => {
    await testDb.db.execute(sql`CREATE TABLE later_feature (id serial PRIMARY KEY, note text NOT NULL)`);
    const rows = await asApp(async (tx) => {
      await tx.execute(sql`INSERT INTO later_feature (note) VALUES ('added by the app')`);
      await tx.execute(sql`UPDATE later_feature SET note = 'changed by the app'`);
      return rowsOf<{ note: string }>(await tx.execute(sql`SELECT note FROM later_feature`));
    });
    expect(rows).toEqual([{ note: "changed by the app" }]);
  });
});

describe("setting up the app role", () => {
  it("can run again after a migration, keeping the audit tables closed", async () => {
    await expect(setUpAppRole(testDb.db, { role })).resolves.toEqual({ created: false, passwordSet: false });
    expect(await refusedToApp("UPDATE audit_entry SET action = 'read:nothing'")).toMatch(
      /permission denied for table audit_entry/u,
    );
    expect(await refusedToApp("SELECT * FROM audit_chain_head")).toMatch(
      /permission denied for table audit_chain_head/u,
    );
  });

  it("refuses to make the owner, a superuser or an oddly named role the app role", async () => {
    const [me] = rowsOf<{ name: string }>(await testDb.db.execute(sql`SELECT current_user AS name`));
    await expect(setUpAppRole(testDb.db, { role: me!.name })).rejects.toThrow(/the owner of the tables/u);
    await expect(setUpAppRole(testDb.db, { role: 'kap"; DROP TABLE patient; --' })).rejects.toThrow(
      /not a plain role name/u,
    );
    const superuser = `kap_test_super_${randomBytes(4).toString("hex")}`;
    await testDb.db.execute(sql.raw(`CREATE ROLE "${superuser}" SUPERUSER`));
    try {
      await expect(setUpAppRole(testDb.db, { role: superuser })).rejects.toThrow(/superuser/u);
    } finally {
      await testDb.db.execute(sql.raw(`DROP ROLE "${superuser}"`));
    }
  });
});
