import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { clinic, totpCredential } from "#db/schema";
import type { ClinicSettings } from "#db/schema/clinic";
import { createClinicWithTeam, respond, routeArgs, TEST_PASSWORD } from "#test/fixtures";
import { action as loginAction } from "#app/routes/login";
import { open } from "#app/auth/secret-box.server";
import { checkTotpCode, startTotpEnrolment } from "#app/auth/totp.server";
import { clock } from "#app/auth/clock";
import { timeStep, totpCode } from "#app/auth/totp";

export type SecondFactorWorld = Awaited<ReturnType<typeof createClinicWithTeam>>;

/** A clinic with its team whose settings are the given ones ({} is a real clinic's default). */
export async function clinicRequiring(db: Db, settings: ClinicSettings = {}): Promise<SecondFactorWorld> {
  const world = await createClinicWithTeam(db);
  await db.update(clinic).set({ settings }).where(eq(clinic.id, world.clinic.id));
  return world;
}

/** The Cookie header a browser would send after these Set-Cookie headers (later ones win; maxAge=0 removes). */
export function cookieJar(): { add(headers: Headers): void; header(): string; get(name: string): string | undefined } {
  const jar = new Map<string, string>();
  return {
    add(headers) {
      for (const line of headers.getSetCookie()) {
        const [pair] = line.split(";");
        const [name, ...rest] = pair!.split("=");
        const value = rest.join("=");
        if (value === "" || /max-age=0/iu.test(line)) {
          jar.delete(name!.trim());
        } else {
          jar.set(name!.trim(), value);
        }
      }
    },
    header: () => [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    get: (name) => jar.get(name),
  };
}

export async function postLogin(
  email: string,
  password = TEST_PASSWORD,
  redirectTo = "",
): Promise<Awaited<ReturnType<typeof respond>>> {
  return respond(() => loginAction(routeArgs("/login", { form: { email, password, redirectTo } }) as never));
}

export async function totpSecretOf(db: Db, userId: string): Promise<Uint8Array> {
  const [row] = await db
    .select({ secretBox: totpCredential.secretBox })
    .from(totpCredential)
    .where(eq(totpCredential.userId, userId));
  return open(row!.secretBox, `totp:${userId}`);
}

/** The code the user's app shows at `at` (default: now by the app's clock), offset by whole steps. */
export function codeAt(secret: Uint8Array, stepOffset = 0, at: Date = clock.now()): string {
  return totpCode(secret, timeStep(at) + stepOffset);
}

/** Enrols an authenticator app directly (not through the pages); returns its secret. */
export async function enrolTotp(db: Db, user: { id: string; clinicId: string }): Promise<Uint8Array> {
  await startTotpEnrolment(db, user);
  const secret = await totpSecretOf(db, user.id);
  // The enrolment code uses the step before now, so tests can use the current one afterwards.
  const confirmed = await checkTotpCode(db, user.id, codeAt(secret, -1), { enrolling: true });
  if (confirmed !== "ok") {
    throw new Error(`could not enrol the test authenticator: ${confirmed}`);
  }
  return secret;
}
