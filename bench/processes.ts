import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { BenchLocation } from "./generate/database";

// Inside node_modules: ignored by git, ESLint and tsc, and the copied server still finds its packages.
export const CACHE_DIR = path.resolve("node_modules/.cache/kap-bench");
export const BENCH_BUILD_DIR = path.join(CACHE_DIR, "build");

/** Runs a command to completion, its output to a log file; rejects on a non-zero exit. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; log: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(options.log);
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(" ")} exited with ${code}; see ${options.log}`)),
    );
  });
}

/**
 * `npm run build`, then a copy of build/ that is the bench's own: the end-to-end tests rebuild build/
 * whenever they run, and the bench must not serve a half-written one.
 */
export async function buildApp(): Promise<{ seconds: number }> {
  await mkdir(CACHE_DIR, { recursive: true });
  const started = performance.now();
  await run("npm", ["run", "build"], { log: path.join(CACHE_DIR, "build.log") });
  await rm(BENCH_BUILD_DIR, { recursive: true, force: true });
  await cp(path.resolve("build"), BENCH_BUILD_DIR, { recursive: true });
  return { seconds: (performance.now() - started) / 1000 };
}

export type ServerProcess = {
  child: ChildProcess;
  pid: number;
  base: string;
  stop(): Promise<void>;
};

export async function waitForHealth(
  base: string,
  timeoutMs: number,
  child?: ChildProcess,
  intervalMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`the server at ${base} exited with ${child.exitCode} before answering`);
    }
    try {
      const response = await fetch(`${base}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${base}/healthz did not answer 200 within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const force = setTimeout(() => child.kill("SIGKILL"), 8000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
}

/** The production server (node build/server.js, as `npm start` runs it) on the bench database. */
export function appEnv(location: BenchLocation, port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    BUILD_DIR: BENCH_BUILD_DIR,
    LOG_REQUESTS: "false",
    // Rate limits are per IP, and every bench request comes from 127.0.0.1: raised so they never answer 429.
    REQUESTS_PER_MINUTE: "100000000",
    SIGN_IN_ATTEMPTS_PER_MINUTE: "100000",
    // Plain http on loopback: no __Host- cookie.
    COOKIE_SECURE: "false",
    SESSION_IDLE_MINUTES: "240",
    SEED_DEMO: "false",
    // Production on PostgreSQL refuses to start without it; the bench enrols no authenticator.
    SECRET_BOX_KEY: randomBytes(32).toString("base64"),
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if (location.kind === "postgres") {
    env.DATABASE_URL = location.url;
  } else {
    env.DATA_DIR = location.dataDir;
  }
  return env;
}

/** nodeArgs: e.g. ["--cpu-prof"] to profile the app under load. */
export async function startApp(
  location: BenchLocation,
  port: number,
  log: string,
  extra: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const output = createWriteStream(log);
  const child = spawn(process.execPath, [...nodeArgs, path.join(BENCH_BUILD_DIR, "server.js")], {
    env: appEnv(location, port, extra),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(output);
  child.stderr?.pipe(output);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, 120_000, child);
  return { child, pid: child.pid!, base, stop: stopper(child) };
}

export async function startFloor(
  location: BenchLocation,
  port: number,
  prescriberEmail: string,
  log: string,
): Promise<ServerProcess> {
  const output = createWriteStream(log);
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("bench/floor/server.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      FLOOR_PORT: String(port),
      FLOOR_LOCATION: JSON.stringify(location),
      FLOOR_PRESCRIBER: prescriberEmail,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(output);
  child.stderr?.pipe(output);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, 60_000, child);
  return { child, pid: child.pid!, base, stop: stopper(child) };
}

/** Resident memory of a process from /proc: now (VmRSS) and the highest so far (VmHWM), in MB. */
export async function memoryOf(pid: number): Promise<{ rssMb: number; peakMb: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "mu").exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}

/** The embedded database may be opened by one process at a time: the floor reads a copy. */
export async function copyDataDir(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
}

async function cpuTimes(): Promise<{ idle: number; total: number }> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/u).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { idle, total: values.reduce((sum, value) => sum + value, 0) };
}

/**
 * How busy the machine is with work other than the bench's, in percent of all cores, over `ms`
 * while the bench itself is idle: other people's builds and tests skew what is measured.
 */
export async function backgroundCpu(ms = 1000): Promise<number | null> {
  try {
    const before = await cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = await cpuTimes();
    const total = after.total - before.total;
    return total > 0 ? Math.round((100 * (total - (after.idle - before.idle))) / total) : null;
  } catch {
    return null;
  }
}

/** Starts a new peak (VmHWM) for the process, so each page's own peak can be read; false if not allowed. */
export async function resetPeakMemory(pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}
