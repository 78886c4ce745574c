import { expect, test, type Page } from "@playwright/test";
import { format, parseISO } from "date-fns";
import { failOnConsoleErrors, notice, signIn, signOut } from "./helpers";

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
  await expect(notice(page, "Screening signed.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign", exact: true })).toHaveCount(0);

  await page.getByLabel("Patient's signature (their full name, typed)").fill("Marcus Whitfield");
  await page.getByLabel("Witness").fill("Riley Chen");
  await page.getByLabel("Transport plan").fill("Dana Whitfield drives him home after each dose.");
  await page.getByRole("button", { name: "Record consent" }).click();
  // Waiting for the answer: leaving the page while the form is posting would abandon the consent.
  await expect(notice(page, "Consent recorded.")).toBeVisible();

  const seriesId = /\/series\/([0-9a-f-]{36})/u.exec(page.url())?.[1];
  await page.goto(`/series/${seriesId}/orders`);
  await page.getByLabel("Route").selectOption("IM");
  await page.getByLabel("Dose (mg)").fill("60");
  await page.getByRole("button", { name: "Order dose" }).click();
  await expect(notice(page, "Dose ordered.")).toBeVisible();
  await expect(page.getByText(/60(\.00)? mg/u).first()).toBeVisible();
  expect(errors).toEqual([]);
});

/** The first scheduled dosing session of the active demo course (Łukasz Żółć). */
async function nextDoseOfActiveCourse(page: Page): Promise<string> {
  await openPatient(page, "Żółć", /Żółć, Łukasz/u);
  await openSeries(page);
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: /^Dosing session \d+$/u }) })
    .filter({ hasText: "Scheduled" })
    .first();
  await row.getByRole("rowheader").getByRole("link").click();
  await page.waitForURL(/\/appointments\/[0-9a-f-]{36}$/u);
  return page.url();
}

