import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

/** A path fit for the log: a calendar feed's path is its secret link, so the token is blanked. */
export function loggablePath(path: string): string {
  return path.replace(/^\/calendar\/feed\/[^/]+/u, "/calendar/feed/[redacted]");
}

/**
 * One JSON line per request. Only the path is logged, never the query string (searches hold patient
 * names), headers, cookies or bodies. A 15-line middleware instead of a logging library: nothing here
 * needs levels, transports or redaction rules beyond "log less".
 */
export const requestLog: RequestHandler = (req, res, next) => {
  if (process.env.LOG_REQUESTS === "false") {
    next();
    return;
  }
  const started = process.hrtime.bigint();
  const requestId = randomUUID();
  res.setHeader("X-Request-Id", requestId);
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const line = {
      at: new Date().toISOString(),
      requestId,
      method: req.method,
      path: loggablePath(req.path),
      status: res.statusCode,
      ms: Math.round(ms * 10) / 10,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
  next();
};
