import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  auditEntry,
  authSession,
  passkeyCredential,
  pendingSignIn,
  recoveryCode,
  staffUser,
  totpCredential,
} from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { cookieFor, createStaff, respond, routeArgs } from "#test/fixtures";
import { loader as homeLoader } from "#app/routes/home";
import { action as secondStepAction, loader as secondStepLoader } from "#app/routes/login-second-factor";
import { action as securityAction, loader as securityLoader } from "#app/routes/account-security";
import { action as totpAction, loader as totpLoader } from "#app/routes/account-security-totp";
import { action as resetAction } from "#app/routes/admin/staff-second-factors";
import { action as requirementAction } from "#app/routes/admin/sign-in-security";
import { PENDING_SIGN_IN_MS } from "./pending-sign-in.server";
import { jumpClock } from "./step-up-testing";
import {
  clinicRequiring,
  codeAt,
  cookieJar,
  enrolTotp,
  postLogin,
  totpSecretOf,
  type SecondFactorWorld,
} from "./testing/second-factor-world";
import { checkTotpCode } from "./totp.server";
import { useRecoveryCode } from "./recovery-codes.server";
import { replaceRecoveryCodes } from "./recovery-codes.server";

process.env.SECRET_BOX_KEY = randomBytes(32).toString("base64");
const testDb = setupTestDatabase();
let world: SecondFactorWorld;

