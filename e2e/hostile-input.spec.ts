import { expect, test, type APIRequestContext } from "@playwright/test";
import { registeredRoutes } from "#test/route-files";
import { DEMO_PASSWORD } from "./helpers";

// The security probe's requests, against the production build: each answers a 4xx with a sentence.
// How long each took is printed for the record (the bench times them); tests never assert speed.
const SOME_ID = "00000000-0000-4000-8000-000000000000";
const CRASH_BODY = "email=a%40b.co&password=x&foo[999999999]=1";

function concretePath(pattern: string): string {
  return pattern.replace(/:token/u, "abcdefghijklmnopqrstuvwxyz234567.ics").replace(/:[A-Za-z]+/gu, SOME_ID);
}

async function signedIn(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/login", {
    form: { email, password: DEMO_PASSWORD, redirectTo: "" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: Math.round((performance.now() - started) * 10) / 10 };
}

test("the probe's crash body answers 400 on every route, signed in or not, and the server lives on", async ({
  request,
}) => {
  const times: number[] = [];
  for (const signedInAs of [null, "frontdesk@demo.clinic"]) {
    if (signedInAs) {
      await signedIn(request, signedInAs);
    }
    for (const route of registeredRoutes()) {
      const page = concretePath(route.path);
      // With JavaScript on, forms post to the page's .data twin (/_root.data for the start page).
      for (const path of [page, page === "/" ? "/_root.data" : `${page}.data`]) {
        const { value: response, ms } = await timed(() =>
          request.post(path, {
            headers: { "content-type": "application/x-www-form-urlencoded" },
            data: CRASH_BODY,
            maxRedirects: 0,
          }),
        );
        times.push(ms);
        expect(response.status(), `${path} as ${signedInAs ?? "nobody"}`).toBe(400);
        expect(await response.text()).toBe("A list in this form has more than 501 entries.");
      }
    }
  }
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  times.sort((a, b) => a - b);
  process.stdout.write(
    `crash-body answers: ${times.length} requests, median ${times[Math.floor(times.length / 2)]} ms, slowest ${times.at(-1)} ms\n`,
  );
});

test("other malformed requests answer 4xx with a sentence and never 500", async ({ request }) => {
  await signedIn(request, "frontdesk@demo.clinic");
  const cases: {
    name: string;
    send: () => Promise<{ status: () => number; text: () => Promise<string> }>;
    status: number;
    says: RegExp;
  }[] = [
    { name: "NUL in a search", send: () => request.get("/patients?q=Jane%00"), status: 400, says: /NUL/u },
    {
      name: "NUL in a text field",
      send: () => request.post("/patients/new", { form: { firstName: "Jane\u0000", lastName: "Doe" } }),
      status: 400,
      says: /NUL/u,
    },
    {
      name: "a date that is not on the calendar",
      send: () => request.get("/schedule?date=2026-02-31"),
      status: 400,
      says: /not a date on the calendar/u,
    },
    {
      name: "a JSON body",
      send: () => request.post("/patients/new", { data: { firstName: "Jane" } }),
      status: 415,
      says: /forms only/u,
    },
    {
      name: "a malformed multipart body",
      send: () =>
        request.post("/patients/new", {
          headers: { "content-type": "multipart/form-data; boundary=x" },
          data: "--x\r\nbroken",
        }),
      status: 415,
      says: /forms only/u,
    },
    { name: "a PUT", send: () => request.put("/patients"), status: 405, says: /not a method/u },
  ];
  for (const one of cases) {
    const response = await one.send();
    expect(response.status(), one.name).toBe(one.status);
    expect(await response.text(), one.name).toMatch(one.says);
  }
});

test("a redirect target with CR/LF or a TAB cannot leave the site, and sign-in still succeeds", async ({ request }) => {
  for (const redirectTo of ["/patients\r\nSet-Cookie: evil=1", "/\t/evil.example/phish", "//evil.example"]) {
    const response = await request.post("/login", {
      form: { email: "frontdesk@demo.clinic", password: DEMO_PASSWORD, redirectTo },
      maxRedirects: 0,
    });
    expect(response.status(), JSON.stringify(redirectTo)).toBe(302);
    expect(response.headers().location).toBe("/");
    expect(response.headers()["set-cookie"] ?? "").not.toContain("evil=1");
  }
});

test("signed-in pages and their data requests are never cached", async ({ request }) => {
  await signedIn(request, "frontdesk@demo.clinic");
  for (const path of ["/patients", "/patients.data", "/schedule", "/"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["cache-control"], path).toContain("no-store");
  }
});