// One course's next dose, in order: its sign-off gate, then the day it is given. Each test needs the
// one before it, so a failure stops the rest instead of failing them for the wrong reason.
test.describe("the active course's next dose", () => {
  test.describe.configure({ mode: "serial" });
  /** The appointment brought to today and given, for the steps after the session. */
  let sessionDay = "";

  test("the next dose waits for the prescriber's sign-off", async ({ page }) => {
    await signIn(page, "nurse@demo.clinic");
    const nextDose = await nextDoseOfActiveCourse(page);
    await page.goto(`${nextDose}/session`);
    await expect(page.getByText(/has not been signed off/u)).toBeVisible();
    await signOut(page);

    await signIn(page, "prescriber@demo.clinic");
    await page.goto("/sign-off");
    await expect(page.getByRole("heading", { name: "Dosing sessions awaiting your sign-off" })).toBeVisible();
    await expect(page.getByText(/PHQ-9 item 9/iu).first()).toBeVisible();
    await page
      .getByRole("link", { name: /Review and sign off/u })
      .first()
      .click();
    await page.waitForURL(/\/sign-off\/[0-9a-f-]{36}$/u);
    // Signed in moments ago: no step-up is asked (e2e/second-factor.spec.ts signs off after 5 minutes).
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Sign off" }).click();
    await expect(notice(page, "Signed off.")).toBeVisible();
    await page.goto("/sign-off");
    await expect(page.getByRole("link", { name: /Review and sign off/u })).toHaveCount(0);
    await signOut(page);

    await signIn(page, "nurse@demo.clinic");
    await page.goto(`${nextDose}/session`);
    await expect(page.getByText(/has not been signed off/u)).toHaveCount(0);
  });

  test("session day: front desk brings the next dose to today; the nurse starts it, records the dose, and a high blood pressure raises an alert", async ({
    page,
    browser,
  }) => {
    const errors = failOnConsoleErrors(page);
    // The nurse has the session page open first. The session may start only on the day it is booked,
    // so the day to bring the dose to is the clinic's date this page was drawn on (its check-in form
    // sends it), not the test machine's, and midnight passing during the test changes nothing.
    await signIn(page, "nurse@demo.clinic");
    sessionDay = await nextDoseOfActiveCourse(page);
    await page.goto(`${sessionDay}/session`);
    const startForm = page.getByRole("group", { name: "Check in and start the session" });
    await expect(startForm).toBeVisible();
    const today = await startForm.locator('input[type="hidden"][name="date"]').inputValue();

    // Front desk brings the dose to 00:00 of that day: outside opening hours on every day of the week,
    // so the series' rules always warn, and no demo booking is ever in the way.
    const desk = await browser.newContext();
    const deskPage = await desk.newPage();
    const deskErrors = failOnConsoleErrors(deskPage);
    await signIn(deskPage, "frontdesk@demo.clinic");
    await deskPage.goto(sessionDay);
    const reschedule = deskPage.getByRole("group", { name: "Reschedule" });
    await reschedule.getByLabel("New date").fill(today);
    await reschedule.getByLabel("New start time").fill("00:00");
    await reschedule.getByLabel("Reason").fill("Patient asked to come today.");
    await reschedule.getByRole("button", { name: "Reschedule" }).click();
    await expect(reschedule.getByRole("group", { name: "This change breaks the series' rules" })).toContainText(
      /opening hours|clinic is closed/u,
    );
    await reschedule.getByLabel("Reschedule anyway: the care team agrees to break these rules.").check();
    await reschedule.getByRole("button", { name: "Reschedule" }).click();
    await expect(notice(deskPage, "Rescheduled.")).toBeVisible();
    await expect(deskPage.getByRole("region", { name: "Details" })).toContainText(
      `${format(parseISO(today), "EEEE d MMMM yyyy")}, 00:00–`,
    );
    expect(deskErrors).toEqual([]);
    await desk.close();

    // Checked in at the booked time, typed: that instant is on the booked day and never in the future.
    await startForm.getByLabel("Check-in time").fill("00:00");
    await startForm.getByRole("button", { name: "Start session" }).click();
    await expect(notice(page, "Session started.")).toBeVisible();
    await page.getByLabel("Lot number").fill("KT-26-0419");
    await page.getByRole("button", { name: "Record dose" }).click();
    await expect(notice(page, "Dose recorded.")).toBeVisible();
    await expect(page.getByText("KT-26-0419").first()).toBeVisible();
    await page.getByLabel("Systolic (mmHg)").fill("172");
    await page.getByLabel("Diastolic (mmHg)").fill("106");
    await page.getByLabel("Heart rate (/min)").fill("96");
    await page.getByLabel("SpO₂ (%)").fill("97");
    await page.getByLabel("Resp. rate (/min)").fill("16");
    await page.getByRole("button", { name: "Record vitals" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "Blood pressure 172/106 is above 160/100." }).first(),
    ).toBeVisible();
    await page.getByLabel("Systolic (mmHg)").fill("400");
    await page.getByLabel("Diastolic (mmHg)").fill("80");
    await page.getByRole("button", { name: "Record vitals" }).click();
    await expect(page.getByText(/Systolic pressure must be between 40 and 300/u).first()).toBeVisible();
    const criteria = page.getByRole("group", { name: /Discharge criteria/u }).getByRole("checkbox");
    await expect(criteria).toHaveCount(5);
    for (const criterion of await criteria.all()) {
      await criterion.check();
    }
    await page.getByRole("button", { name: "Discharge patient" }).click();
    await expect(notice(page, "Patient discharged.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Record vitals" })).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test("after the session day, the therapist signs the session's note and the prescriber signs the session off", async ({
    page,
  }) => {
    const errors = failOnConsoleErrors(page);
    await signIn(page, "therapist@demo.clinic");
    await page.goto(sessionDay);
    await page.getByRole("link", { name: "Write a note for this session" }).click();
    await page.waitForURL(/\/notes\/new\?/u);
    await page
      .getByLabel("Free text")
      .fill("Calm throughout; brief rise in blood pressure noted by the nurse, settled.");
    await page.getByRole("button", { name: "Sign note" }).click();
    await expect(notice(page, "Note signed.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
    await signOut(page);

    await signIn(page, "prescriber@demo.clinic");
    await page.goto("/sign-off");
    await page.getByRole("link", { name: /Review and sign off .* of Łukasz Żółć/u }).click();
    await page.waitForURL(/\/sign-off\/[0-9a-f-]{36}$/u);
    await expect(page.getByText("Blood pressure 172/106 is above 160/100.").first()).toBeVisible();
    await page.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Sign off" }).click();
    await expect(notice(page, "Signed off.")).toBeVisible();
    expect(errors).toEqual([]);
  });
});

test("the therapist corrects a signed note with an addendum and sees the PHQ-9 chart of the course", async ({
  page,
}) => {
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
  await expect(notice(page, "Addendum added.")).toBeVisible();
  await expect(page.getByText("Escort confirmed the patient slept well that night.")).toBeVisible();

  await openPatient(page, "Nguy", /Nguyễn, Zoë/u);
  await openSeries(page);
  await page.getByRole("link", { name: "Outcome measures" }).click();
  await expect(page.getByRole("img", { name: /PHQ-9 across the series/u })).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: "PHQ-9" }).first()).toBeVisible();
});
