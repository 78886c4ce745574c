import { databaseOptionsFromEnv, openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";

const handle = await openDatabase(databaseOptionsFromEnv());
await runMigrations(handle);
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
