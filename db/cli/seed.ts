import { databaseOptionsFromEnv, openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { seedDemoClinic, seedDemoClinicIfEmpty } from "#db/seed/demo";

// The demo clinic goes into a real PostgreSQL server only when asked: `npm run db:seed -- --demo`.
const options = databaseOptionsFromEnv();
const demoAsked = process.argv.includes("--demo");
if (options.url && !demoAsked) {
  console.error("DATABASE_URL is set: pass --demo to put the invented demo clinic into that database.");
  process.exit(2);
}
const handle = await openDatabase(options);
await runMigrations(handle);
const seeded =
  demoAsked && process.argv.includes("--force")
    ? (await seedDemoClinic(handle.db), true)
    : await seedDemoClinicIfEmpty(handle.db);
console.log(seeded ? "Seeded the Demo KAP Clinic." : "The database already holds a clinic; nothing seeded.");
await handle.close();
