import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDatabase } from "#test/db";
import { cookieFor, respond, routeArgs } from "#test/fixtures";
import { expectAccessible, renderPage } from "#test/render-page";
import AccountSecurity, { loader as securityLoader } from "#app/routes/account-security";
import AccountSecurityTotp, { action as totpAction, loader as totpLoader } from "#app/routes/account-security-totp";
import SignInSecurity, { loader as requirementLoader } from "#app/routes/admin/sign-in-security";
import StaffSecondFactors, { loader as memberLoader } from "#app/routes/admin/staff-second-factors";
import LoginSecondFactor, { loader as secondStepLoader } from "#app/routes/login-second-factor";
import { replaceRecoveryCodes } from "./recovery-codes.server";
import { jumpClock } from "./step-up-testing";
import {
  clinicRequiring,
  cookieJar,
  enrolTotp,
  postLogin,
  type SecondFactorWorld,
} from "./testing/second-factor-world";

process.env.SECRET_BOX_KEY = randomBytes(32).toString("base64");
const testDb = setupTestDatabase();
let world: SecondFactorWorld;

beforeAll(async () => {
  world = await clinicRequiring(testDb.db);
  await enrolTotp(testDb.db, world.users.admin);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the second-factor pages render, accessibly", () => {
  it("Security, for someone who must enrol, then the authenticator set-up with its QR code and key", async () => {
    const cookie = await cookieFor(testDb.db, world.users.prescriber.id);
    const loaded = await respond(() => securityLoader(routeArgs("/account/security", { cookie }) as never));
    const html = renderPage("/account/security", AccountSecurity, loaded.body);
    expectAccessible(html);
    expect(html).toContain("Your clinic requires a second factor for your role.");
    expect(html).toContain('href="/account/security/totp"');
    await respond(() =>
      totpAction(routeArgs("/account/security/totp", { cookie, form: { intent: "start" } }) as never),
    );
    const setUp = await respond(() => totpLoader(routeArgs("/account/security/totp", { cookie }) as never));
    const page = renderPage("/account/security/totp", AccountSecurityTotp, setUp.body);
    expectAccessible(page);
    expect(page).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code/u);
    expect(page).toMatch(/aria-label="Secret key">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</u);
    expect(page).toContain('autoComplete="one-time-code"');
  });

  it("the second step of signing in, with the recovery-code way in", async () => {
    const jar = cookieJar();
    jar.add((await postLogin(world.users.admin.email)).headers);
    await replaceRecoveryCodes(testDb.db, world.users.admin);
    const loaded = await respond(() =>
      secondStepLoader(routeArgs("/login/second-factor", { cookie: jar.header() }) as never),
    );
    const html = renderPage("/login/second-factor", LoginSecondFactor, loaded.body);
    expectAccessible(html);
    expect(html).toContain("Code from your authenticator app");
    expect(html).toContain("Use a recovery code");
    expect(html).not.toContain("Use your passkey");
  });

  it("the admin's requirement setting and a colleague's second factors, with the step-up fields after 5 minutes", async () => {
    const cookie = await cookieFor(testDb.db, world.users.admin.id);
    jumpClock();
    const setting = await respond(() => requirementLoader(routeArgs("/admin/sign-in-security", { cookie }) as never));
    const html = renderPage("/admin/sign-in-security", SignInSecurity, setting.body);
    expectAccessible(html);
    expect(html).toMatch(/id="requirement-prescribers-and-admins"[^>]*checked/u);
    expect(html).toContain("<legend>Confirm it is you</legend>");
    const member = await respond(() =>
      memberLoader(
        routeArgs(`/admin/staff/${world.users.nurse.id}/second-factors`, {
          cookie,
          params: { userId: world.users.nurse.id },
        }) as never,
      ),
    );
    const memberHtml = renderPage(
      `/admin/staff/${world.users.nurse.id}/second-factors`,
      StaffSecondFactors,
      member.body,
    );
    expectAccessible(memberHtml);
    expect(memberHtml).toContain("Nothing to reset.");
  });
});
