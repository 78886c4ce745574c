// Starts the production build on a fresh embedded database with the demo clinic, for Playwright.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "kap-e2e-"));
const child = spawn(process.execPath, ["build/server.js"], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, PORT: process.env.E2E_PORT ?? "3310", LOG_REQUESTS: "false" },
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code) => process.exit(code ?? 0));