beforeAll(async () => {
  world = await clinicRequiring(testDb.db);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function prescriber(roles: ("prescriber" | "admin" | "nurse")[] = ["prescriber"]) {
  return createStaff(testDb.db, world.clinic.id, roles);
}

async function auditOf(userId: string, action: string) {
  return testDb.db
    .select()
    .from(auditEntry)
    .where(and(eq(auditEntry.actorUserId, userId), eq(auditEntry.action, action)));
}

async function sessionsOf(userId: string): Promise<number> {
  return (await testDb.db.select().from(authSession).where(eq(authSession.userId, userId))).length;
}

/** Password step through the sign-in form; returns the browser's cookies and where it was sent. */
async function passwordStep(email: string) {
  const jar = cookieJar();
  const response = await postLogin(email);
  jar.add(response.headers);
  return { jar, response };
}

function secondStep(jar: ReturnType<typeof cookieJar>, form: Record<string, string>, path = "/login/second-factor") {
  return respond(() => secondStepAction(routeArgs(path, { cookie: jar.header(), form }) as never));
}

describe("enrolment when the clinic requires a second factor", () => {
  it("sends a prescriber without one to enrolment after the password, holds every other page, and lets them enrol an authenticator app", async () => {
    const user = await prescriber();
    const { jar, response } = await passwordStep(user.email);
    expect(response.status).toBe(302);
    expect(jar.get("kap_session")).toBeDefined();
    const home = await respond(() => homeLoader(routeArgs("/", { cookie: jar.header() }) as never));
    expect(home.status).toBe(302);
    expect(home.headers.get("Location")).toBe("/account/security");
    const page = await respond(() => securityLoader(routeArgs("/account/security", { cookie: jar.header() }) as never));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ mustEnrol: true, required: true, totp: null });

    const started = await respond(() =>
      totpAction(routeArgs("/account/security/totp", { cookie: jar.header(), form: { intent: "start" } }) as never),
    );
    expect(started.status).toBe(200);
    const shown = await respond(() =>
      totpLoader(routeArgs("/account/security/totp", { cookie: jar.header() }) as never),
    );
    const enrolment = (shown.body as { enrolment: { uri: string; secret: string; qrCodeDataUrl: string } }).enrolment;
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/u);
    expect(enrolment.uri).toContain(`secret=${enrolment.secret.replaceAll(" ", "")}`);
    const [stored] = await testDb.db.select().from(totpCredential).where(eq(totpCredential.userId, user.id));
    expect(stored!.confirmedAt).toBeNull();
    // Encrypted at rest: the base32 key is nowhere in the row.
    expect(JSON.stringify(stored)).not.toContain(enrolment.secret.replaceAll(" ", ""));

    const secret = await totpSecretOf(testDb.db, user.id);
    const wrong = await respond(() =>
      totpAction(
        routeArgs("/account/security/totp", {
          cookie: jar.header(),
          form: { intent: "confirm", code: codeAt(secret, 5) },
        }) as never,
      ),
    );
    expect(wrong.status).toBe(400);
    expect(
      (await testDb.db.select().from(totpCredential).where(eq(totpCredential.userId, user.id)))[0]!.confirmedAt,
    ).toBeNull();
    expect(await testDb.db.select().from(recoveryCode).where(eq(recoveryCode.userId, user.id))).toHaveLength(0);

    const confirmed = await respond(() =>
      totpAction(
        routeArgs("/account/security/totp", {
          cookie: jar.header(),
          form: { intent: "confirm", code: codeAt(secret) },
        }) as never,
      ),
    );
    expect(confirmed.status).toBe(200);
    const codes = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    const hashes = await testDb.db
      .select({ codeHash: recoveryCode.codeHash })
      .from(recoveryCode)
      .where(eq(recoveryCode.userId, user.id));
    expect(hashes).toHaveLength(10);
    expect(JSON.stringify(hashes)).not.toContain(codes[0]!.replaceAll("-", ""));
    expect(await auditOf(user.id, "enrol:second-factor")).toHaveLength(1);
    expect((await respond(() => homeLoader(routeArgs("/", { cookie: jar.header() }) as never))).status).toBe(200);
  });

  it("does not hold someone the clinic does not require, nor anyone in a clinic where it is optional", async () => {
    const nurse = await createStaff(testDb.db, world.clinic.id, ["nurse"]);
    expect(
      (await respond(async () => homeLoader(routeArgs("/", { cookie: await cookieFor(testDb.db, nurse.id) }) as never)))
        .status,
    ).toBe(200);
    const relaxed = await clinicRequiring(testDb.db, { secondFactorRequirement: "optional" });
    expect(
      (
        await respond(async () =>
          homeLoader(routeArgs("/", { cookie: await cookieFor(testDb.db, relaxed.users.prescriber.id) }) as never),
        )
      ).status,
    ).toBe(200);
  });

  it("applies a change of the clinic's requirement at once (step-up asked first), and audits it", async () => {
    const admin = await prescriber(["admin"]);
    await enrolTotp(testDb.db, admin);
    const nurse = await createStaff(testDb.db, world.clinic.id, ["nurse"]);
    const nurseCookie = await cookieFor(testDb.db, nurse.id);
    const adminCookie = await cookieFor(testDb.db, admin.id);
    const saved = await respond(() =>
      requirementAction(
        routeArgs("/admin/sign-in-security", { cookie: adminCookie, form: { requirement: "everyone" } }) as never,
      ),
    );
    expect(saved.status).toBe(302);
    const held = await respond(() => homeLoader(routeArgs("/", { cookie: nurseCookie }) as never));
    expect(held.headers.get("Location")).toBe("/account/security");
    expect((await auditOf(admin.id, "manage:clinic"))[0]?.detail).toEqual({
      secondFactorRequirement: { from: "prescribers-and-admins", to: "everyone" },
    });
    const bad = await respond(() =>
      requirementAction(
        routeArgs("/admin/sign-in-security", { cookie: adminCookie, form: { requirement: "nobody" } }) as never,
      ),
    );
    expect(bad.status).toBe(400);
    await respond(() =>
      requirementAction(
        routeArgs("/admin/sign-in-security", {
          cookie: adminCookie,
          form: { requirement: "prescribers-and-admins" },
        }) as never,
      ),
    );
  });
});

