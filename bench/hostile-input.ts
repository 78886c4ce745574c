import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { BENCH_BUILD_DIR, buildApp, memoryOf, startApp } from "./processes";

/**
 * The security probe's requests against the production server on a fresh embedded database: how fast
 * each is refused, and whether the server's memory moves. The crash body once grew the process by
 * 3 GB; refused before parsing, a few hundred of them should leave the resident size where it was.
 */
const PROBES: { name: string; path: string; init: RequestInit }[] = [
  { name: "crash body on /login", path: "/login", init: form("email=a%40b.co&password=x&foo[999999999]=1") },
  { name: "crash body on /login.data", path: "/login.data", init: form("email=a%40b.co&password=x&foo[20000000]=1") },
  { name: "10,000 fields", path: "/login", init: form(Array.from({ length: 10_000 }, (_, i) => `f${i}=1`).join("&")) },
  { name: "2 MiB body", path: "/login", init: form(`note=${"x".repeat(2 * 1024 * 1024)}`) },
  {
    name: "JSON body",
    path: "/patients/new",
    init: { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } },
  },
  { name: "NUL in a search", path: "/patients?q=a%00", init: { method: "GET" } },
];

function form(body: string): RequestInit {
  return { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } };
}

export type HostileInputResult = {
  requests: number;
  statuses: Record<string, number>;
  /** Per probe: median and slowest, in ms. */
  by_probe: Record<string, { median_ms: number; max_ms: number }>;
  median_ms: number;
  p99_ms: number;
  max_ms: number;
  rss_before_mb: number | null;
  rss_after_mb: number | null;
};

export async function hostileInputBench(port: number, rounds = 50): Promise<HostileInputResult> {
  await mkdir(path.dirname(BENCH_BUILD_DIR), { recursive: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "kap-bench-hostile-"));
  const app = await startApp(
    { kind: "pglite", dataDir },
    port,
    path.join(path.dirname(BENCH_BUILD_DIR), "hostile.log"),
    { SEED_DEMO: "true" },
  );
  try {
    const times: number[] = [];
    const statuses: Record<string, number> = {};
    const perProbe = new Map<string, number[]>();
    // One warm-up round, not timed, so the first request's module loading is not counted.
    for (const probe of PROBES) {
      await (await fetch(`${app.base}${probe.path}`, probe.init)).arrayBuffer();
    }
    const before = await memoryOf(app.pid);
    for (let round = 0; round < rounds; round += 1) {
      for (const probe of PROBES) {
        const started = performance.now();
        const response = await fetch(`${app.base}${probe.path}`, probe.init);
        await response.arrayBuffer();
        const ms = performance.now() - started;
        times.push(ms);
        perProbe.set(probe.name, [...(perProbe.get(probe.name) ?? []), ms]);
        const key = `${probe.name}: ${response.status}`;
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
    }
    const after = await memoryOf(app.pid);
    const at = (values: number[], q: number): number => {
      const sorted = [...values].sort((a, b) => a - b);
      return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
    };
    return {
      requests: times.length,
      statuses,
      by_probe: Object.fromEntries(
        [...perProbe].map(([name, values]) => [name, { median_ms: at(values, 0.5), max_ms: at(values, 1) }]),
      ),
      median_ms: at(times, 0.5),
      p99_ms: at(times, 0.99),
      max_ms: at(times, 1),
      rss_before_mb: before ? Math.round(before.rssMb) : null,
      rss_after_mb: after ? Math.round(after.rssMb) : null,
    };
  } finally {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// `tsx bench/hostile-input.ts [--skip-build]`: this part of the bench alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (!process.argv.includes("--skip-build")) {
    await buildApp();
  }
  console.log(JSON.stringify(await hostileInputBench(3390), null, 2));
}
