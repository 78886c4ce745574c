import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEntry } from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createClinic, createPatient, createStaff } from "#test/fixtures";
import { audit } from "./audit.server";

const testDb = setupTestDatabase();

describe("the audit trail", () => {
  it("records who did what to which record, from where, with the outcome", async () => {
    await audit(
      testDb.db,
      { id: null, clinicId: null, ip: "192.0.2.1", email: "x@y.z" },
      { action: "sign-in", entityType: "session", outcome: "failure" },
    );
    const [entry] = await testDb.db.select().from(auditEntry);
    expect(entry).toMatchObject({
      action: "sign-in",
      entityType: "session",
      ip: "192.0.2.1",
      outcome: "failure",
      actorEmail: "x@y.z",
    });
    expect(entry?.at).toBeInstanceOf(Date);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await audit(
      testDb.db,
      { id: null, clinicId: null, ip: "192.0.2.1" },
      { action: "read:patient", entityType: "patient" },
    );
    expect(await databaseRefusal(testDb.db.execute(sql`update audit_entry set outcome = 'denied'`))).toMatch(
      /append-only: UPDATE/u,
    );
    expect(await databaseRefusal(testDb.db.execute(sql`delete from audit_entry`))).toMatch(/append-only: DELETE/u);
    expect(await databaseRefusal(testDb.db.execute(sql`truncate audit_entry`))).toMatch(/append-only: TRUNCATE/u);
    const rows = await testDb.db.select().from(auditEntry);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row) => row.outcome !== "denied")).toBe(true);
  });

  it("refuses to delete staff and patients, who are deactivated instead", async () => {
    const clinic = await createClinic(testDb.db);
    const staff = await createStaff(testDb.db, clinic.id, ["nurse"]);
    const person = await createPatient(testDb.db, clinic.id);
    expect(await databaseRefusal(testDb.db.execute(sql`delete from staff_user where id = ${staff.id}`))).toMatch(
      /never deleted/u,
    );
    expect(await databaseRefusal(testDb.db.execute(sql`delete from patient where id = ${person.id}`))).toMatch(
      /never deleted/u,
    );
  });
});
