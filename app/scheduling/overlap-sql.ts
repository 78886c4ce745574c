import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/**
 * Rows whose [start, end) overlaps [from, to), written as the range expression the GiST indexes
 * hold (the exclusion constraints, and migrations/0011's clinic-wide ones), so an index serves it:
 * "starts before `to` and ends after `from`" on two columns leaves a B-tree no lower bound, and a
 * clinic's week was a scan of its whole history.
 */
export function overlapping(startColumn: AnyColumn, endColumn: AnyColumn, from: Date, to: Date): SQL {
  return sql`tstzrange(${startColumn}, ${endColumn}, '[)') && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`;
}
