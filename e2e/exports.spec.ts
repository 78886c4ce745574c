import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the prescriber downloads the completed demo course's summary from the patient page, and it is a sound PDF with every session, the chart and the signed notes", async ({
  page,
}, testInfo) => {
  await signIn(page, "prescriber@demo.clinic");
  await page.goto(`/patients?q=${encodeURIComponent("Nguy")}`);
  await page.getByRole("link", { name: /Nguyễn, Zoë/u }).click();
  await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/u);
  const downloading = page.waitForEvent("download");
  await page
    .getByRole("list", { name: "Downloads (PDF)" })
    .getByRole("link", { name: /summary/iu })
    .first()
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^series-summary-K\d+-\d{4}-\d{2}-\d{2}\.pdf$/u);
  const file = testInfo.outputPath("summary.pdf");
  await download.saveAs(file);

  expect(() => execFileSync("qpdf", ["--check", file])).not.toThrow();
  const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString("utf8");
  expect(text).toContain("Zoë Nguyễn");
  for (let dose = 1; dose <= 6; dose += 1) {
    expect(text).toContain(`Dosing session ${dose}`);
  }
  expect(text).toMatch(/PHQ-9/u);
  expect(text).toMatch(/Page 1 of \d+/u);
  expect(text).not.toMatch(/transference themes/u);
});

test("front desk cannot download clinical exports", async ({ page }) => {
  await signIn(page, "frontdesk@demo.clinic");
  await page.goto(`/patients?q=${encodeURIComponent("Nguy")}`);
  await page.getByRole("link", { name: /Nguyễn, Zoë/u }).click();
  await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/u);
  await expect(page.getByRole("list", { name: "Downloads (PDF)" })).toHaveCount(0);
  const response = await page.request.get(`${page.url()}/chart-extract.pdf`);
  expect(response.status()).toBe(403);
});
