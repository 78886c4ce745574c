import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// The file scripts/e2e-server.mjs gives the server (scripts/e2e-clock.mjs reads it at every Date.now()).
const clockFile = path.join(os.tmpdir(), `kap-e2e-clock-${process.env.E2E_PORT ?? 3310}`);

/** Moves the server's clock to `ms` past real time (0 puts it back). Holds from the next request on. */
export function setServerClockOffset(ms: number): void {
  writeFileSync(clockFile, String(ms));
}
