import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, failOnConsoleErrors, signIn } from "./helpers";

async function openPatient(page: Page, search: string, name: RegExp): Promise<void> {
  await page.goto(`/patients?q=${encodeURIComponent(search)}`);
  await page.getByRole("link", { name }).click();
  await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/u);
}

async function openSeries(page: Page): Promise<void> {
  await page.getByRole("region", { name: "Series" }).getByRole("link").first().click();
  await page.waitForURL(/\/series\/[0-9a-f-]{36}$/u);
}

test("the prescriber clears the planned demo patient, records consent and orders the dose", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page, "prescriber@demo.clinic");
  await openPatient(page, "Whitfield", /Whitfield, Marcus/u);
  await openSeries(page);
  await page.getByRole("link", { name: "Clearance and consent" }).click();

  const absent = page.getByRole("radio", { name: "Absent" });
  await expect(absent).toHaveCount(10);
  for (const radio of await absent.all()) {
    await radio.check();
  }
  await page.getByLabel("Systolic pressure (mmHg)").fill("126");
  await page.getByLabel("Diastolic pressure (mmHg)").fill("80");
  await page.getByLabel("Heart rate (beats per minute)").fill("70");
  await page.getByLabel("Weight (kg)").fill("82");
  await page.getByRole("radio", { name: "Cleared for dosing" }).check();
  await page.getByRole("button", { name: "Sign", exact: true }).click();
  await expect(page.getByText(/cleared/iu).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign", exact: true })).toHaveCount(0);

  await page.getByLabel("Patient's signature (their full name, typed)").fill("Marcus Whitfield");
  await page.getByLabel("Witness").fill("Riley Chen");
  await page.getByRole("button", { name: "Record consent" }).click();
  await expect(page.getByText(/signed/iu).first()).toBeVisible();

  const seriesId = /\/series\/([0-9a-f-]{36})/u.exec(page.url())?.[1];
  await page.goto(`/series/${seriesId}/orders`);
  await page.getByLabel("Route").selectOption("IM");
  await page.getByLabel("Dose (mg)").fill("60");
  await page.getByRole("button", { name: "Order dose" }).click();
  await expect(page.getByText(/60(\.00)? mg/u).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("the prescriber signs off the session awaiting them, after a wrong password is refused", async ({ page }) => {
  await signIn(page, "prescriber@demo.clinic");
  await page.goto("/sign-off");
  await expect(page.getByRole("heading", { name: "Dosing sessions awaiting your sign-off" })).toBeVisible();
  await expect(page.getByText(/PHQ-9 item 9/iu).first()).toBeVisible();
  await page.getByRole("link", { name: /Review and sign off/u }).first().click();
  await page.getByRole("checkbox").check();
  await page.getByLabel("Your password").fill("not my password");
  await page.getByRole("button", { name: "Sign off" }).click();
  await expect(page.locator(".field-errors p, .form-errors p").first()).toBeVisible();
  await page.getByRole("checkbox").check();
  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign off" }).click();
  await page.waitForURL(/signed=1/u);
  await page.goto("/sign-off");
  await expect(page.getByRole("link", { name: /Review and sign off/u })).toHaveCount(0);
});

test("the therapist corrects a signed note with an addendum and sees the PHQ-9 chart of the course", async ({ page }) => {
  await signIn(page, "therapist@demo.clinic");
  await expect(page.getByRole("alert").filter({ hasText: "Safety alerts" })).toBeVisible();
  await openPatient(page, "Nguy", /Nguyễn, Zoë/u);
  await page.getByRole("link", { name: "Notes" }).click();
  await page.getByRole("rowheader").getByRole("link").first().click();
  await expect(page.getByRole("button", { name: /Save draft/u })).toHaveCount(0);
  await page.getByLabel("Reason").fill("Detail added after supervision");
  await page.getByLabel("Addendum").fill("Escort confirmed the patient slept well that night.");
  await page.getByRole("button", { name: "Add addendum" }).click();
  await expect(page.getByText("Escort confirmed the patient slept well that night.")).toBeVisible();

  await openPatient(page, "Nguy", /Nguyễn, Zoë/u);
  await openSeries(page);
  await page.getByRole("link", { name: "Outcome measures" }).click();
  await expect(page.getByRole("img", { name: /PHQ-9 across the series/u })).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: "PHQ-9" }).first()).toBeVisible();
});
