import { performance } from "node:perf_hooks";
import type { ClinicPlan } from "./clinic-plan";
import { TableWriter, type BulkTarget, type Row } from "./copy";
import type { Random } from "./random";

export type ClinicContext = {
  random: Random;
  now: Date;
  passwordHash: string;
  /** Notes this clinic holds (its share of the scale's notes). */
  notes: number;
  /** The one prescriber whose sign-offs have fallen behind (staff index), or null. */
  backlogPrescriber: number | null;
};

export type Written = Record<string, number>;

/** Writes rows of one table, in batches, and says how many. */
export async function writeTable(
  target: BulkTarget,
  table: string,
  columns: readonly string[],
  rows: Iterable<Row>,
  written: Written,
): Promise<void> {
  const started = performance.now();
  const writer = new TableWriter(target, table, columns);
  for (const row of rows) {
    await writer.add(row);
  }
  await writer.flush();
  written[table] = (written[table] ?? 0) + writer.rows;
  if (process.env.BENCH_VERBOSE) {
    console.info(
      `[generate]   ${table}: ${writer.rows} rows in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
  }
}

export function staffIdOf(plan: ClinicPlan, clinician: number): string {
  return plan.staff[plan.clinicianStaff[clinician]!]!.id;
}
