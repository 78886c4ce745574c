import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { hashPassword } from "#app/auth/password.server";
import { migrationsFolder } from "#db/migrate";
import { planClinic } from "./clinic-plan";
import { benchLocation, connect, describeLocation, exists, freshDatabase, type BenchLocation } from "./database";
import { fixturesFor, type Fixtures } from "./fixtures";
import { apportion, seeded } from "./random";
import type { Written } from "./rows";
import { BENCH_PASSWORD, CLINIC_WEIGHTS, DATA_VERSION, SCALES, WEEKS_AHEAD, WEEKS_BACK, type ScaleName } from "./scale";
import { writeClinic } from "./write-clinic";

const DAY_MS = 86_400_000;

export type BenchData = {
  scale: ScaleName;
  location: BenchLocation;
  reused: boolean;
  generatedAt: string;
  generationSeconds: number;
  counts: Written;
  fixtures: Fixtures;
};

type Marker = {
  scale: string;
  data_version: number;
  migrations: number;
  generated_at: Date | string;
  generation_seconds: number;
  counts: Written;
  fixtures: Fixtures;
};

/** Migrations the code expects: a clinic generated before a new one (an index, say) is rebuilt. */
function migrationCount(): number {
  return (
    JSON.parse(readFileSync(path.join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as { entries: unknown[] }
  ).entries.length;
}

async function readMarker(location: BenchLocation, scale: ScaleName): Promise<Marker | null> {
  if (!(await exists(location))) {
    return null;
  }
  const connection = await connect(location);
  try {
    const [table] = await connection.query<{ name: string | null }>(
      "select to_regclass('public.bench_marker')::text as name",
    );
    if (!table?.name) {
      return null;
    }
    // A marker of an older layout (a column missing) is as good as none: the clinic is rebuilt.
    const rows = await connection
      .query<Marker>("select * from bench_marker where scale = $1 and data_version = $2 and migrations = $3", [
        scale,
        DATA_VERSION,
        migrationCount(),
      ])
      .catch(() => []);
    return rows[0] ?? null;
  } finally {
    await connection.close();
  }
}

function log(message: string): void {
  console.info(`[generate] ${message}`);
}

/**
 * The bench clinic at the given scale: reused when the database already holds one of this scale and
 * data version (the marker row is written last, so a half-finished run is never reused); otherwise
 * the database is wiped, migrated and filled.
 */
export async function ensureBenchData(options: {
  scale: ScaleName;
  force?: boolean;
  location?: BenchLocation;
}): Promise<BenchData> {
  const location = options.location ?? benchLocation(options.scale);
  const marker = options.force ? null : await readMarker(location, options.scale);
  if (marker) {
    const generatedAt = new Date(marker.generated_at).toISOString();
    log(
      `reusing the ${options.scale} clinic in ${describeLocation(location)}, generated ${generatedAt} in ${marker.generation_seconds.toFixed(1)} s`,
    );
    return {
      scale: options.scale,
      location,
      reused: true,
      generatedAt,
      generationSeconds: marker.generation_seconds,
      counts: marker.counts,
      fixtures: marker.fixtures,
    };
  }
  return generate(options.scale, location);
}

async function generate(scaleName: ScaleName, location: BenchLocation): Promise<BenchData> {
  const scale = SCALES[scaleName];
  const started = performance.now();
  log(
    `building the ${scaleName} clinic in ${describeLocation(location)}: ${scale.clinics} clinics, ${scale.clinicians} clinicians, ${scale.rooms} rooms, ${scale.patients} patients, ${scale.series} series, ${scale.appointments} appointments, ${scale.notes} notes`,
  );
  await freshDatabase(location);
  log(`database created and migrated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const now = new Date();
  const todayEpoch = Math.floor(now.getTime() / DAY_MS);
  const monday = todayEpoch - ((todayEpoch + 3) % 7);
  const firstEpochDay = monday - WEEKS_BACK * 7;
  const timelineDays = (WEEKS_BACK + WEEKS_AHEAD) * 7;
  const weights = CLINIC_WEIGHTS.slice(0, scale.clinics);
  const share = (total: number, minimum = 1): number[] => apportion(total, weights, minimum);
  const [clinicians, rooms, patients, series, appointments, notes] = [
    share(scale.clinicians, 4),
    share(scale.rooms, 2),
    share(scale.patients),
    share(scale.series),
    share(scale.appointments),
    share(scale.notes),
  ];
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const connection = await connect(location);
  const counts: Written = {};
  let fixtures: Fixtures | null = null;
  let mrn = 100001;
  let planSeconds = 0;
  try {
    // Two clinics at a time: one is planned and encoded in JavaScript while the database takes the
    // other's rows (clinics share no rows, so their inserts never wait on each other).
    const mrnStarts = patients.map((_, index) => mrn + patients.slice(0, index).reduce((sum, count) => sum + count, 0));
    const buildClinic = async (index: number): Promise<void> => {
      const random = seeded(20260301 + index * 7919);
      const planStart = performance.now();
      const plan = planClinic({
        random,
        index,
        counts: {
          clinicians: clinicians[index]!,
          rooms: rooms[index]!,
          patients: patients[index]!,
          series: series[index]!,
          appointments: appointments[index]!,
        },
        firstEpochDay,
        timelineDays,
        now,
        mrnStart: mrnStarts[index]!,
      });
      planSeconds += (performance.now() - planStart) / 1000;
      const backlogPrescriber = index === 0 ? plan.staff.findIndex((member) => member.role === "prescriber") : null;
      if (index === 0) {
        fixtures = fixturesFor(plan);
      }
      const written = await writeClinic(connection.target, plan, {
        random,
        now,
        passwordHash,
        notes: notes[index]!,
        backlogPrescriber,
      });
      for (const [table, rows] of Object.entries(written)) {
        counts[table] = (counts[table] ?? 0) + rows;
      }
      log(
        `clinic ${index + 1}/${scale.clinics} (${plan.name}): ${plan.appointments.length} appointments, ${written.note ?? 0} notes, ${written.vitals_entry ?? 0} vitals; ${((performance.now() - started) / 1000).toFixed(1)} s so far`,
      );
    };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < scale.clinics) {
        const index = next;
        next += 1;
        await buildClinic(index);
      }
    };
    await Promise.all([worker(), worker()]);
    mrn += patients.reduce((sum, count) => sum + count, 0);
    await connection.exec(`SELECT setval('patient_mrn_seq', ${mrn})`);
    const vacuumStart = performance.now();
    // What autovacuum would have done by the time anyone uses the clinic: statistics and visibility maps.
    await connection.exec("VACUUM ANALYZE");
    log(
      `VACUUM ANALYZE in ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s (planning the timetables took ${planSeconds.toFixed(1)} s)`,
    );
    const generationSeconds = (performance.now() - started) / 1000;
    await connection.exec(
      "CREATE TABLE IF NOT EXISTS bench_marker (scale text PRIMARY KEY, data_version integer NOT NULL, migrations integer NOT NULL, generated_at timestamptz NOT NULL, generation_seconds double precision NOT NULL, counts jsonb NOT NULL, fixtures jsonb NOT NULL)",
    );
    await connection.query("INSERT INTO bench_marker VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb)", [
      scaleName,
      DATA_VERSION,
      migrationCount(),
      now.toISOString(),
      generationSeconds,
      JSON.stringify(counts),
      JSON.stringify(fixtures),
    ]);
    log(
      `done in ${generationSeconds.toFixed(1)} s: ${Object.entries(counts)
        .map(([table, rows]) => `${table} ${rows}`)
        .join(", ")}`,
    );
    return {
      scale: scaleName,
      location,
      reused: false,
      generatedAt: now.toISOString(),
      generationSeconds,
      counts,
      fixtures: fixtures!,
    };
  } finally {
    await connection.close();
  }
}

function scaleArgument(argv: readonly string[]): ScaleName {
  const at = argv.indexOf("--scale");
  const value = at >= 0 ? argv[at + 1] : "full";
  if (value !== "full" && value !== "small") {
    throw new Error(`--scale is "full" or "small", not "${value}"`);
  }
  return value;
}

// Run by itself: `npx tsx bench/generate/index.ts --scale small [--force]`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await ensureBenchData({ scale: scaleArgument(process.argv), force: process.argv.includes("--force") });
}

export { scaleArgument };
