// DATABASE_URL=<owner> APP_DATABASE_PASSWORD=… npx tsx db/cli/roles.ts [--role kap_app]
// Run by the owner of the tables (the role that runs the migrations): creates or updates the login
// role the app connects as, with no right to alter tables, disable triggers or touch the audit chain.
// The password comes from the environment, never the command line (which other users can see).
import { parseArgs } from "node:util";
import { openDatabase } from "#db/client";
import { APPEND_ONLY_TABLES, NO_ACCESS_TABLES, setUpAppRole } from "./roles-grants";

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "DATABASE_URL is not set: name the PostgreSQL database, connecting as the owner that runs the migrations. The embedded database has no login roles.",
    );
    return 2;
  }
  let role: string;
  try {
    const { values } = parseArgs({
      options: { role: { type: "string", default: "kap_app" } },
      allowPositionals: false,
    });
    role = values.role;
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : String(error)}\nusage: DATABASE_URL=<owner url> APP_DATABASE_PASSWORD=<password> npx tsx db/cli/roles.ts [--role kap_app]`,
    );
    return 2;
  }
  const password = process.env.APP_DATABASE_PASSWORD || undefined;
  const handle = await openDatabase({ url });
  try {
    const result = await setUpAppRole(handle.db, { role, password });
    if (result.created && !result.passwordSet) {
      console.warn(
        `Created ${role} without a password: set APP_DATABASE_PASSWORD and run again, or authenticate it another way (pg_hba.conf).`,
      );
    }
    console.log(
      [
        `${result.created ? "Created" : "Updated"} the app role ${role}${result.passwordSet ? " (password set)" : ""}:`,
        "  SELECT, INSERT, UPDATE, DELETE on every table in public, and on tables later migrations add (default privileges);",
        `  SELECT, INSERT only on ${APPEND_ONLY_TABLES.join(", ")}; nothing on ${NO_ACCESS_TABLES.join(", ")};`,
        "  USAGE on sequences; SELECT on drizzle.__drizzle_migrations (for /healthz); no CREATE, no ownership.",
        `Connect the app as ${role}; keep running the migrations as the owner.`,
      ].join("\n"),
    );
    return 0;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    console.error(`The app role was not set up: ${cause ?? (error instanceof Error ? error.message : String(error))}`);
    return 1;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main();
