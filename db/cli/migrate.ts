import { databaseOptionsFromEnv, openDatabase } from "../client";
import { runMigrations } from "../migrate";

const handle = await openDatabase(databaseOptionsFromEnv());
await runMigrations(handle);
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
