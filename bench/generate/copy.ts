import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";

export type Row = Record<string, unknown>;

/** Where rows go: a PostgreSQL server through postgres.js, or an embedded PGlite. */
export type BulkTarget = { kind: "postgres"; sql: Sql } | { kind: "pglite"; pg: PGlite };

const BATCH_ROWS = 10_000;

/**
 * Inserts rows of one table in batches of ten thousand: each batch is one statement that expands a
 * JSON array into rows of the table's own type (json_populate_recordset), so every column gets its
 * declared type and columns left out get their defaults. COPY would be a little faster, but
 * postgres.js loses a COPY's error (a refused row hangs the stream), and a refused row is exactly
 * what must be seen: the exclusion constraints, foreign keys and CHECKs all run.
 */
export class TableWriter {
  private batch: Row[] = [];
  rows = 0;

  constructor(
    private readonly target: BulkTarget,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  async add(row: Row): Promise<void> {
    this.batch.push(row);
    this.rows += 1;
    if (this.batch.length >= BATCH_ROWS) {
      await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) {
      return;
    }
    const json = JSON.stringify(this.batch);
    this.batch = [];
    const list = this.columns.join(", ");
    const statement = `INSERT INTO ${this.table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${this.table}, $1::text::json)`;
    try {
      if (this.target.kind === "postgres") {
        await this.target.sql.unsafe(statement, [json]);
      } else {
        await this.target.pg.query(statement, [json]);
      }
    } catch (error) {
      throw new Error(`Writing ${this.table} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }
}
