import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEntry, passkeyCredential, recoveryCode } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createStaff, respond, routeArgs } from "#test/fixtures";
import { action as accountOptionsAction } from "#app/routes/account-passkey-options";
import { action as securityAction } from "#app/routes/account-security";
import { action as loginOptionsAction } from "#app/routes/login-passkey-options";
import { action as secondStepAction } from "#app/routes/login-second-factor";
import { relyingParty } from "./relying-party";
import { CHALLENGE_LIFETIME_MS } from "./webauthn-challenges.server";
import { jumpClock } from "./step-up-testing";
import { clinicRequiring, cookieJar, postLogin, type SecondFactorWorld } from "./testing/second-factor-world";
import { VirtualAuthenticator } from "./testing/virtual-authenticator";

process.env.SECRET_BOX_KEY = randomBytes(32).toString("base64");
const testDb = setupTestDatabase();
let world: SecondFactorWorld;

beforeAll(async () => {
  world = await clinicRequiring(testDb.db);
});

afterEach(() => {
  vi.restoreAllMocks();
});

type Options = { challenge: string; rp: { id: string }; rpId: string; allowCredentials?: { id: string }[] };

async function json(run: Promise<unknown>): Promise<{ status: number; body: { options?: Options; message?: string } }> {
  const response = (await run) as Response;
  return { status: response.status, body: (await response.json()) as { options?: Options; message?: string } };
}

async function accountOptions(cookie: string, purpose: string) {
  return json(
    accountOptionsAction(routeArgs("/account/security/passkey-options", { cookie, form: { purpose } }) as never),
  );
}

/** A prescriber who registered a passkey through the Security page, with their authenticator. */
async function withPasskey() {
  const user = await createStaff(testDb.db, world.clinic.id, ["prescriber"]);
  const cookie = await cookieFor(testDb.db, user.id);
  const authenticator = new VirtualAuthenticator(relyingParty().origin);
  const { body } = await accountOptions(cookie, "register");
  const added = await respond(() =>
    securityAction(
      routeArgs("/account/security", {
        cookie,
        form: { intent: "add-passkey", name: "Test key", passkeyResponse: authenticator.register(body.options!) },
      }) as never,
    ),
  );
  return { user, cookie, authenticator, added };
}

async function pendingSignIn(email: string) {
  const jar = cookieJar();
  jar.add((await postLogin(email)).headers);
  return jar;
}

async function loginOptions(jar: ReturnType<typeof cookieJar>) {
  return json(
    loginOptionsAction(
      routeArgs("/login/second-factor/passkey", { cookie: jar.header(), form: { purpose: "sign-in" } }) as never,
    ),
  );
}

function answer(jar: ReturnType<typeof cookieJar>, passkeyResponse: string) {
  return respond(() =>
    secondStepAction(
      routeArgs("/login/second-factor", {
        cookie: jar.header(),
        form: { intent: "passkey", passkeyResponse },
      }) as never,
    ),
  );
}

async function storedCount(userId: string): Promise<number> {
  const [row] = await testDb.db
    .select({ signCount: passkeyCredential.signCount })
    .from(passkeyCredential)
    .where(eq(passkeyCredential.userId, userId));
  return row!.signCount;
}

