// Test-only: loaded by scripts/e2e-server.mjs (node --import) into the server under Playwright, never
// by `npm start`. A browser test moves the server's clock forward by writing milliseconds to the file
// named by E2E_CLOCK_FILE (e2e/clock.ts), e.g. to reach the 5-minute step-up without waiting 5 minutes.
import { readFileSync } from "node:fs";

const file = process.env.E2E_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  // Read at every call: a test's jump must hold from the very next request (a small file, microseconds).
  const offset = () => {
    try {
      return Number(readFileSync(file, "utf8")) || 0;
    } catch {
      return 0;
    }
  };
  const now = () => realNow() + offset();
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === "now" ? now : Reflect.get(target, property, receiver)),
  });
}
