import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("pages carry the security headers and a per-request script nonce", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/u);
  expect(csp).not.toBe(second.headers()["content-security-policy"]);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("same-origin");
  expect(first.headers()["strict-transport-security"]).toBeUndefined();
  const html = await first.text();
  const nonce = /'nonce-([^']+)'/u.exec(csp)?.[1];
  const scripts = html.match(/<script[^>]*>/gu) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) {
    expect(tag).toContain(`nonce="${nonce}"`);
  }
});

test("a cross-site POST is refused with 403", async ({ request }) => {
  const response = await request.post("/login", {
    form: { email: "admin@demo.clinic", password: "kap-demo-2026" },
    headers: { Origin: "https://attacker.example" },
  });
  expect(response.status()).toBe(403);
});

test("health check answers 200 with the migration state", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { ok: boolean; migrations: { applied: number; expected: number } };
  expect(body.ok).toBe(true);
  expect(body.migrations.applied).toBe(body.migrations.expected);
});

test("front desk is refused the audit log and admin pages", async ({ page }) => {
  await signIn(page, "frontdesk@demo.clinic");
  for (const path of ["/admin/audit", "/admin/staff", "/admin/clinic"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access" })).toBeVisible();
  }
});
