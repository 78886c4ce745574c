/**
 * `npm run bench`: builds (or reuses) the large clinic, loads the production build page by page
 * against the raw-database floor, measures the planner, the PDF, cold start, memory and first-page
 * JavaScript, and writes bench/results/latest.json and latest.md.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kap_bench npm run bench
 *   npm run bench -- --scale small          (embedded PGlite in a temp folder when BENCH_DATABASE_URL is unset)
 *
 * Options: --scale full|small, --seconds N (per load run), --pages a,b, --regenerate, --skip-build, --skip-extras.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { coldStart, firstPageJs, patientSearchBench, pdfBench, plannerBench } from "./extras";
import { hostileInputBench } from "./hostile-input";
import { connect, describeLocation, type BenchLocation } from "./generate/database";
import { ensureBenchData, scaleArgument } from "./generate/index";
import { BENCH_PASSWORD } from "./generate/scale";
import { check, load, signIn, type LoadResult } from "./load";
import { pageSpecs, type PageSpec, type UserKey } from "./pages";
import {
  backgroundCpu,
  buildApp,
  CACHE_DIR,
  copyDataDir,
  memoryOf,
  resetPeakMemory,
  startApp,
  startFloor,
  type ServerProcess,
} from "./processes";
import { evaluateTargets, markdownTables, pageResult, type PageResult } from "./report";

const APP_PORT = 3901;
const FLOOR_PORT = 3911;
const COLD_PORT = 3921;
const WARM_UP_SECONDS = 3;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function say(message: string): void {
  console.info(`[bench] ${message}`);
}

function describe(result: LoadResult): string {
  return `${result.rps.toFixed(0)} req/s, p50 ${result.p50_ms.toFixed(1)} ms, p95 ${result.p95_ms.toFixed(1)} ms, p99 ${result.p99_ms.toFixed(1)} ms, errors ${result.errors}`;
}

async function measure(
  base: string,
  paths: string[],
  cookie: string | undefined,
  seconds: number,
  label: string,
): Promise<{ at1: LoadResult; at10: LoadResult; at50: LoadResult }> {
  await load({ base, paths, cookie, connections: 10, seconds: WARM_UP_SECONDS });
  // One request at a time: what a single user waits, with nothing queued ahead.
  const at1 = await load({ base, paths, cookie, connections: 1, seconds: Math.min(seconds, 3) });
  say(`  ${label} @1:  ${describe(at1)}`);
  const at10 = await load({ base, paths, cookie, connections: 10, seconds });
  say(`  ${label} @10: ${describe(at10)}`);
  const at50 = await load({ base, paths, cookie, connections: 50, seconds });
  say(`  ${label} @50: ${describe(at50)}`);
  return { at1, at10, at50 };
}

async function databaseVersion(location: BenchLocation): Promise<string> {
  const connection = await connect(location);
  try {
    const [row] = await connection.query<{ version: string }>("select version()");
    return row?.version ?? "unknown";
  } finally {
    await connection.close();
  }
}

async function measurePages(
  specs: PageSpec[],
  app: ServerProcess,
  floor: ServerProcess,
  cookies: Record<UserKey, string>,
  seconds: number,
): Promise<Record<string, PageResult>> {
  const pages: Record<string, PageResult> = {};
  for (const spec of specs) {
    const cookie = cookies[spec.user];
    const checked = await check(app.base, spec.paths.slice(0, 3), cookie, spec.expect);
    const failed = checked.find((outcome) => outcome.status !== 200 || outcome.problem);
    if (failed) {
      const missing = failed.status === 404;
      const note = missing
        ? "skipped: route missing (404)"
        : `skipped: ${failed.path} answered ${failed.status}: ${failed.problem ?? ""}`.slice(0, 300);
      say(`${spec.name}: ${note}`);
      pages[spec.name] = {
        title: spec.title,
        user: spec.user,
        example_path: spec.paths[0] ?? "",
        status: "skipped",
        note,
        floor_note: spec.floorNote,
      };
      continue;
    }
    const background = await backgroundCpu();
    const peakResettable = await resetPeakMemory(app.pid);
    say(
      `${spec.name}: ${spec.title} (${spec.paths.length} paths, as ${spec.user}; other work on the machine: ${background ?? "?"}% CPU)`,
    );
    const appResult = await measure(app.base, spec.paths, cookie, seconds, "app  ");
    const memory = await memoryOf(app.pid);
    const pagePeak = peakResettable && memory ? Math.round(memory.peakMb) : null;
    say(`  app peak RSS while loading this page: ${pagePeak ?? "?"} MB`);
    let floorResult: { at1: LoadResult; at10: LoadResult; at50: LoadResult } | null = null;
    if (spec.floorPaths) {
      const floorChecked = await check(floor.base, spec.floorPaths.slice(0, 3), undefined, () => null);
      const floorFailed = floorChecked.find((outcome) => outcome.status !== 200);
      if (floorFailed) {
        throw new Error(
          `the floor's ${spec.name} failed: ${floorFailed.path} answered ${floorFailed.status}: ${floorFailed.problem ?? ""}`,
        );
      }
      floorResult = await measure(floor.base, spec.floorPaths, undefined, seconds, "floor");
    }
    pages[spec.name] = {
      ...pageResult(spec, appResult, floorResult),
      background_cpu_pct: background,
      app_peak_rss_mb: pagePeak,
    };
  }
  return pages;
}

const README_START = "<!-- bench:results:start -->";
const README_END = "<!-- bench:results:end -->";

/** The README's table between its two markers, replaced by this run's (a full-scale run only: it is the one the README quotes). */
async function updateReadme(markdown: string): Promise<boolean> {
  const readme = await readFile("README.md", "utf8");
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start || !markdown.startsWith("|")) {
    return false;
  }
  await writeFile("README.md", `${readme.slice(0, start + README_START.length)}\n${markdown}\n${readme.slice(end)}`);
  return true;
}

