import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, notice, signIn, signOut } from "./helpers";

test("admin creates a staff account; the new person must choose a password; deactivation locks them out", async ({
  page,
}) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page, "admin@demo.clinic");
  await page.goto("/admin/staff/new");
  await page.getByLabel("Full name").fill("Noor Patel");
  await page.getByLabel("Email address (their sign-in)").fill("noor.patel@demo.clinic");
  await page.getByRole("group", { name: "Roles" }).getByLabel("Nurse").check();
  await page.getByLabel("Credentials").fill("RN");
  await page.getByLabel("Temporary password").fill("lantern-meadow-4821");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Noor Patel");
  const staffUrl = page.url();
  await signOut(page);

  await signIn(page, "noor.patel@demo.clinic", "lantern-meadow-4821");
  await expect(page).toHaveURL(/\/account\/password/u);
  await page.getByLabel("Current password").fill("lantern-meadow-4821");
  await page.getByLabel("New password", { exact: true }).fill("copper-violet-harbor-93");
  await page.getByLabel("Repeat the new password").fill("copper-violet-harbor-93");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Noor Patel" })).toBeVisible();
  await signOut(page);

  await signIn(page, "admin@demo.clinic");
  await page.goto(staffUrl);
  await page.getByRole("button", { name: "Deactivate Noor Patel" }).click();
  await expect(notice(page, "Account deactivated")).toBeVisible();
  await signOut(page);

  await page.goto("/login");
  await page.getByLabel("Email address").fill("noor.patel@demo.clinic");
  await page.getByLabel("Password").fill("copper-violet-harbor-93");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The email address or password is not right.");
  expect(errors).toEqual([]);
});

test("admin reads the audit log, filtered to failed sign-ins", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email address").fill("therapist@demo.clinic");
  await page.getByLabel("Password").fill("not the right one");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await signIn(page, "admin@demo.clinic");
  await page.goto("/admin/audit");
  await page.getByLabel("Outcome").selectOption("failure");
  await page.getByRole("button", { name: "Filter" }).click();
  // The unfiltered log already shows sign-ins (the admin's own): wait for the filtered page itself.
  await expect(page).toHaveURL(/[?&]outcome=failure(&|$)/u);
  const signIns = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "sign-in", exact: true }) });
  await expect(signIns.filter({ has: page.getByRole("cell", { name: "failure", exact: true }) }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "success", exact: true })).toHaveCount(0);
});
