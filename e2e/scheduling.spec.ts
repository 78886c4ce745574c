import { expect, test, type Page } from "@playwright/test";
import { format, parse } from "date-fns";
import { failOnConsoleErrors, signIn } from "./helpers";

// Liam O'Connor is on the demo therapist's and prescriber's care team and has nothing booked yet.
const PATIENT = "O'Connor";

async function rowOf(page: Page, session: RegExp): Promise<{ date: string; room: string }> {
  const row = page
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: session }) })
    .first();
  const cells = row.getByRole("cell");
  const shown = (await cells.nth(0).innerText()).trim();
  return {
    date: format(parse(shown, "EEE d MMM yyyy", new Date()), "yyyy-MM-dd"),
    room: (await cells.nth(2).innerText()).trim(),
  };
}

async function weekShows(page: Page, date: string, kind: "A clinician" | "A room", who: string): Promise<void> {
  await page.goto(`/schedule?view=week&date=${date}`);
  await page.getByLabel("Show", { exact: true }).selectOption({ label: kind });
  await page.getByLabel("Clinician or room").selectOption({ label: who });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(who);
  // A text filter, not a regex name: Playwright's selector parser stumbles on the apostrophe.
  await expect(
    page
      .getByRole("link")
      .filter({ hasText: `Liam ${PATIENT}` })
      .first(),
  ).toBeVisible();
}

test("front desk plans the standard course, books it in one step, and sees it on the therapist's, prescriber's and room's calendars", async ({
  page,
}) => {
  const errors = failOnConsoleErrors(page);
  await signIn(page, "frontdesk@demo.clinic");
  await page.goto(`/patients?q=${encodeURIComponent(PATIENT)}`);
  await page.getByRole("link", { name: /O'Connor, Liam/u }).click();
  await page.getByRole("link", { name: "Plan a series" }).click();
  await page.getByRole("button", { name: "Find times" }).click();

  const proposal = page.getByRole("table").filter({ hasText: "sessions, in time order" });
  await expect(proposal).toBeVisible();
  await expect(proposal.getByRole("row").filter({ hasText: /Dos/u })).toHaveCount(6);
  await expect(proposal.getByRole("row").filter({ hasText: /Preparation/u })).toHaveCount(2);
  await expect(proposal.getByRole("row").filter({ hasText: /Integration/u })).toHaveCount(6);
  await expect(proposal.getByRole("row").filter({ hasText: /[Cc]heckpoint/u })).toHaveCount(2);

  await page.getByRole("button", { name: /^Book/u }).click();
  await expect(page).toHaveURL(/\/series\/[0-9a-f-]{36}/u);
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();

  const dose = await rowOf(page, /Dosing session 1|Dose 1/u);
  const checkpoint = await rowOf(page, /[Cc]heckpoint/u);
  await weekShows(page, dose.date, "A clinician", "Jordan Reyes");
  await weekShows(page, checkpoint.date, "A clinician", "Maya Okafor");
  await weekShows(page, dose.date, "A room", dose.room);
  expect(errors).toEqual([]);
});
