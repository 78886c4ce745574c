import { expect, test } from "@playwright/test";
import { notice, signIn } from "./helpers";

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

test("a clinician sees where they are signed in and signs another device out", async ({ page, browser }) => {
  const elsewhere = await browser.newContext({ userAgent: FIREFOX_ON_WINDOWS });
  const other = await elsewhere.newPage();
  await signIn(other, "nurse@demo.clinic");
  await signIn(page, "nurse@demo.clinic");

  await page.getByRole("link", { name: "Devices" }).click();
  await expect(page.getByRole("heading", { name: "Signed-in devices" })).toBeVisible();
  const thisRow = page.getByRole("row").filter({ hasText: "This device" });
  await expect(thisRow.getByRole("rowheader")).toHaveText("Chrome on Linux");
  const otherRow = page.getByRole("row").filter({ hasText: "Firefox on Windows" });
  await expect(otherRow).toHaveCount(1);

  await otherRow.getByRole("button", { name: /^Sign out Firefox on Windows/u }).click();
  await expect(notice(page, "Signed out 1 other device.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Firefox on Windows" })).toHaveCount(0);

  // The other browser's next request finds its login session gone.
  await other.goto("/patients");
  await expect(other.getByRole("heading", { name: "Sign in" })).toBeVisible();
  // This one is still signed in.
  await page.goto("/patients");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await elsewhere.close();
});
