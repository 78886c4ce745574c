import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, failOnConsoleErrors, signIn, signOut } from "./helpers";

async function openPatient(page: Page, search: string, name: RegExp): Promise<void> {
  await page.goto(`/patients?q=${encodeURIComponent(search)}`);
  await page.getByRole("link", { name }).click();
  await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/u);
}

async function openSeries(page: Page): Promise<void> {
  await page.getByRole("region", { name: "Series" }).getByRole("table").getByRole("link").first().click();
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

/** The first scheduled dosing session of the active demo course (Łukasz Żółć). */
async function nextDoseOfActiveCourse(page: Page): Promise<string> {
  await openPatient(page, "Żółć", /Żółć, Łukasz/u);
  await openSeries(page);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Dosing session \d+$/u }) }).filter({ hasText: "Scheduled" }).first();
  await row.getByRole("rowheader").getByRole("link").click();
  await page.waitForURL(/\/appointments\/[0-9a-f-]{36}$/u);
  return page.url();
}

test("the next dose waits for the prescriber's sign-off, which needs the password again", async ({ page }) => {
  await signIn(page, "nurse@demo.clinic");
  const nextDose = await nextDoseOfActiveCourse(page);
  await page.goto(`${nextDose}/session`);
  await expect(page.getByText(/has not been signed off/u)).toBeVisible();
  await signOut(page);

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
  await signOut(page);

  await signIn(page, "nurse@demo.clinic");
  await page.goto(`${nextDose}/session`);
  await expect(page.getByText(/has not been signed off/u)).toHaveCount(0);
});

test("session day: the nurse records the dose and a high blood pressure raises an alert; the therapist signs the note; the prescriber signs off", async ({ page }) => {
  const errors = failOnConsoleErrors(page);
  // Bring the next dose to today, late enough that no demo booking is in the way.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(new Date());
  await signIn(page, "frontdesk@demo.clinic");
  const dose = await nextDoseOfActiveCourse(page);
  await page.getByLabel("New date").fill(today);
  await page.getByLabel("New start time").fill("23:00");
  await page.getByRole("group", { name: "Reschedule" }).getByLabel("Reason").fill("Patient asked to come today.");
  await page.getByRole("button", { name: "Reschedule" }).click();
  const confirm = page.getByLabel("Reschedule anyway: the care team agrees to break these rules.");
  if (await confirm.isVisible()) {
    await confirm.check();
    await page.getByRole("button", { name: "Reschedule" }).click();
  }
  await expect(page.getByText(/23:00/u).first()).toBeVisible();
  await signOut(page);

  await signIn(page, "nurse@demo.clinic");
  await page.goto(`${dose}/session`);
  await page.getByRole("button", { name: "Start session" }).click();
  await expect(page.getByRole("button", { name: "Record dose" })).toBeVisible();
  await page.getByLabel("Lot number").fill("KT-26-0419");
  await page.getByRole("button", { name: "Record dose" }).click();
  await expect(page.getByText("KT-26-0419").first()).toBeVisible();
  await page.getByLabel("Systolic (mmHg)").fill("172");
  await page.getByLabel("Diastolic (mmHg)").fill("106");
  await page.getByLabel("Heart rate (/min)").fill("96");
  await page.getByLabel("SpO₂ (%)").fill("97");
  await page.getByLabel("Resp. rate (/min)").fill("16");
  await page.getByRole("button", { name: "Record vitals" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Blood pressure 172/106 is above 160/100." }).first()).toBeVisible();
  await page.getByLabel("Systolic (mmHg)").fill("400");
  await page.getByLabel("Diastolic (mmHg)").fill("80");
  await page.getByRole("button", { name: "Record vitals" }).click();
  await expect(page.getByText(/Systolic pressure must be between 40 and 300/u).first()).toBeVisible();
  for (const criterion of await page.getByRole("group", { name: /Discharge criteria/u }).getByRole("checkbox").all()) {
    await criterion.check();
  }
  await page.getByRole("button", { name: "Discharge patient" }).click();
  await expect(page.getByRole("button", { name: "Record vitals" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, "therapist@demo.clinic");
  await page.goto(dose);
  await page.getByRole("link", { name: "Write a note for this session" }).click();
  await page.getByLabel("Free text").fill("Calm throughout; brief rise in blood pressure noted by the nurse, settled.");
  await page.getByRole("button", { name: "Sign note" }).click();
  await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, "prescriber@demo.clinic");
  await page.goto("/sign-off");
  await page.getByRole("link", { name: /Review and sign off/u }).first().click();
  await expect(page.getByText("Blood pressure 172/106 is above 160/100.").first()).toBeVisible();
  await page.getByRole("checkbox").check();
  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign off" }).click();
  await page.waitForURL(/signed=1/u);
  expect(errors).toEqual([]);
});

test("the therapist corrects a signed note with an addendum and sees the PHQ-9 chart of the course", async ({ page }) => {
  await signIn(page, "therapist@demo.clinic");
  await expect(page.getByRole("alert").filter({ hasText: "Safety alerts" })).toBeVisible();
  await openPatient(page, "Nguy", /Nguyễn, Zoë/u);
  await page.getByRole("link", { name: "Notes", exact: true }).click();
  await page.waitForURL(/\/notes$/u);
  await page.getByRole("rowheader").getByRole("link").first().click();
  await page.waitForURL(/\/notes\/[0-9a-f-]{36}$/u);
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
