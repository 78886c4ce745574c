import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, failOnConsoleErrors, signIn, signOut } from "./helpers";

const ACCOUNTS = [
  { email: "admin@demo.clinic", name: "Avery Lindqvist", nav: ["Clinic", "Staff", "Audit log"], hidden: ["Patients"] },
  { email: "prescriber@demo.clinic", name: "Maya Okafor", nav: ["Patients"], hidden: ["Audit log"] },
  { email: "therapist@demo.clinic", name: "Jordan Reyes", nav: ["Patients"], hidden: ["Staff"] },
  { email: "nurse@demo.clinic", name: "Samir Haddad", nav: ["Patients"], hidden: ["Clinic"] },
  { email: "frontdesk@demo.clinic", name: "Riley Chen", nav: ["Patients"], hidden: ["Audit log"] },
];

for (const account of ACCOUNTS) {
  test(`${account.email} signs in, sees their navigation, and signs out`, async ({ page }) => {
    const errors = failOnConsoleErrors(page);
    await signIn(page, account.email);
    await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const label of account.nav) {
      await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    }
    for (const label of account.hidden) {
      await expect(nav.getByRole("link", { name: label, exact: true })).toHaveCount(0);
    }
    await signOut(page);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/u);
    expect(errors).toEqual([]);
  });
}

test("a wrong password shows a message and no session", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill("nurse@demo.clinic");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The email address or password is not right.");
  await page.goto("/patients");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fpatients/u);
});

test("an empty form is answered with field errors", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
});

test("signing in works with the keyboard alone and returns to the page asked for", async ({ page }) => {
  await page.goto("/patients");
  await expect(page).toHaveURL(/\/login/u);
  await page.getByLabel("Email address").focus();
  await page.keyboard.type("frontdesk@demo.clinic");
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/patients$/u);
});

test("the session cookie is HttpOnly, SameSite=Lax, Secure and __Host- prefixed", async ({ page, context }) => {
  await signIn(page, "therapist@demo.clinic");
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === "__Host-kap_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true, path: "/" });
});
