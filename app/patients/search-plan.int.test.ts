import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { patient } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam } from "#test/fixtures";
import type { Actor } from "#app/auth/policy";
import { parseSearchQuery } from "./search-query";
import { searchCondition, type SearchableQuery } from "./search.server";

const test = setupTestDatabase();

let frontdesk: Actor;

beforeAll(async () => {
  const home = await createClinicWithTeam(test.db);
  frontdesk = home.users.frontdesk;
  // Invented rows, so the statistics describe a table of some size.
  await test.db.execute(sql`
    insert into patient (clinic_id, first_name, last_name, date_of_birth, phone, phone_digits)
    select ${home.clinic.id}, 'Given' || n, 'Family' || md5(n::text), date '1940-01-01' + (n % 20000), '', lpad(n::text, 10, '0')
    from generate_series(1, 5000) as n`);
  // Rows inserted after a GIN index was built wait in its pending list, which the planner prices
  // high until a vacuum (autovacuum, in production) merges them.
  await test.db.execute(sql`vacuum analyze patient`);
});

/**
 * The plan with sequential scans priced out: on a test-sized table a scan may be cheapest, but what
 * matters is whether the planner can use the index at all, which it cannot if the expression differs.
 */
async function plan(query: SearchableQuery): Promise<string> {
  const where = searchCondition(frontdesk, query);
  return test.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    const result = await tx.execute(sql`explain select ${patient.id} from ${patient} where ${where}`);
    const rows = (
      Array.isArray(result) ? result : (result as unknown as { rows: Record<string, string>[] }).rows
    ) as Record<string, string>[];
    return rows.map((row) => Object.values(row)[0]).join("\n");
  });
}

function parsed(text: string): SearchableQuery {
  const query = parseSearchQuery(text);
  if (query.kind === "invalid") {
    throw new Error(query.message);
  }
  return query;
}

describe("patient search plans", () => {
  it("uses the trigram index for names, so the expression must stay the index's", async () => {
    expect(await plan(parsed("a1b2c3"))).toContain("patient_name_trgm_idx");
    expect(await plan(parsed("given12 family"))).toContain("patient_name_trgm_idx");
  });

  it("uses the clinic indexes for a date of birth and an MRN", async () => {
    expect(await plan(parsed("1980-05-17"))).toContain("patient_clinic_dob_idx");
    expect(await plan(parsed("K100023"))).toContain("patient_clinic_mrn_key");
  });
});
