import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trustProxySetting } from "./app";
import { refuseCrossSiteWrites } from "./cross-site";
import { signInLimit } from "./rate-limits";
import { cspNonce, securityHeaders, strictTransportSecurity } from "./security-headers";

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.set("trust proxy", "loopback");
  app.use(cspNonce, securityHeaders("production"), strictTransportSecurity, refuseCrossSiteWrites);
  app.post("/login", signInLimit(), (_req, res) => {
    res.status(400).send("wrong password");
  });
  app.all("/{*path}", (_req, res) => {
    res.status(200).send("reached the app");
  });
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

describe("cross-site request defence", () => {
  it.each([
    ["a foreign Origin", { Origin: "https://attacker.example" }],
    ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
    ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "Sec-Fetch-Site": "same-site" }],
  ])("refuses a POST with %s", async (_name, headers) => {
    const response = await fetch(`${base}/patients/new`, { method: "POST", headers, body: "x=1" });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Cross-site request refused.");
  });

  it("lets a same-origin POST and a cross-site GET through", async () => {
    const host = new URL(base).host;
    const post = await fetch(`${base}/patients/new`, {
      method: "POST",
      headers: { Origin: `http://${host}`, "Sec-Fetch-Site": "same-origin" },
      body: "x=1",
    });
    expect(post.status).toBe(200);
    const get = await fetch(`${base}/patients`, { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(get.status).toBe(200);
  });
});

describe("security headers", () => {
  it("sends an enforced CSP with a new nonce each time, and no HSTS over plain http", async () => {
    const [first, second] = await Promise.all([fetch(`${base}/`), fetch(`${base}/`)]);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']{20,}'/u);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toBe(second.headers.get("content-security-policy"));
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("adds HSTS when a trusted proxy says the request came over https", async () => {
    const response = await fetch(`${base}/`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=31536000/u);
  });
});

describe("sign-in rate limit per IP", () => {
  it("answers the 11th failed attempt in a minute with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const response = await fetch(`${base}/login`, {
        method: "POST",
        headers: { "X-Forwarded-For": "198.51.100.77" },
        body: "x=1",
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([...Array<number>(10).fill(400), 429]);
    const otherIp = await fetch(`${base}/login`, {
      method: "POST",
      headers: { "X-Forwarded-For": "198.51.100.78" },
      body: "x=1",
    });
    expect(otherIp.status).toBe(400);
  });
});

describe("trusting X-Forwarded-For", () => {
  it("believes no client by default, so rotating the header does not escape the per-IP limit", async () => {
    const app = express();
    app.set("trust proxy", trustProxySetting(undefined));
    app.post("/login", signInLimit(), (req, res) => {
      res.status(400).send(req.ip);
    });
    const own = app.listen(0);
    await new Promise((resolve) => own.once("listening", resolve));
    try {
      const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}/login`;
      const answers: { status: number; ip: string }[] = [];
      for (let attempt = 0; attempt < 11; attempt += 1) {
        const response = await fetch(url, {
          method: "POST",
          headers: { "X-Forwarded-For": `203.0.113.${attempt}` },
          body: "x=1",
        });
        answers.push({ status: response.status, ip: await response.text() });
      }
      expect(answers.map((answer) => answer.status)).toEqual([...Array<number>(10).fill(400), 429]);
      // The address recorded (and audited) is the socket's, not the one the client wrote.
      expect(new Set(answers.slice(0, 10).map((answer) => answer.ip))).toEqual(new Set(["::ffff:127.0.0.1"]));
    } finally {
      own.close();
    }
  });

  it.each([
    [undefined, false],
    ["", false],
    ["false", false],
    ["127.0.0.1", "127.0.0.1"],
    ["10.0.0.0/8, 127.0.0.1", "10.0.0.0/8, 127.0.0.1"],
    ["1", 1],
  ])("reads TRUST_PROXY=%s as %s", (value, expected) => {
    expect(trustProxySetting(value)).toBe(expected);
  });

  it("refuses TRUST_PROXY=true, which would believe every client", () => {
    expect(() => trustProxySetting("true")).toThrow(/reverse proxy's address/u);
  });
});