describe("signing in in two steps", () => {
  it("asks for the code after the password, opens no login session before it, and audits which factor (never the code)", async () => {
    const user = await prescriber();
    const secret = await enrolTotp(testDb.db, user);
    const before = await sessionsOf(user.id);
    const { jar, response } = await passwordStep(user.email);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login/second-factor");
    expect(jar.get("kap_session")).toBeUndefined();
    expect(jar.get("kap_pending")).toMatch(/^[a-z2-7]{32}$/u);
    expect(await sessionsOf(user.id)).toBe(before);
    // The pending sign-in is not a login session: every guarded page still sends to the sign-in page.
    const home = await respond(() => homeLoader(routeArgs("/", { cookie: jar.header() }) as never));
    expect(home.headers.get("Location")).toBe("/login");
    const step = await respond(() =>
      secondStepLoader(routeArgs("/login/second-factor", { cookie: jar.header() }) as never),
    );
    expect(step.body).toEqual({ methods: { totp: true, passkey: false, recoveryCode: false } });

    const wrongCode = codeAt(secret, 7);
    const wrong = await secondStep(jar, { intent: "totp", code: wrongCode });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ ended: false, method: "totp" });
    expect(await sessionsOf(user.id)).toBe(before);

    const code = codeAt(secret);
    const right = await secondStep(jar, { intent: "totp", code });
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe("/");
    jar.add(right.headers);
    expect(jar.get("kap_pending")).toBeUndefined();
    expect((await respond(() => homeLoader(routeArgs("/", { cookie: jar.header() }) as never))).status).toBe(200);

    const failures = await auditOf(user.id, "sign-in:second-factor");
    expect(failures.map((entry) => [entry.outcome, entry.detail])).toEqual([
      ["failure", { factor: "totp", reason: "wrong code" }],
    ]);
    const success = (await auditOf(user.id, "sign-in")).filter((entry) => entry.outcome === "success");
    expect(success.map((entry) => entry.detail)).toEqual([{ factor: "totp" }]);
    const everything = JSON.stringify(
      await testDb.db.select().from(auditEntry).where(eq(auditEntry.actorUserId, user.id)),
    );
    expect(everything).not.toContain(code);
    expect(everything).not.toContain(wrongCode);
  });

  it("never accepts a code twice, even at a new sign-in within its 30 seconds", async () => {
    const user = await prescriber();
    const secret = await enrolTotp(testDb.db, user);
    const code = codeAt(secret);
    const first = await passwordStep(user.email);
    expect((await secondStep(first.jar, { intent: "totp", code })).status).toBe(302);
    const second = await passwordStep(user.email);
    const replay = await secondStep(second.jar, { intent: "totp", code });
    expect(replay.status).toBe(400);
    expect((await auditOf(user.id, "sign-in:second-factor")).map((entry) => entry.detail)).toEqual([
      { factor: "totp", reason: "code already used" },
    ]);
  });

  it("lets exactly one of two simultaneous uses of a code through", async () => {
    const user = await prescriber();
    const secret = await enrolTotp(testDb.db, user);
    const code = codeAt(secret);
    const results = await Promise.all([
      checkTotpCode(testDb.db, user.id, code),
      checkTotpCode(testDb.db, user.id, code),
      checkTotpCode(testDb.db, user.id, code),
    ]);
    expect(results.filter((result) => result === "ok")).toHaveLength(1);
    expect(results.filter((result) => result === "replayed")).toHaveLength(2);
  });

  it("accepts a recovery code once, says how many are left, and audits its use", async () => {
    const user = await prescriber();
    await enrolTotp(testDb.db, user);
    const codes = await replaceRecoveryCodes(testDb.db, user);
    const first = await passwordStep(user.email);
    const used = await secondStep(first.jar, { intent: "recovery-code", recoveryCode: codes[3]!.toUpperCase() });
    expect(used.status).toBe(302);
    expect(used.headers.get("Location")).toBe("/account/security?recoveryCodeUsed=9");
    const success = (await auditOf(user.id, "sign-in")).filter((entry) => entry.outcome === "success");
    expect(success.map((entry) => entry.detail)).toEqual([{ factor: "recovery-code", recoveryCodesLeft: 9 }]);
    const again = await passwordStep(user.email);
    const reused = await secondStep(again.jar, { intent: "recovery-code", recoveryCode: codes[3]! });
    expect(reused.status).toBe(400);
    expect(await useRecoveryCode(testDb.db, user.id, "not-a-code")).toEqual({ ok: false });
  });

  it("ends the pending sign-in after 5 wrong answers or 5 minutes: the password is asked again", async () => {
    const user = await prescriber();
    const secret = await enrolTotp(testDb.db, user);
    const { jar } = await passwordStep(user.email);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await secondStep(jar, { intent: "totp", code: "000000" })).body).toMatchObject({ ended: false });
    }
    const fifth = await secondStep(jar, { intent: "totp", code: "000000" });
    expect(fifth.body).toMatchObject({
      ended: true,
      message: "Too many wrong answers. Sign in again with your password.",
    });
    expect((await secondStep(jar, { intent: "totp", code: codeAt(secret) })).body).toMatchObject({ ended: true });
    expect(await testDb.db.select().from(pendingSignIn).where(eq(pendingSignIn.userId, user.id))).toHaveLength(0);

    const later = await passwordStep(user.email);
    jumpClock(PENDING_SIGN_IN_MS + 1_000);
    const expired = await respond(() =>
      secondStepLoader(routeArgs("/login/second-factor", { cookie: later.jar.header() }) as never),
    );
    expect(expired.status).toBe(302);
    expect(expired.headers.get("Location")).toBe("/login");
  });

  it("answers a missing or malformed answer with 400 and a sentence, never a 500", async () => {
    const user = await prescriber();
    await enrolTotp(testDb.db, user);
    const { jar } = await passwordStep(user.email);
    const forms: Record<string, string>[] = [
      {},
      { intent: "totp" },
      { intent: "passkey", passkeyResponse: "{not json" },
      { intent: "recovery-code", recoveryCode: "x".repeat(30_000) },
      { intent: "sms" },
    ];
    for (const form of forms) {
      const answer = await secondStep(jar, form);
      expect(answer.status, JSON.stringify(form).slice(0, 40)).toBe(400);
      expect((answer.body as { message: string }).message).toMatch(/\w/u);
    }
  });
});

