/**
 * The floor: a bare node:http server that answers each measured page's data as JSON, straight from
 * the database (postgres.js on PostgreSQL; PGlite in-process on a copy of the embedded database,
 * which one process at a time may open). Started by bench/run.ts as its own process:
 *
 *   FLOOR_PORT=3911 FLOOR_LOCATION='{"kind":"postgres","url":"…"}' FLOOR_PRESCRIBER=prescriber1.clinic1@bench.example \
 *     node --import tsx bench/floor/server.ts
 */
import { createServer } from "node:http";
import { floorPages, type Query } from "./queries";

type Location = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

async function openQuery(location: Location): Promise<Query> {
  if (location.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    // The app's pool size, so both sides have the same number of database connections.
    const sql = postgres(location.url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
    return async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
      (await sql.unsafe(text, params as never[], { prepare: true })) as unknown as T[];
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const pg = await PGlite.create(location.dataDir, { extensions: { btree_gist, pg_trgm, unaccent } });
  return async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await pg.query<T>(text, params)).rows;
}

const location = JSON.parse(process.env.FLOOR_LOCATION ?? "null") as Location | null;
if (!location) {
  throw new Error("FLOOR_LOCATION is required");
}
const query = await openQuery(location);
const [viewer] = await query<{ id: string; clinic_id: string; time_zone: string }>(
  "select s.id, s.clinic_id, c.time_zone from staff_user s join clinic c on c.id = s.clinic_id where lower(s.email) = lower($1)",
  [process.env.FLOOR_PRESCRIBER ?? ""],
);
if (!viewer) {
  throw new Error(`no staff user ${process.env.FLOOR_PRESCRIBER}`);
}
const pages = floorPages(query, { clinicId: viewer.clinic_id, timeZone: viewer.time_zone, prescriberId: viewer.id });

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://floor");
  const page = pages[url.pathname.slice(1)];
  if (url.pathname === "/healthz") {
    response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    return;
  }
  if (!page) {
    response.writeHead(404).end();
    return;
  }
  page(url.searchParams).then(
    (data) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(data));
    },
    (error: unknown) => {
      response
        .writeHead(500, { "content-type": "text/plain" })
        .end(error instanceof Error ? error.message : String(error));
    },
  );
});
server.listen(Number(process.env.FLOOR_PORT ?? 3911), "127.0.0.1", () => {
  console.info(`floor listening on ${process.env.FLOOR_PORT ?? 3911}`);
});
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
