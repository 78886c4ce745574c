import { expect, test, type Page } from "@playwright/test";
import { failOnConsoleErrors, signIn, signOut } from "./helpers";

// Hannah Berg's care team is the demo prescriber, therapist and nurse; Kenji Ito (np.ito@) is on the
// other third of the demo patients' teams. No other browser test touches her record.
const REASON = "Hannah is in the waiting room with chest pain and her prescriber is off site today.";

async function urlOfHannahBerg(page: Page): Promise<string> {
  await signIn(page, "frontdesk@demo.clinic");
  await page.goto("/patients?q=Berg");
  await page
    .getByRole("table", { name: /^Search results/u })
    .getByRole("link", { name: /Berg, Hannah/u })
    .click();
  await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/u);
  const url = page.url();
  await signOut(page);
  return url;
}

test("a clinician off the care team breaks the glass; the care team and the admin see it and the admin reviews it", async ({
  page,
}) => {
  const errors = failOnConsoleErrors(page);
  const patientUrl = await urlOfHannahBerg(page);

  await signIn(page, "np.ito@demo.clinic");
  const refused = await page.goto(patientUrl);
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access" })).toBeVisible();
  await page.getByRole("link", { name: "Emergency access (break the glass)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Emergency access (break the glass)" })).toBeVisible();

  // Without a reason or the acknowledgement nothing is granted.
  await page.getByRole("button", { name: "Open the record in an emergency" }).click();
  await expect(page.getByText(/in at least a sentence \(20 characters or more\)\.$/u).first()).toBeVisible();
  await expect(page.getByText("Choose the kind of reason.")).toBeVisible();
  await expect(page).toHaveURL(/\/break-glass$/u);

  await page.getByLabel("Medical or psychiatric emergency").check();
  await page.getByLabel(/^Reason, in at least a sentence/u).fill(REASON);
  await page.getByLabel(/everything I open is logged as emergency access/u).check();
  await page.getByRole("button", { name: "Open the record in an emergency" }).click();

  await expect(page).toHaveURL(patientUrl);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hannah Berg");
  await expect(page.getByText("Emergency access is open.")).toBeVisible();
  await page.getByRole("link", { name: "Notes", exact: true }).click();
  await expect(page).toHaveURL(/\/notes$/u);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Hannah Berg");
  await signOut(page);

  // The care team sees who opened their patient's record, when and why.
  await signIn(page, "therapist@demo.clinic");
  const teamPanel = page.getByRole("region", { name: /Emergency \(break-glass\) access/u });
  await expect(teamPanel.getByRole("row", { name: /Kenji Ito/u })).toContainText("Berg, Hannah");
  await expect(teamPanel).toContainText(REASON);
  await signOut(page);

  // So does the admin, who reviews it from the audit log.
  await signIn(page, "admin@demo.clinic");
  await expect(
    page.getByRole("region", { name: /Emergency \(break-glass\) access/u }).getByRole("row", { name: /Kenji Ito/u }),
  ).toContainText(REASON);
  await page.getByRole("link", { name: "Audit log" }).first().click();
  await page.getByRole("link", { name: "Break-glass review" }).click();
  const grant = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: /Kenji Ito opened Berg, Hannah/u }) });
  await expect(grant).toContainText(REASON);
  const accesses = grant.getByRole("table", { name: /Accesses under this grant/u });
  await expect(accesses.getByRole("row", { name: /read:patient/u }).first()).toBeVisible();
  await expect(accesses.getByRole("row", { name: /read:clinical/u }).first()).toBeVisible();
  await grant.getByLabel("Review note").fill("Confirmed with Dr. Okafor: Hannah was seen in the waiting room.");
  await grant.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked reviewed." })).toBeVisible();
  await page.getByLabel("Show").selectOption("all");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(
    page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Kenji Ito opened Berg, Hannah/u }) }),
  ).toContainText(/reviewed by Avery Lindqvist/u);
  expect(errors).toEqual([]);
});
