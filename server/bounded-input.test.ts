import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { gzipSync } from "node:zlib";
import { parseWithZod } from "@conform-to/zod/v4";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { bodyErrors, boundFormBody, boundRequestLine, checkedBody } from "./bounded-input";
import { FORM_LIMITS } from "./form-limits";

// Behind the limits sits the parser the probe crashed: conform walking the form into objects.
let server: Server;
let base: string;
let reached = 0;
const schema = z.object({ email: z.string().optional(), rows: z.array(z.object({ time: z.string() })).optional() });

beforeAll(async () => {
  const app = express();
  app.use(boundRequestLine, boundFormBody, bodyErrors);
  app.all("/{*path}", async (req, res) => {
    reached += 1;
    const body = checkedBody(res.locals);
    const form = await new Request("http://x/", {
      method: "POST",
      body: body ? new Uint8Array(body) : "",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }).formData();
    const submission = parseWithZod(form, { schema });
    res.status(200).json({ status: submission.status, method: req.method, fields: [...form.keys()].length });
  });
  server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

beforeEach(() => {
  reached = 0;
});

const form = (body: BodyInit, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  body,
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
});

async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  return process.memoryUsage().heapUsed;
}

describe("the request that crashed the server", () => {
  it.each([
    ["the probe's index", "email=a@b.co&password=x&foo[999999999]=1"],
    ["an index just past the limit", `email=a@b.co&rows[${FORM_LIMITS.arrayIndex + 1}].time=1`],
    ["the index in a nested name", "rows[0].time=1&rows[0].x[20000000]=1"],
    ["an index written with leading zeros", "foo[0000000000000000000001]=1"],
    ["a percent-encoded index", "foo%5B999999999%5D=1"],
  ])("%s answers 400 before any parser builds it", async (_name, body) => {
    const before = await heapAfterGc();
    const response = await fetch(`${base}/login`, form(body));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/entries|nested/u);
    expect(reached).toBe(0);
    // A billion-slot array would be gigabytes; the refusal allocates next to nothing.
    expect((await heapAfterGc()) - before).toBeLessThan(20 * 1024 * 1024);
  });

  it("lets a real form through to the parser, lists included", async () => {
    const response = await fetch(
      `${base}/series/x/plan`,
      form("email=a%40b.co&rows[0].time=10%3A00&rows[1].time=11%3A00"),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "success", method: "POST", fields: 3 });
    expect(reached).toBe(1);
  });

  it("refuses more fields than any form has, counted without parsing", async () => {
    const body = Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => `f${i}=1`).join("&");
    const response = await fetch(`${base}/login`, form(body));
    expect(response.status).toBe(413);
    expect(await response.text()).toBe(`This form has more than ${FORM_LIMITS.fields} fields.`);
    expect(reached).toBe(0);
  });

  it("accepts exactly the limits", async () => {
    const body = [
      `rows[${FORM_LIMITS.arrayIndex}].time=1`,
      ...Array.from({ length: FORM_LIMITS.fields - 1 }, (_, i) => `f${i}=1`),
    ].join("&");
    expect((await fetch(`${base}/login`, form(body))).status).toBe(200);
  });

  it("refuses names that are too long or too deep", async () => {
    const long = await fetch(`${base}/login`, form(`${"a".repeat(FORM_LIMITS.nameLength + 1)}=1`));
    expect(long.status).toBe(400);
    expect(await long.text()).toBe("A field name in this form is too long.");
    const deep = await fetch(
      `${base}/login`,
      form(`${Array.from({ length: FORM_LIMITS.nameDepth + 1 }, () => "a").join(".")}=1`),
    );
    expect(deep.status).toBe(400);
    expect(await deep.text()).toBe("A field name in this form is nested too deeply.");
    expect(reached).toBe(0);
  });

  it("refuses a body over the limit from its Content-Length, and a chunked one while reading", async () => {
    const big = `note=${"x".repeat(FORM_LIMITS.bodyBytes)}`;
    const declared = await fetch(`${base}/notes/new`, form(big));
    expect(declared.status).toBe(413);
    expect(await declared.text()).toBe("This form is larger than 1 MiB.");
    const chunked = await fetch(`${base}/notes/new`, {
      ...form(
        new ReadableStream({
          start: (controller) => {
            controller.enqueue(new TextEncoder().encode(big));
            controller.close();
          },
        }),
      ),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(reached).toBe(0);
  });
});

describe("bodies that are not forms", () => {
  it.each([
    ["JSON", "application/json", '{"email":"a@b.co"}'],
    [
      "multipart",
      "multipart/form-data; boundary=x",
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
    ],
    ["malformed multipart", "multipart/form-data", "not multipart at all"],
    ["XML", "text/xml", "<a/>"],
    ["no content type", "", "email=a"],
  ])("%s answers 415 with a sentence", async (_name, type, body) => {
    const response = await fetch(`${base}/login`, {
      method: "POST",
      body,
      headers: type ? { "content-type": type } : {},
    });
    expect(response.status).toBe(415);
    expect(await response.text()).toBe("This server accepts forms only (application/x-www-form-urlencoded).");
    expect(reached).toBe(0);
  });

  it("refuses a compressed body rather than inflating it", async () => {
    const response = await fetch(
      `${base}/login`,
      form(new Uint8Array(gzipSync(Buffer.from("a=1"))), { "content-encoding": "gzip" }),
    );
    expect(response.status).toBe(415);
    expect(reached).toBe(0);
  });

  it("lets an empty POST through (sign-out has no fields)", async () => {
    const response = await fetch(`${base}/logout`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(reached).toBe(1);
  });
});

describe("NUL characters and broken encodings", () => {
  it.each([
    ["in a value", "name=Jane%00Doe"],
    ["as a raw byte", "name=Jane\u0000Doe"],
    ["in a name", "na%00me=Jane"],
  ])("refuses NUL %s with 400", async (_name, body) => {
    const response = await fetch(`${base}/patients/new`, form(body));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/NUL/u);
    expect(reached).toBe(0);
  });

  it("refuses NUL in the address and its query", async () => {
    for (const path of ["/patients?q=Jane%00", "/patients/%00", "/patients?q%00=1"]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(400);
    }
    expect(reached).toBe(0);
  });

  it("refuses broken percent-encoding in a form and in a query", async () => {
    expect((await fetch(`${base}/login`, form("email=%E0%A4%A"))).status).toBe(400);
    expect((await fetch(`${base}/patients?q=%E0%A4%A`)).status).toBe(400);
    expect(reached).toBe(0);
  });

  it("applies the list-index limit to query strings too", async () => {
    expect((await fetch(`${base}/patients?x[999999999]=1`)).status).toBe(400);
    expect((await fetch(`${base}/patients?q=Jane&page=2`)).status).toBe(200);
  });
});

describe("methods", () => {
  it.each(["PUT", "DELETE", "PATCH", "OPTIONS"])("answers %s with 405 and the allowed methods", async (method) => {
    const response = await fetch(`${base}/patients`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(reached).toBe(0);
  });

  it("answers TRACE with 405 too (fetch refuses to send it, so over a raw socket)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/login`, { method: "TRACE" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(405);
  });
});
