/**
 * How fast is patient search on a clinic of 20,000 patients? Not a test: a measurement to run by hand.
 *
 *   BENCH_DATABASE_URL=postgres://…/an_empty_database npx tsx bench/patient-search.ts
 *   npx tsx bench/patient-search.ts            (embedded PGlite in memory)
 *
 * The database is migrated and filled with invented patients of a new clinic; nothing is removed, so
 * give it a database of its own and drop it afterwards.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase, type Db } from "#db/client";
import { runMigrations } from "#db/migrate";
import { careTeamMember, clinic, patient, staffUser } from "#db/schema";
import type { Role } from "#db/schema/staff";
import type { Actor } from "#app/auth/policy";
import { parseSearchQuery } from "#app/patients/search-query";
import { findPatients, searchCondition, type SearchableQuery } from "#app/patients/search.server";

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 20_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const BATCH = 1000;

// A fixed seed, so two runs search for the same things.
let seed = 20260301;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
function digits(count: number): string {
  return Array.from({ length: count }, () => Math.floor(random() * 10)).join("");
}

// Invented names only; some with letters beyond ASCII, as a clinic's patients have.
const FIRST = [
  "Zoë",
  "Łukasz",
  "José",
  "Ngọc",
  "Søren",
  "Aoife",
  "Chiara",
  "Dmitri",
  "Émile",
  "Farida",
  "Gustavo",
  "Hana",
  "Ingrid",
  "Jamal",
  "Kenji",
  "Lucía",
  "Mateo",
  "Nadia",
  "Oskar",
  "Priya",
  "Quinn",
  "Rafael",
  "Sofía",
  "Tomasz",
  "Uma",
  "Vera",
  "Wren",
  "Ximena",
  "Yusuf",
  "Zainab",
  "Ann",
  "Ben",
  "Cara",
  "Dev",
  "Eli",
  "Fern",
  "Gil",
  "Hal",
  "Ida",
  "Jo",
];
const LAST = [
  "Nguyễn",
  "Żółć",
  "García",
  "Müller",
  "O'Brien",
  "Østergaard",
  "Kowalski",
  "Papadopoulos",
  "Haddad",
  "Okafor",
  "Tanaka",
  "Fernández",
  "Schmidt",
  "Novák",
  "Ivanova",
  "Lindqvist",
  "Moreau",
  "Rossi",
  "Silva",
  "Yılmaz",
];
const SYLLABLES = [
  "ka",
  "lo",
  "mer",
  "vin",
  "sa",
  "to",
  "ri",
  "ben",
  "ald",
  "ström",
  "ne",
  "gu",
  "ha",
  "pel",
  "dor",
  "wick",
  "fa",
  "zi",
  "mon",
  "tre",
  "las",
  "ku",
  "ber",
  "ton",
];

function lastName(): string {
  if (random() < 0.3) {
    return pick(LAST);
  }
  const parts = 2 + Math.floor(random() * 2);
  const name = Array.from({ length: parts }, () => pick(SYLLABLES)).join("");
  return name[0]!.toUpperCase() + name.slice(1);
}

function dateOfBirth(): string {
  const year = 1940 + Math.floor(random() * 66);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

type Seeded = {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phoneDigits: string;
};

async function seed20k(db: Db): Promise<{ frontdesk: Actor; therapist: Actor; patients: Seeded[] }> {
  const [home] = await db
    .insert(clinic)
    .values({ name: `Bench clinic ${Date.now()}`, timeZone: "America/Los_Angeles" })
    .returning();
  const clinicId = home!.id;
  const tag = Date.now().toString(36);
  const staff = async (roles: Role[], n: number) => {
    const [row] = await db
      .insert(staffUser)
      .values({
        clinicId,
        roles,
        name: `Bench ${roles.join("-")} ${n}`,
        email: `bench-${roles.join("-")}-${n}-${tag}@bench.example`,
        passwordHash: "not-a-real-hash",
      })
      .returning();
    return { id: row!.id, clinicId, roles, active: true } satisfies Actor;
  };
  const frontdesk = await staff(["frontdesk"], 0);
  const prescribers = [
    await staff(["prescriber"], 0),
    await staff(["prescriber"], 1),
    await staff(["prescriber"], 2),
    await staff(["prescriber"], 3),
  ];
  const therapists: Actor[] = [];
  for (let n = 0; n < 8; n += 1) {
    therapists.push(await staff(["therapist"], n));
  }

  const patients: Seeded[] = [];
  for (let start = 0; start < PATIENTS; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, PATIENTS - start) }, () => {
      const phone = `(${digits(3)}) 555-${digits(4)}`;
      return {
        clinicId,
        firstName: pick(FIRST),
        lastName: lastName(),
        preferredName: random() < 0.1 ? pick(FIRST) : "",
        dateOfBirth: dateOfBirth(),
        phone,
        phoneDigits: phone.replace(/\D/g, ""),
      };
    });
    const inserted = await db.insert(patient).values(rows).returning({
      id: patient.id,
      mrn: patient.mrn,
      firstName: patient.firstName,
      lastName: patient.lastName,
      dateOfBirth: patient.dateOfBirth,
      phoneDigits: patient.phoneDigits,
    });
    patients.push(...inserted);
    await db.insert(careTeamMember).values(
      inserted.flatMap((row) => [
        { clinicId, patientId: row.id, userId: pick(prescribers).id, role: "prescriber" as const },
        { clinicId, patientId: row.id, userId: pick(therapists).id, role: "therapist" as const },
      ]),
    );
  }
  return { frontdesk, therapist: therapists[0]!, patients };
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

type Kind = { label: string; actor: "frontdesk" | "therapist"; make: (someone: Seeded) => string };

const KINDS: Kind[] = [
  {
    label: "name, one word (part of a last name)",
    actor: "frontdesk",
    make: (p) => p.lastName.toLowerCase().slice(1, 5),
  },
  {
    label: "name, two words (first + last)",
    actor: "frontdesk",
    make: (p) => `${p.firstName.slice(0, 3)} ${p.lastName.slice(0, 4)}`,
  },
  {
    label: "date of birth (MM/DD/YYYY)",
    actor: "frontdesk",
    make: (p) => `${p.dateOfBirth.slice(5, 7)}/${p.dateOfBirth.slice(8, 10)}/${p.dateOfBirth.slice(0, 4)}`,
  },
  { label: "MRN", actor: "frontdesk", make: (p) => p.mrn },
  { label: "phone, whole number", actor: "frontdesk", make: (p) => p.phoneDigits },
  { label: "phone, last 4 digits", actor: "frontdesk", make: (p) => p.phoneDigits.slice(-4) },
  { label: "no query (list, page 1)", actor: "frontdesk", make: () => "" },
  { label: "clinician (team scope), name", actor: "therapist", make: (p) => p.lastName.toLowerCase().slice(1, 5) },
];

async function explain(db: Db, actor: Actor, query: SearchableQuery): Promise<string> {
  const where = searchCondition(actor, query);
  const result = await db.execute(
    sql`explain (analyze, costs off, timing off, summary off) select ${patient.id} from ${patient} where ${where}`,
  );
  const rows = (
    Array.isArray(result) ? result : (result as unknown as { rows: Record<string, string>[] }).rows
  ) as Record<string, string>[];
  return rows.map((row) => `    ${Object.values(row)[0]}`).join("\n");
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const handle = await openDatabase(url ? { url } : { dataDir: "memory://" });
  try {
    await runMigrations(handle);
    const db = handle.db;
    const seedStart = performance.now();
    const { frontdesk, therapist, patients } = await seed20k(db);
    // What autovacuum would have done by the time anyone searches: merge the GIN pending list, gather statistics.
    await handle.exec("VACUUM ANALYZE patient, care_team_member");
    console.log(
      `${handle.kind}: ${patients.length} invented patients in one clinic, seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    console.log(
      `${SEARCHES} searches per kind, each a count plus one page of 25 (findPatients, without the audit insert)\n`,
    );
    const actors = { frontdesk, therapist };
    console.log(
      `${"kind".padEnd(40)} ${"median ms".padStart(10)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)} ${"avg hits".padStart(9)}`,
    );
    for (const kind of KINDS) {
      const queries: SearchableQuery[] = [];
      for (let n = 0; n < SEARCHES; n += 1) {
        const parsed = parseSearchQuery(kind.make(pick(patients)));
        if (parsed.kind !== "invalid") {
          queries.push(parsed);
        }
      }
      for (const query of queries.slice(0, 10)) {
        await findPatients(db, actors[kind.actor], query, 1);
      }
      const times: number[] = [];
      let hits = 0;
      for (const query of queries) {
        const start = performance.now();
        const result = await findPatients(db, actors[kind.actor], query, 1);
        times.push(performance.now() - start);
        hits += result.total;
      }
      times.sort((a, b) => a - b);
      console.log(
        `${kind.label.padEnd(40)} ${percentile(times, 50).toFixed(2).padStart(10)} ${percentile(times, 95).toFixed(2).padStart(8)} ${times[times.length - 1]!.toFixed(2).padStart(8)} ${(hits / queries.length).toFixed(1).padStart(9)}`,
      );
    }
    const sample = patients[0]!;
    console.log("\nPlans (EXPLAIN ANALYZE of the filter alone):");
    for (const [label, actor, text] of [
      ["name, two words", frontdesk, `${sample.firstName.slice(0, 3)} ${sample.lastName.slice(0, 4)}`],
      ["date of birth", frontdesk, sample.dateOfBirth],
      ["phone, last 4", frontdesk, sample.phoneDigits.slice(-4)],
      ["clinician, name", therapist, sample.lastName.slice(1, 5)],
    ] as const) {
      const query = parseSearchQuery(text);
      if (query.kind !== "invalid") {
        console.log(`  ${label}:\n${await explain(db, actor, query)}`);
      }
    }
  } finally {
    await handle.close();
  }
}

await main();
