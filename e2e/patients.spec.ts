import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, signIn, signOut } from "./helpers";

test("front desk finds a patient by part of a Unicode name and opens the profile", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page, "frontdesk@demo.clinic");
  await page.getByRole("link", { name: "Patients" }).first().click();
  await page.getByRole("searchbox", { name: "Find a patient" }).fill("nguy");
  await page.getByRole("button", { name: "Search" }).click();
  // The unsearched page lists all patients, Zoë among them: pick her from the search's answer.
  await page
    .getByRole("table", { name: /^Search results/u })
    .getByRole("link", { name: /Nguyễn, Zoë/u })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Zoë");
  await expect(page.getByText("Escort", { exact: false }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("front desk registers a patient with a care team, and a second registration warns of a duplicate", async ({
  page,
}) => {
  await signIn(page, "frontdesk@demo.clinic");
  const register = async (): Promise<void> => {
    await page.goto("/patients/new");
    await page.getByLabel("First name").fill("Bartholomew");
    await page.getByLabel("Last name", { exact: true }).fill("Quill");
    await page.getByLabel("Date of birth").fill("1979-02-14");
    await page.getByLabel("Phone", { exact: true }).fill("(415) 555-0199");
    await page.getByLabel("Emergency contact name").fill("Mara Quill");
    await page.getByLabel("Emergency contact relationship").fill("Sister");
    await page.getByLabel("Emergency contact phone").fill("(415) 555-0198");
    await page.getByLabel("Prescriber").selectOption({ label: "Maya Okafor, MD" });
    await page.getByLabel("Therapist").selectOption({ label: "Jordan Reyes, LMFT" });
    await page.getByRole("button", { name: "Register patient" }).click();
  };
  await register();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bartholomew Quill");
  await expect(page.getByText(/MRN/u).first()).toBeVisible();
  await register();
  await expect(page.getByRole("group", { name: "Possible duplicate" })).toBeVisible();
  await expect(page).toHaveURL(/\/patients\/new/u);
});

test("a bad registration is answered with field errors and nothing is created", async ({ page }) => {
  await signIn(page, "frontdesk@demo.clinic");
  await page.goto("/patients/new");
  await page.getByLabel("First name").fill("Nobody");
  await page.getByRole("button", { name: "Register patient" }).click();
  await expect(page.locator(".field-errors p").first()).toBeVisible();
  await expect(page).toHaveURL(/\/patients\/new/u);
  await page.goto("/patients?q=Nobody");
  await expect(page.getByRole("link", { name: /Nobody/u })).toHaveCount(0);
});

test("a clinician is refused a patient outside their care teams", async ({ page }) => {
  await signIn(page, "frontdesk@demo.clinic");
  // Every third demo patient belongs to the second care team, not the demo therapist's.
  await page.goto("/patients?q=Kowalczyk");
  await page.getByRole("link", { name: /Kowalczyk/u }).click();
  await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/u);
  const url = page.url();
  await signOut(page);
  await signIn(page, "therapist@demo.clinic");
  const response = await page.goto(url);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access" })).toBeVisible();
});
