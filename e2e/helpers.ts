import { expect, type Locator, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "kap-demo-2026";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/**
 * Collects browser console errors, CSP violations included. The browser's own "Failed to load
 * resource" lines for 4xx answers are left out: tests assert those statuses where they expect them.
 */
export function failOnConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (
      message.type() === "error" &&
      !/^Failed to load resource: the server responded with a status of 4\d\d/u.test(message.text())
    ) {
      errors.push(message.text());
    }
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

/** Signs out and waits until the server has ended the session, so the next step starts signed out. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

/**
 * The confirmation a page shows once the server has saved a form. Waiting for it waits for the
 * answer: a hydrated form posts by fetch, so a click returns before anything is saved.
 */
export function notice(page: Page, text: string): Locator {
  return page.getByRole("status").filter({ hasText: text });
}