describe("passkeys", () => {
  it("registers as a first factor (with recovery codes), checked against the challenge of this login session", async () => {
    const { user, added } = await withPasskey();
    expect(added.status).toBe(200);
    expect((added.body as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    const [row] = await testDb.db.select().from(passkeyCredential).where(eq(passkeyCredential.userId, user.id));
    expect(row).toMatchObject({ name: "Test key", signCount: 1, transports: ["usb"] });
    expect(await testDb.db.select().from(recoveryCode).where(eq(recoveryCode.userId, user.id))).toHaveLength(10);
    expect(relyingParty().rpID).toBe("localhost");
  });

  it("refuses a registration without options first, or for another site's origin", async () => {
    const user = await createStaff(testDb.db, world.clinic.id, ["prescriber"]);
    const cookie = await cookieFor(testDb.db, user.id);
    const stranger = new VirtualAuthenticator("https://evil.example");
    const noChallenge = await respond(() =>
      securityAction(
        routeArgs("/account/security", {
          cookie,
          form: {
            intent: "add-passkey",
            name: "x",
            passkeyResponse: stranger.register({ challenge: "abc", rp: { id: "localhost" } }),
          },
        }) as never,
      ),
    );
    expect(noChallenge.status).toBe(400);
    const { body } = await accountOptions(cookie, "register");
    const wrongOrigin = await respond(() =>
      securityAction(
        routeArgs("/account/security", {
          cookie,
          form: { intent: "add-passkey", name: "x", passkeyResponse: stranger.register(body.options!) },
        }) as never,
      ),
    );
    expect(wrongOrigin.status).toBe(400);
    expect(await testDb.db.select().from(passkeyCredential).where(eq(passkeyCredential.userId, user.id))).toHaveLength(
      0,
    );
  });

  it("completes a sign-in as the second factor, moves the counter, and audits it", async () => {
    const { user, authenticator } = await withPasskey();
    const jar = await pendingSignIn(user.email);
    const { status, body } = await loginOptions(jar);
    expect(status).toBe(200);
    expect(body.options!.allowCredentials!.map((credential) => credential.id)).toEqual([
      authenticator.credentialId.toString("base64url"),
    ]);
    const signedIn = await answer(jar, authenticator.authenticate(body.options!));
    expect(signedIn.status).toBe(302);
    expect(await storedCount(user.id)).toBe(2);
    const entries = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(eq(auditEntry.actorUserId, user.id), eq(auditEntry.action, "sign-in"), eq(auditEntry.outcome, "success")),
      );
    expect(entries.map((entry) => entry.detail)).toEqual([{ factor: "passkey" }]);
  });

  it("uses each challenge once: a replayed answer is refused, and so is one after the challenge expired", async () => {
    const { user, authenticator } = await withPasskey();
    const first = await pendingSignIn(user.email);
    const replayed = authenticator.authenticate((await loginOptions(first)).body.options!);
    expect((await answer(first, replayed)).status).toBe(302);
    const second = await pendingSignIn(user.email);
    await loginOptions(second);
    expect((await answer(second, replayed)).status).toBe(400);

    const third = await pendingSignIn(user.email);
    const late = authenticator.authenticate((await loginOptions(third)).body.options!);
    jumpClock(CHALLENGE_LIFETIME_MS + 1_000);
    expect((await answer(third, late)).status).toBe(400);
  });

  it("refuses a key whose signature counter went back (a cloned key)", async () => {
    const { user, authenticator } = await withPasskey();
    const jar = await pendingSignIn(user.email);
    expect((await answer(jar, authenticator.authenticate((await loginOptions(jar)).body.options!))).status).toBe(302);
    authenticator.signCount = 0;
    const clone = await pendingSignIn(user.email);
    const cloned = await answer(clone, authenticator.authenticate((await loginOptions(clone)).body.options!));
    expect(cloned.status).toBe(400);
    expect(await storedCount(user.id)).toBe(2);
  });

  it("confirms a step-up after 5 minutes", async () => {
    const { user, cookie, authenticator } = await withPasskey();
    jumpClock();
    const without = await respond(() =>
      securityAction(
        routeArgs("/account/security", { cookie, form: { intent: "regenerate-recovery-codes" } }) as never,
      ),
    );
    expect(without.status).toBe(400);
    expect((without.body as { stepUp: { methods: string[] } }).stepUp.methods).toEqual(["passkey", "recovery-code"]);
    const { body } = await accountOptions(cookie, "step-up");
    const confirmed = await respond(() =>
      securityAction(
        routeArgs("/account/security", {
          cookie,
          form: {
            intent: "regenerate-recovery-codes",
            stepUpMethod: "passkey",
            stepUpPasskey: authenticator.authenticate(body.options!),
          },
        }) as never,
      ),
    );
    expect(confirmed.status).toBe(200);
    const steps = await testDb.db
      .select()
      .from(auditEntry)
      .where(
        and(eq(auditEntry.actorUserId, user.id), eq(auditEntry.action, "step-up"), eq(auditEntry.outcome, "success")),
      );
    expect(steps.map((entry) => entry.detail)).toEqual([
      { factor: "passkey", for: "regenerate-recovery-codes:second-factor" },
    ]);
  });

  it("answers options without a pending sign-in, or for an unknown purpose, with 400 and a sentence", async () => {
    const nobody = await json(
      loginOptionsAction(routeArgs("/login/second-factor/passkey", { form: { purpose: "sign-in" } }) as never),
    );
    expect(nobody.status).toBe(400);
    expect(nobody.body.message).toMatch(/expired/u);
    const cookie = await cookieFor(testDb.db, world.users.nurse.id);
    expect((await accountOptions(cookie, "anything")).status).toBe(400);
    expect((await accountOptions(cookie, "step-up")).body).toEqual({ message: "You have no passkey." });
  });
});
