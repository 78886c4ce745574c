import autocannon from "autocannon";

export type LoadResult = {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Responses that were not 2xx, plus connection errors and timeouts. */
  errors: number;
  non2xx: number;
  kb_per_response: number;
};

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/**
 * Loads `paths` in turn (each connection takes the next one) for `seconds` at `connections`
 * concurrent connections over loopback. Latencies are every response's own time, so p95 is exact
 * (autocannon's summary stops at p97.5).
 */
export async function load(options: {
  base: string;
  paths: readonly string[];
  cookie?: string;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    headers: options.cookie ? { cookie: options.cookie } : {},
    requests: [
      {
        setupRequest: (request) => {
          const path = options.paths[next % options.paths.length]!;
          next += 1;
          return { ...request, path };
        },
      },
    ],
  });
  (
    instance as unknown as {
      on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
    }
  ).on("response", (_client, _status, _bytes, ms) => {
    latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const responses = result.requests.total;
  return {
    connections: options.connections,
    seconds: result.duration,
    requests: responses,
    rps: responses / result.duration,
    p50_ms: percentile(latencies, 0.5),
    p95_ms: percentile(latencies, 0.95),
    p99_ms: percentile(latencies, 0.99),
    max_ms: latencies.at(-1) ?? Number.NaN,
    errors: result.non2xx + result.errors + result.timeouts,
    non2xx: result.non2xx,
    kb_per_response: responses > 0 ? result.throughput.total / responses / 1024 : 0,
  };
}

/** Signs in through the form, as a browser would (same-origin POST), and returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams({ email, password, redirectTo: "" }).toString(),
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().find((value) => value.includes("kap_session="));
  if (response.status !== 302 || !cookie) {
    throw new Error(`signing in as ${email} answered ${response.status}${cookie ? "" : " without a session cookie"}`);
  }
  return cookie.split(";")[0]!;
}

/** One request of each path before loading: a page that fails alone would only make the numbers lie. */
export async function check(
  base: string,
  paths: readonly string[],
  cookie: string | undefined,
  expect: (body: string, contentType: string) => string | null,
): Promise<{ path: string; status: number; problem: string | null }[]> {
  const outcomes: { path: string; status: number; problem: string | null }[] = [];
  for (const path of paths) {
    const response = await fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
    const body = await response.text();
    outcomes.push({
      path,
      status: response.status,
      problem: response.status === 200 ? expect(body, response.headers.get("content-type") ?? "") : body.slice(0, 200),
    });
  }
  return outcomes;
}
