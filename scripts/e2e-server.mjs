// Starts the production build on a fresh embedded database with the demo clinic, for Playwright.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "kap-e2e-"));
const port = process.env.E2E_PORT ?? "3310";
// The server's clock offset, which a test may move forward (scripts/e2e-clock.mjs, e2e/clock.ts).
const clockFile = path.join(os.tmpdir(), `kap-e2e-clock-${port}`);
writeFileSync(clockFile, "0");
const child = spawn(process.execPath, ["--import", "./scripts/e2e-clock.mjs", "build/server.js"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    PORT: port,
    LOG_REQUESTS: "false",
    E2E_CLOCK_FILE: clockFile,
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code) => process.exit(code ?? 0));
