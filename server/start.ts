import type { Server } from "node:http";
import type { Express } from "express";
import { databaseOptionsFromEnv, openDatabase, useDatabase, type DatabaseHandle } from "#db/client";
import { runMigrations } from "#db/migrate";
import { seedDemoClinicIfEmpty } from "#db/seed/demo";
import { resolveSecretBoxKey, SecretBoxError } from "#app/auth/secret-box.server";

/** Opens the one database of this process, brings it up to date, and seeds the demo clinic where asked. */
export async function prepareDatabase(): Promise<DatabaseHandle> {
  prepareSecretBoxKey();
  const handle = await openDatabase(databaseOptionsFromEnv());
  useDatabase(handle);
  await runMigrations(handle);
  // The demo clinic only ever goes into the embedded database by itself; a real server needs --demo.
  if (handle.kind === "pglite" && process.env.SEED_DEMO !== "false") {
    const seeded = await seedDemoClinicIfEmpty(handle.db);
    if (seeded) {
      console.info("Seeded the Demo KAP Clinic: sign in as admin@demo.clinic (password kap-demo-2026).");
    }
  }
  return handle;
}

/** The key that seals the staff's authenticator-app secrets: without it in production, no start. */
function prepareSecretBoxKey(): void {
  try {
    const { source, file } = resolveSecretBoxKey();
    if (source === "new key file") {
      console.info(
        `Created ${file} (mode 0600): the key that encrypts authenticator-app secrets. Keep it with the data folder; set SECRET_BOX_KEY to use your own.`,
      );
    }
  } catch (error) {
    if (error instanceof SecretBoxError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export function listen(app: Express, handle: DatabaseHandle): Server {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => {
    console.info(`KAP care team is running on http://localhost:${port} (${handle.kind} database)`);
  });
  const shutdown = (): void => {
    server.close(() => {
      void handle.close().then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  // A client that trickles its request in (slowloris) is cut off instead of holding a socket forever.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  return server;
}