async function main(): Promise<void> {
  const started = performance.now();
  const scale = scaleArgument(process.argv);
  const seconds = Number(option("--seconds") ?? (scale === "full" ? 10 : 5));
  const only = option("--pages")?.split(",");
  await mkdir(CACHE_DIR, { recursive: true });

  const data = await ensureBenchData({ scale, force: process.argv.includes("--regenerate") });
  const location = data.location;
  let buildSeconds: number | null = null;
  if (!process.argv.includes("--skip-build")) {
    say("npm run build");
    buildSeconds = (await buildApp()).seconds;
  }
  const floorLocation: BenchLocation =
    location.kind === "pglite" ? { kind: "pglite", dataDir: `${location.dataDir}-floor` } : location;
  if (location.kind === "pglite" && floorLocation.kind === "pglite") {
    await copyDataDir(location.dataDir, floorLocation.dataDir);
  }

  say(`starting the app (${describeLocation(location)}) and the floor`);
  const app = await startApp(location, APP_PORT, path.join(CACHE_DIR, "app.log"));
  const floor = await startFloor(
    floorLocation,
    FLOOR_PORT,
    data.fixtures.users.prescriber,
    path.join(CACHE_DIR, "floor.log"),
  );
  let rssSampledPeak = 0;
  const sampler = setInterval(() => {
    void memoryOf(app.pid).then((memory) => {
      rssSampledPeak = Math.max(rssSampledPeak, memory?.rssMb ?? 0);
    });
  }, 200);
  let pages: Record<string, PageResult>;
  let js: Awaited<ReturnType<typeof firstPageJs>>;
  let rssPeak: number | null;
  try {
    const users = data.fixtures.users;
    const cookies = {} as Record<UserKey, string>;
    for (const key of Object.keys(users) as UserKey[]) {
      cookies[key] = await signIn(app.base, users[key], BENCH_PASSWORD);
    }
    js = await firstPageJs(app.base);
    say(`first-page JavaScript: ${js.gzip_kb.toFixed(1)} KB gzip in ${js.files.length} files`);
    const specs = pageSpecs(data.fixtures).filter((spec) => !only || only.includes(spec.name));
    pages = await measurePages(specs, app, floor, cookies, seconds);
    // Each page restarted the kernel's high-water mark (VmHWM); the run's peak is the highest of them.
    const peaks = [
      (await memoryOf(app.pid))?.peakMb ?? 0,
      rssSampledPeak,
      ...Object.values(pages).map((page) => page.app_peak_rss_mb ?? 0),
    ];
    rssPeak = Math.max(...peaks) || null;
  } finally {
    clearInterval(sampler);
    await app.stop();
    await floor.stop();
  }
  say(`peak RSS of the app: ${rssPeak?.toFixed(0) ?? "?"} MB (sampled ${rssSampledPeak.toFixed(0)} MB)`);

  const skipExtras = process.argv.includes("--skip-extras");
  const planner = skipExtras ? null : await plannerBench();
  if (planner) {
    say(`planner: median ${planner.median_ms} ms, p95 ${planner.p95_ms} ms`);
  }
  const pdf = skipExtras ? null : await pdfBench();
  if (pdf) {
    say(`PDF: ${pdf.median_ms ?? pdf.note}`);
  }
  const cold = skipExtras ? null : await coldStart(COLD_PORT, 5);
  if (cold) {
    say(`cold start: median ${cold.median_ms.toFixed(0)} ms (${cold.runs_ms.join(", ")})`);
  }
  const search = skipExtras ? null : await patientSearchBench(location.kind === "postgres" ? location.url : undefined);
  const hostile = skipExtras ? null : await hostileInputBench(COLD_PORT);
  if (hostile) {
    say(
      `hostile input: ${hostile.requests} refused, median ${hostile.median_ms} ms, p99 ${hostile.p99_ms} ms; RSS ${hostile.rss_before_mb} → ${hostile.rss_after_mb} MB`,
    );
  }

  const cpus = os.cpus();
  const results = {
    generated_at: new Date().toISOString(),
    scale,
    seconds_per_load: seconds,
    pages,
    planner: planner
      ? {
          median_ms: planner.median_ms,
          p95_ms: planner.p95_ms,
          max_ms: planner.max_ms,
          runs: planner.runs,
          first_call_ms: planner.first_call_ms,
          lighter_calendar: planner.lighter_calendar,
          source: planner.source,
        }
      : null,
    pdf: { series_summary: { median_ms: pdf?.median_ms ?? null, note: pdf?.note ?? "skipped (--skip-extras)" } },
    cold_start_ms: cold ? Math.round(cold.median_ms) : null,
    cold_start_runs_ms: cold?.runs_ms ?? null,
    rss_peak_mb: rssPeak === null ? null : Math.round(rssPeak),
    js_first_page_gzip_kb: Math.round(js.gzip_kb * 10) / 10,
    js_first_page_files: js.files,
    patient_search_direct: search,
    hostile_input: hostile,
    data: {
      location: describeLocation(location),
      reused: data.reused,
      generated_at: data.generatedAt,
      generation_seconds: Math.round(data.generationSeconds * 10) / 10,
      rows: data.counts,
    },
    build_seconds: buildSeconds === null ? null : Math.round(buildSeconds),
    machine: {
      cpu: cpus[0]?.model ?? "unknown",
      cores: cpus.length,
      memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      database: { kind: location.kind, version: await databaseVersion(location) },
    },
    load: {
      tool: "autocannon over loopback, on the same machine",
      warm_up_seconds: WARM_UP_SECONDS,
      connections: [10, 50],
      compression: "none requested (no Accept-Encoding)",
    },
    total_seconds: 0,
  };
  const targets = evaluateTargets({
    pages,
    plannerMedian: results.planner?.median_ms ?? null,
    pdfMedian: results.pdf.series_summary.median_ms,
    coldStart: results.cold_start_ms,
    rssPeak: results.rss_peak_mb,
    jsKb: results.js_first_page_gzip_kb,
  });
  results.total_seconds = Math.round((performance.now() - started) / 1000);
  const markdown = `${markdownTables(pages, targets)}\n\n${scale} scale on ${describeLocation(location).replace(/ in .*/u, "")} (${results.machine.database.version.split(",")[0]}), ${results.machine.cores} × ${results.machine.cpu}, ${results.machine.memory_gb} GB, Node ${process.version}; ${seconds} s per run after ${WARM_UP_SECONDS} s of warm-up.`;
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/latest.json", `${JSON.stringify({ ...results, targets }, null, 2)}\n`);
  await writeFile("bench/results/latest.md", `${markdown}\n`);
  if (scale === "full" && !only && !skipExtras && (await updateReadme(markdown))) {
    say("updated the table in README.md");
  }
  console.info(`\n${markdown}\n`);
  say(`wrote bench/results/latest.json and latest.md in ${results.total_seconds} s`);
}

await main();
