import type { ErrorRequestHandler } from "express";
import { pgErrorOf } from "#db/errors";
import { loggablePath } from "./request-log";

/**
 * What an error may put in the log: its kind, the database's error code and constraint, and a message
 * with every quoted value blanked. Never the failed query's parameters (drizzle puts them in the
 * message: a patient's name, a note), the database's DETAIL line (it repeats the values), or a body.
 */
export type LoggedError = { name: string; message: string; code?: string; constraint?: string; stack?: string };

const QUOTED = /"[^"]*"|'[^']*'|`[^`]*`/gu;

export function redactMessage(message: string): string {
  // drizzle: "Failed query: <sql>\nparams: <values>": the SQL is ours, the values are the patient's.
  const withoutParams = message.replace(/\nparams:[\s\S]*$/u, "\nparams: [redacted]");
  return withoutParams.replace(QUOTED, (quoted) => `${quoted[0]}…${quoted[0]}`);
}

export function loggableError(error: unknown): LoggedError {
  if (!(error instanceof Error)) {
    return { name: typeof error, message: "[a thrown value that is not an Error]" };
  }
  const pg = pgErrorOf(error);
  const cause = error.cause instanceof Error ? error.cause : null;
  // drizzle's first line is the statement with $1, $2 placeholders (ours, no values); the driver's
  // message under it can quote a value ("invalid input syntax for type uuid: …").
  const message =
    cause && pg
      ? `${error.message.split("\n")[0] ?? ""} (${redactMessage(cause.message)})`
      : redactMessage(error.message);
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  return {
    name: error.name,
    message,
    ...(pg ? { code: pg.code } : {}),
    ...(pg?.constraint ? { constraint: pg.constraint } : {}),
    ...(frames.length > 0 ? { stack: frames.slice(0, 12).join("\n") } : {}),
  };
}

export function logError(error: unknown, where: { method?: string; path?: string; requestId?: string } = {}): void {
  const line = {
    at: new Date().toISOString(),
    level: "error",
    ...(where.requestId ? { requestId: where.requestId } : {}),
    ...(where.method ? { method: where.method } : {}),
    ...(where.path ? { path: loggablePath(where.path) } : {}),
    error: loggableError(error),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/** The last handler: logs without PHI and answers a sentence, never the error itself. */
export const logAndAnswerErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  logError(error, { method: req.method, path: req.path, requestId: String(res.getHeader("X-Request-Id") ?? "") });
  if (res.headersSent) {
    next(error);
    return;
  }
  res
    .status(500)
    .type("text/plain")
    .send("Something went wrong on our side. Try again, and tell your administrator if it keeps happening.");
};
