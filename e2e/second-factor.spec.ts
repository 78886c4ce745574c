import { expect, test, type Page } from "@playwright/test";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { setServerClockOffset } from "./clock";
import { DEMO_PASSWORD, failOnConsoleErrors, notice, signOut } from "./helpers";

const SIX_MINUTES = 6 * 60_000;

/**
 * The authenticator app of one person: codes at the server's time (real time plus the test's jump),
 * never the same time step twice (the server refuses a used code, as it should).
 */
class AuthenticatorApp {
  private lastStep = 0;
  constructor(private readonly secret: Uint8Array) {}
  static async from(page: Page): Promise<AuthenticatorApp> {
    const key = (await page.getByLabel("Secret key").textContent()) ?? "";
    return new AuthenticatorApp(decodeBase32IgnorePadding(key.replace(/\s/gu, "")));
  }
  code(offsetMs: number, wrong = false): string {
    const step = Math.max(Math.floor((Date.now() + offsetMs) / 30_000), this.lastStep + 1);
    if (wrong) {
      return generateHOTP(this.secret, BigInt(step + 20), 6);
    }
    this.lastStep = step;
    return generateHOTP(this.secret, BigInt(step), 6);
  }
}

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signInWithCode(page: Page, email: string, app: AuthenticatorApp, offsetMs: number): Promise<void> {
  await signInWithPassword(page, email);
  await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
  await page.getByLabel("Code from your authenticator app").fill(app.code(offsetMs));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** On the Security page a user was sent to: sets up an authenticator app and returns it. */
async function enrolAuthenticatorApp(page: Page): Promise<AuthenticatorApp> {
  await page.getByRole("link", { name: "Set up an authenticator app" }).click();
  await page.getByRole("button", { name: "Show the QR code" }).click();
  await expect(page.getByRole("img", { name: /QR code/u })).toBeVisible();
  const app = await AuthenticatorApp.from(page);
  await page.getByLabel("Code from your authenticator app").fill(app.code(0));
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("link", { name: /continue/iu }).click();
  return app;
}

test.afterAll(() => {
  setServerClockOffset(0);
});

test("an admin requires second factors; the prescriber enrols, signs in with a code, and confirms a dose order again after 5 minutes", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = failOnConsoleErrors(page);
  setServerClockOffset(0);

  // The admin requires a second factor of prescribers and admins, and is the first one asked.
  await signInWithPassword(page, "admin@demo.clinic");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign-in security" }).click();
  await page.getByLabel("Prescribers and admins (recommended)").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/account\/security$/u);
  await expect(page.getByText("Your clinic requires a second factor for your role.")).toBeVisible();
  const adminApp = await enrolAuthenticatorApp(page);
  await signOut(page);

  // The prescriber is sent to enrol right after the password, and can do nothing else until then.
  await signInWithPassword(page, "prescriber@demo.clinic");
  await expect(page).toHaveURL(/\/account\/security$/u);
  await page.goto("/patients");
  await expect(page).toHaveURL(/\/account\/security$/u);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveCount(0);
  const app = await enrolAuthenticatorApp(page);
  await signOut(page);

  // Next time: the password, then a code.
  await signInWithPassword(page, "prescriber@demo.clinic");
  await expect(page).toHaveURL(/\/login\/second-factor$/u);
  await page.getByLabel("Code from your authenticator app").fill(app.code(0, true));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("That code is not right.")).toBeVisible();
  await page.getByLabel("Code from your authenticator app").fill(app.code(0));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // Six minutes later (the server's clock jumps), a dose order asks for a fresh code.
  await page.goto(`/patients?q=${encodeURIComponent("Whitfield")}`);
  await page.getByRole("link", { name: /Whitfield, Marcus/u }).click();
  await page.getByRole("region", { name: "Series" }).getByRole("table").getByRole("link").first().click();
  await page.getByRole("link", { name: "Dose orders" }).click();
  await expect(page.getByRole("heading", { name: "New order" })).toBeVisible();
  setServerClockOffset(SIX_MINUTES);
  await page.reload();
  const form = page.getByRole("group", { name: "Order a dose" });
  await expect(form.getByRole("group", { name: "Confirm it is you" })).toBeVisible();
  const orders = page.getByRole("region", { name: "Active orders" });
  const before = await orders.getByRole("row").count();
  await form.getByLabel("For").selectOption({ index: 1 });
  await form.getByLabel("Dose (mg)").fill("55");
  await form.getByLabel("Code from your authenticator app").fill(app.code(SIX_MINUTES, true));
  await form.getByRole("button", { name: "Order dose" }).click();
  await expect(page.getByText("That code is not right, or was already used.")).toBeVisible();
  await expect(orders.getByRole("row")).toHaveCount(before);
  await form.getByLabel("For").selectOption({ index: 1 });
  await form.getByLabel("Dose (mg)").fill("55");
  await form.getByLabel("Code from your authenticator app").fill(app.code(SIX_MINUTES));
  await form.getByRole("button", { name: "Order dose" }).click();
  await expect(notice(page, "Dose ordered.")).toBeVisible();
  await signOut(page);

  // Put the demo back as the other browser tests expect it: second factors optional, none enrolled.
  await signInWithCode(page, "admin@demo.clinic", adminApp, SIX_MINUTES);
  await page.goto("/admin/sign-in-security");
  await page.getByLabel("Optional (not recommended)").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/^Saved\./u)).toBeVisible();
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Remove the authenticator app" }).click();
  await expect(notice(page, "Authenticator app removed.")).toBeVisible();
  await signOut(page);
  await signInWithCode(page, "prescriber@demo.clinic", app, SIX_MINUTES);
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Remove the authenticator app" }).click();
  await expect(notice(page, "Authenticator app removed.")).toBeVisible();
  await signOut(page);
  expect(errors).toEqual([]);
});

test("a passkey (Chromium's virtual authenticator) is added, then used as the second step of signing in", async ({
  page,
}) => {
  const errors = failOnConsoleErrors(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "usb",
      hasResidentKey: false,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await signInWithPassword(page, "dr.alvarez@demo.clinic");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto("/account/security");
  await page.getByLabel("Name of the passkey").fill("Test security key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await expect(page.getByText("Test security key", { exact: true })).toBeVisible();
  await signOut(page);

  await signInWithPassword(page, "dr.alvarez@demo.clinic");
  await expect(page).toHaveURL(/\/login\/second-factor$/u);
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // Back as the other browser tests expect it.
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Remove Test security key" }).click();
  await expect(notice(page, "Passkey removed.")).toBeVisible();
  await signOut(page);
  expect(errors).toEqual([]);
});
