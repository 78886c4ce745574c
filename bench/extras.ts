import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { get } from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import postgres from "postgres";
import { appEnv, BENCH_BUILD_DIR, startApp, waitForHealth } from "./processes";

const execFileAsync = promisify(execFile);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

async function runScript(script: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ["--import", "tsx", script], {
    env,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  return stdout;
}

export type PlannerResult = {
  median_ms: number;
  p95_ms: number;
  max_ms: number;
  runs: number;
  first_call_ms: number | null;
  lighter_calendar: { median_ms: number; p95_ms: number } | null;
  source: string;
};

/** bench/planner.ts (planSeries on its dense calendars, in a fresh process), its summary lines read back. */
export async function plannerBench(): Promise<PlannerResult> {
  const output = await runScript("bench/planner.ts");
  const lines = [
    ...output.matchAll(/planSeries, (\d+) runs: n=\d+ median ([\d.]+) ms, p95 ([\d.]+) ms, max ([\d.]+) ms/gu),
  ];
  const [dense, lighter] = lines;
  if (!dense) {
    throw new Error(`bench/planner.ts printed no summary:\n${output}`);
  }
  const first = /First call in a fresh process: ([\d.]+) ms/u.exec(output);
  return {
    median_ms: Number(dense[2]),
    p95_ms: Number(dense[3]),
    max_ms: Number(dense[4]),
    runs: Number(dense[1]),
    first_call_ms: first ? Number(first[1]) : null,
    lighter_calendar: lighter ? { median_ms: Number(lighter[2]), p95_ms: Number(lighter[3]) } : null,
    source: "bench/planner.ts: 100 plans on dense calendars (10 staff ~70% booked, 5 rooms ~60%), 60 days searched",
  };
}

/** bench/pdf.ts, when its author has written it: the median it prints. */
export async function pdfBench(): Promise<{ median_ms: number | null; note: string; output?: string }> {
  if (!existsSync("bench/pdf.ts")) {
    return { median_ms: null, note: "skipped: bench/pdf.ts is not there yet" };
  }
  const output = await runScript("bench/pdf.ts");
  const match =
    /series[^\n]*summary[^\n]*?median[^\d]*([\d.]+)\s*ms/iu.exec(output) ?? /median[^\d]*([\d.]+)\s*ms/iu.exec(output);
  return match
    ? { median_ms: Number(match[1]), note: "bench/pdf.ts", output: output.trim() }
    : { median_ms: null, note: "bench/pdf.ts printed no median", output: output.trim() };
}

export type SearchKind = { kind: string; median_ms: number; p95_ms: number; max_ms: number; average_hits: number };

/**
 * bench/patient-search.ts: findPatients straight on the database, per kind of search. It fills the
 * database it is given with a new clinic of 20,000 patients and leaves it, so it gets a scratch one.
 */
export async function patientSearchBench(
  benchUrl: string | undefined,
): Promise<{ kinds: SearchKind[]; database: string }> {
  let scratch: string | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.BENCH_DATABASE_URL;
  if (benchUrl) {
    const url = new URL(benchUrl);
    const name = `${decodeURIComponent(url.pathname.slice(1))}_search_scratch`;
    url.pathname = "/postgres";
    const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end();
    url.pathname = `/${name}`;
    scratch = url.toString();
    env.BENCH_DATABASE_URL = scratch;
  }
  try {
    const output = await runScript("bench/patient-search.ts", env);
    const kinds = [...output.matchAll(/^(.{40}) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+)$/gmu)].map((match) => ({
      kind: match[1]!.trim(),
      median_ms: Number(match[2]),
      p95_ms: Number(match[3]),
      max_ms: Number(match[4]),
      average_hits: Number(match[5]),
    }));
    return { kinds, database: scratch ? "PostgreSQL (scratch database, dropped)" : "PGlite in memory" };
  } finally {
    if (scratch) {
      const url = new URL(scratch);
      const name = decodeURIComponent(url.pathname.slice(1));
      url.pathname = "/postgres";
      const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

/**
 * Cold start: `node build/server.js` on an embedded database that already holds the seeded demo
 * clinic, from spawning the process to the first 200 from /healthz. The build is not part of it.
 */
export async function coldStart(port: number, runs: number): Promise<{ median_ms: number; runs_ms: number[] }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "kap-bench-cold-"));
  try {
    // First start: migrates and seeds the demo clinic; not timed.
    const seeded = await startApp(
      { kind: "pglite", dataDir },
      port,
      path.join(path.dirname(BENCH_BUILD_DIR), "cold-seed.log"),
      { SEED_DEMO: "true" },
    );
    await seeded.stop();
    const times: number[] = [];
    for (let n = 0; n < runs; n += 1) {
      const started = performance.now();
      const child = spawn(process.execPath, [path.join(BENCH_BUILD_DIR, "server.js")], {
        env: appEnv({ kind: "pglite", dataDir }, port, { SEED_DEMO: "true" }),
        stdio: "ignore",
      });
      await waitForHealth(`http://127.0.0.1:${port}`, 60_000, child, 5);
      times.push(performance.now() - started);
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    }
    return { median_ms: median(times), runs_ms: times.map((value) => Math.round(value)) };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function gzippedSize(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": "gzip" } }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on("end", () =>
        response.statusCode === 200 ? resolve(bytes) : reject(new Error(`${url} answered ${response.statusCode}`)),
      );
      response.on("error", reject);
    }).on("error", reject);
  });
}

/**
 * The JavaScript a browser downloads for the sign-in page: every script and modulepreload the page
 * names, fetched from the production server gzipped as it serves them (bytes on the wire).
 */
export async function firstPageJs(
  base: string,
): Promise<{ gzip_kb: number; files: { path: string; gzip_bytes: number }[] }> {
  const html = await (await fetch(`${base}/login`)).text();
  const paths = new Set<string>();
  for (const match of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.js)"[^>]*>/gu)) {
    paths.add(match[1]!);
  }
  // The entry's inline module imports the route modules too.
  for (const match of html.matchAll(/import(?:\s*\*\s*as\s+\w+\s+from)?\s*\(?\s*"([^"]+\.js)"/gu)) {
    paths.add(match[1]!);
  }
  const files: { path: string; gzip_bytes: number }[] = [];
  for (const file of paths) {
    files.push({ path: file, gzip_bytes: await gzippedSize(new URL(file, base).toString()) });
  }
  return { gzip_kb: files.reduce((sum, file) => sum + file.gzip_bytes, 0) / 1024, files };
}
