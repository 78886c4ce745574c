import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { breakGlassGrant, breakGlassReview } from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createStaff } from "#test/fixtures";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let away: Awaited<ReturnType<typeof createClinicWithTeam>>;
let outsiderId: string;
let grantId: string;

const START = new Date("2030-05-01T10:00:00Z");
const minutes = (n: number): Date => new Date(START.getTime() + n * 60_000);
const REASON = "Patient collapsed in the waiting room; her team is off site.";

function grantRow(values: Partial<typeof breakGlassGrant.$inferInsert> = {}): typeof breakGlassGrant.$inferInsert {
  return {
    clinicId: world.clinic.id,
    userId: outsiderId,
    patientId: world.patient.id,
    reasonKind: "emergency",
    reason: REASON,
    startsAt: START,
    expiresAt: minutes(60),
    ...values,
  };
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
  outsiderId = (await createStaff(testDb.db, world.clinic.id, ["nurse"])).id;
  const [created] = await testDb.db.insert(breakGlassGrant).values(grantRow()).returning({ id: breakGlassGrant.id });
  grantId = created!.id;
});

describe("the database keeps break-glass grants as they were given", () => {
  it("refuses rewriting a grant's reason, window, clinician or patient", async () => {
    const statements = [
      sql`update break_glass_grant set reason = 'Changed my mind about the reason I gave here.' where id = ${grantId}`,
      sql`update break_glass_grant set expires_at = expires_at + interval '30 minutes' where id = ${grantId}`,
      sql`update break_glass_grant set patient_id = ${away.patient.id} where id = ${grantId}`,
      sql`update break_glass_grant set ended_at = ${minutes(10).toISOString()}, reason_kind = 'other' where id = ${grantId}`,
    ];
    for (const statement of statements) {
      expect(await databaseRefusal(testDb.db.execute(statement))).toMatch(/never rewritten/u);
    }
  });

  it("refuses deleting or truncating grants and reviews", async () => {
    expect(await databaseRefusal(testDb.db.execute(sql`delete from break_glass_grant where id = ${grantId}`))).toMatch(
      /append-only: DELETE/u,
    );
    expect(await databaseRefusal(testDb.db.execute(sql`truncate break_glass_grant cascade`))).toMatch(
      /append-only: TRUNCATE/u,
    );
    await testDb.db.insert(breakGlassReview).values({
      grantId,
      clinicId: world.clinic.id,
      reviewedBy: world.users.admin.id,
      reviewedAt: minutes(90),
      note: "Checked with the on-call rota.",
    });
    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update break_glass_review set note = 'nothing to see' where grant_id = ${grantId}`),
      ),
    ).toMatch(/append-only: UPDATE/u);
    expect(
      await databaseRefusal(testDb.db.execute(sql`delete from break_glass_review where grant_id = ${grantId}`)),
    ).toMatch(/append-only: DELETE/u);
    expect(
      await databaseRefusal(
        testDb.db.insert(breakGlassReview).values({
          grantId,
          clinicId: world.clinic.id,
          reviewedBy: world.users.admin.id,
          reviewedAt: minutes(95),
          note: "Again.",
        }),
      ),
    ).toMatch(/break_glass_review_pkey/u);
  });

  it("allows one change: ending a grant early, once, within its window", async () => {
    expect(
      await databaseRefusal(
        testDb.db.execute(
          sql`update break_glass_grant set ended_at = ${minutes(61).toISOString()} where id = ${grantId}`,
        ),
      ),
    ).toMatch(/break_glass_grant_ended_check/u);
    await testDb.db.execute(
      sql`update break_glass_grant set ended_at = ${minutes(10).toISOString()} where id = ${grantId}`,
    );
    expect(
      await databaseRefusal(
        testDb.db.execute(
          sql`update break_glass_grant set ended_at = ${minutes(20).toISOString()} where id = ${grantId}`,
        ),
      ),
    ).toMatch(/never rewritten/u);
    expect(
      await databaseRefusal(testDb.db.execute(sql`update break_glass_grant set ended_at = null where id = ${grantId}`)),
    ).toMatch(/never rewritten/u);
  });

  it("refuses a grant without a reason of a sentence, of an unknown kind, or longer than 240 minutes", async () => {
    const later = (n: number) => ({ startsAt: minutes(1000 + n * 300), expiresAt: minutes(1060 + n * 300) });
    expect(
      await databaseRefusal(
        testDb.db.insert(breakGlassGrant).values(grantRow({ ...later(1), reason: "  too short        " })),
      ),
    ).toMatch(/break_glass_grant_reason_check/u);
    expect(
      await databaseRefusal(
        testDb.db.insert(breakGlassGrant).values(grantRow({ ...later(2), reasonKind: "curiosity" as "other" })),
      ),
    ).toMatch(/break_glass_grant_reason_kind_check/u);
    expect(
      await databaseRefusal(
        testDb.db.insert(breakGlassGrant).values(grantRow({ startsAt: minutes(3000), expiresAt: minutes(3241) })),
      ),
    ).toMatch(/break_glass_grant_window_check/u);
    expect(
      await databaseRefusal(
        testDb.db.insert(breakGlassGrant).values(grantRow({ startsAt: minutes(3000), expiresAt: minutes(3000) })),
      ),
    ).toMatch(/break_glass_grant_window_check/u);
  });

  it("refuses a second live grant for the same clinician and patient, but not one after the first ended", async () => {
    await testDb.db.insert(breakGlassGrant).values(grantRow({ startsAt: minutes(5000), expiresAt: minutes(5060) }));
    expect(
      await databaseRefusal(
        testDb.db.insert(breakGlassGrant).values(grantRow({ startsAt: minutes(5030), expiresAt: minutes(5090) })),
      ),
    ).toMatch(/break_glass_grant_one_at_a_time/u);
    await testDb.db.insert(breakGlassGrant).values(grantRow({ startsAt: minutes(5060), expiresAt: minutes(5120) }));
  });

  it("refuses a grant or review that crosses clinics", async () => {
    expect(
      await databaseRefusal(
        testDb.db
          .insert(breakGlassGrant)
          .values(grantRow({ patientId: away.patient.id, startsAt: minutes(7000), expiresAt: minutes(7060) })),
      ),
    ).toMatch(/its own clinic/u);
    expect(
      await databaseRefusal(
        testDb.db
          .insert(breakGlassGrant)
          .values(grantRow({ clinicId: away.clinic.id, startsAt: minutes(7000), expiresAt: minutes(7060) })),
      ),
    ).toMatch(/its own clinic/u);
    const [second] = await testDb.db
      .insert(breakGlassGrant)
      .values(grantRow({ startsAt: minutes(8000), expiresAt: minutes(8060) }))
      .returning({ id: breakGlassGrant.id });
    expect(
      await databaseRefusal(
        testDb.db.insert(breakGlassReview).values({
          grantId: second!.id,
          clinicId: away.clinic.id,
          reviewedBy: away.users.admin.id,
          reviewedAt: minutes(8100),
          note: "Not mine to review.",
        }),
      ),
    ).toMatch(/own clinic/u);
  });
});
