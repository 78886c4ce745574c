// Browser tests use the system Chromium: Playwright's own browser download cannot reach its host here.
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(path)) {
  console.error(
    `No Chromium at ${path}. Install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary, then run the tests again.`,
  );
  process.exit(1);
}