describe("managing second factors", () => {
  it("refuses to remove the last factor when the clinic requires one, allows it otherwise, and removes the recovery codes with it", async () => {
    const user = await prescriber();
    await enrolTotp(testDb.db, user);
    await replaceRecoveryCodes(testDb.db, user);
    const cookie = await cookieFor(testDb.db, user.id);
    const refused = await respond(() =>
      securityAction(routeArgs("/account/security", { cookie, form: { intent: "remove-totp" } }) as never),
    );
    expect(refused.status).toBe(409);
    expect(await testDb.db.select().from(totpCredential).where(eq(totpCredential.userId, user.id))).toHaveLength(1);

    const relaxed = await clinicRequiring(testDb.db, { secondFactorRequirement: "optional" });
    await enrolTotp(testDb.db, relaxed.users.prescriber);
    await replaceRecoveryCodes(testDb.db, relaxed.users.prescriber);
    const removed = await respond(async () =>
      securityAction(
        routeArgs("/account/security", {
          cookie: await cookieFor(testDb.db, relaxed.users.prescriber.id),
          form: { intent: "remove-totp" },
        }) as never,
      ),
    );
    expect(removed.status).toBe(200);
    expect(
      await testDb.db.select().from(totpCredential).where(eq(totpCredential.userId, relaxed.users.prescriber.id)),
    ).toHaveLength(0);
    expect(
      await testDb.db.select().from(recoveryCode).where(eq(recoveryCode.userId, relaxed.users.prescriber.id)),
    ).toHaveLength(0);
    expect(await auditOf(relaxed.users.prescriber.id, "remove:second-factor")).toHaveLength(1);
  });

  it("makes new recovery codes that end the old ones", async () => {
    const user = await prescriber();
    await enrolTotp(testDb.db, user);
    const old = await replaceRecoveryCodes(testDb.db, user);
    const cookie = await cookieFor(testDb.db, user.id);
    const made = await respond(() =>
      securityAction(
        routeArgs("/account/security", { cookie, form: { intent: "regenerate-recovery-codes" } }) as never,
      ),
    );
    const fresh = (made.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(await useRecoveryCode(testDb.db, user.id, old[0]!)).toEqual({ ok: false });
    expect(await useRecoveryCode(testDb.db, user.id, fresh[0]!)).toEqual({ ok: true, left: 9 });
  });

  it("lets an admin reset a colleague's second factors for a lost phone: all gone, signed out, audited; never their own", async () => {
    const user = await prescriber();
    await enrolTotp(testDb.db, user);
    await replaceRecoveryCodes(testDb.db, user);
    const userCookie = await cookieFor(testDb.db, user.id);
    await enrolTotp(testDb.db, world.users.admin);
    const adminCookie = await cookieFor(testDb.db, world.users.admin.id);
    const reset = await respond(() =>
      resetAction(
        routeArgs(`/admin/staff/${user.id}/second-factors`, {
          cookie: adminCookie,
          params: { userId: user.id },
          form: { intent: "reset" },
        }) as never,
      ),
    );
    expect(reset.status).toBe(302);
    expect(await testDb.db.select().from(totpCredential).where(eq(totpCredential.userId, user.id))).toHaveLength(0);
    expect(await testDb.db.select().from(recoveryCode).where(eq(recoveryCode.userId, user.id))).toHaveLength(0);
    expect(await sessionsOf(user.id)).toBe(0);
    expect(
      (await respond(() => homeLoader(routeArgs("/", { cookie: userCookie }) as never))).headers.get("Location"),
    ).toBe("/login");
    const entries = await auditOf(world.users.admin.id, "reset:second-factors");
    expect(entries.map((entry) => [entry.entityId, entry.detail])).toEqual([
      [user.id, { totp: true, passkeys: 0, recoveryCodesLeft: 10 }],
    ]);
    const own = await respond(() =>
      resetAction(
        routeArgs(`/admin/staff/${world.users.admin.id}/second-factors`, {
          cookie: adminCookie,
          params: { userId: world.users.admin.id },
          form: { intent: "reset" },
        }) as never,
      ),
    );
    expect(own.status).toBe(400);
  });
});

describe("what the database refuses", () => {
  it("moving a used TOTP step back (a replay), and making a used recovery code unused", async () => {
    const user = await prescriber();
    await enrolTotp(testDb.db, user);
    const codes = await replaceRecoveryCodes(testDb.db, user);
    await useRecoveryCode(testDb.db, user.id, codes[0]!);
    expect(
      await databaseRefusal(
        testDb.db
          .update(totpCredential)
          .set({ lastUsedStep: sql`${totpCredential.lastUsedStep} - 1` })
          .where(eq(totpCredential.userId, user.id)),
      ),
    ).toMatch(/cannot be reused or moved back/u);
    expect(
      await databaseRefusal(
        testDb.db.update(totpCredential).set({ lastUsedStep: null }).where(eq(totpCredential.userId, user.id)),
      ),
    ).toMatch(/cannot be reused or moved back/u);
    expect(
      await databaseRefusal(
        testDb.db.update(recoveryCode).set({ usedAt: null }).where(eq(recoveryCode.userId, user.id)),
      ),
    ).toMatch(/cannot be used again or restored/u);
  });

  it("a second authenticator app for one person, or one passkey registered twice", async () => {
    const user = await prescriber();
    await enrolTotp(testDb.db, user);
    expect(
      await databaseRefusal(
        testDb.db.insert(totpCredential).values({ clinicId: world.clinic.id, userId: user.id, secretBox: "v1.x" }),
      ),
    ).toMatch(/totp_credential_user_key/u);
    const passkey = {
      clinicId: world.clinic.id,
      userId: user.id,
      credentialId: "same-id",
      publicKey: "key",
      name: "Key",
    };
    await testDb.db.insert(passkeyCredential).values(passkey);
    expect(await databaseRefusal(testDb.db.insert(passkeyCredential).values(passkey))).toMatch(
      /passkey_credential_credential_key/u,
    );
    expect(await testDb.db.select().from(staffUser).where(eq(staffUser.id, user.id))).toHaveLength(1);
  });
});
