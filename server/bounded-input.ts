import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { checkFormBody, checkQueryString, FORM_LIMITS } from "./form-limits";

const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST"]);
const FORM_TYPE = "application/x-www-form-urlencoded";

/** The checked body of this request, for the React Router adapter (the stream is read by then). */
export function checkedBody(locals: Record<string, unknown>): Buffer | undefined {
  return locals.checkedBody instanceof Buffer ? locals.checkedBody : undefined;
}

function refuse(res: Parameters<RequestHandler>[1], status: number, message: string): void {
  res.status(status).type("text/plain").send(message);
}

/** Methods the app answers, and URLs without NUL characters or absurd query strings. */
export const boundRequestLine: RequestHandler = (req, res, next) => {
  if (!ALLOWED_METHODS.has(req.method)) {
    res.setHeader("Allow", [...ALLOWED_METHODS].join(", "));
    refuse(res, 405, `${req.method.slice(0, 20)} is not a method this server answers.`);
    return;
  }
  const url = req.originalUrl;
  if (url.includes("\u0000") || /%00/u.test(url)) {
    refuse(res, 400, "The address holds a NUL character (\\0), which no page uses.");
    return;
  }
  const queryStart = url.indexOf("?");
  const problem = queryStart === -1 ? null : checkQueryString(url.slice(queryStart + 1));
  if (problem) {
    refuse(res, problem.status, problem.message);
    return;
  }
  next();
};

// body-parser reads at most bodyBytes (answering 413 from Content-Length alone when it says more),
// refuses compressed bodies (a small gzip can inflate to gigabytes), and keeps the bytes as a Buffer.
const readBody = express.raw({ type: () => true, limit: FORM_LIMITS.bodyBytes, inflate: false });

/**
 * Every POST is a form: urlencoded, at most 1 MiB, with bounded field count, names and list indices,
 * checked before React Router or conform parse it. Anything else gets a 4xx with a sentence.
 */
export const boundFormBody: RequestHandler = (req, res, next) => {
  if (req.method !== "POST") {
    next();
    return;
  }
  const type = (req.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const declaredLength = Number(req.get("content-length") ?? "0");
  const hasBody = declaredLength > 0 || req.get("transfer-encoding") !== undefined;
  if (hasBody && type !== FORM_TYPE) {
    refuse(res, 415, "This server accepts forms only (application/x-www-form-urlencoded).");
    return;
  }
  readBody(req, res, (error?: unknown) => {
    if (error) {
      next(error);
      return;
    }
    const body = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
    const problem = checkFormBody(body.toString("utf8"));
    if (problem) {
      refuse(res, problem.status, problem.message);
      return;
    }
    res.locals.checkedBody = body;
    next();
  });
};

/** body-parser's own refusals (too large, aborted, wrong length, encoded) as plain sentences. */
export const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = typeof error === "object" && error !== null && "status" in error ? Number(error.status) : 0;
  const type = typeof error === "object" && error !== null && "type" in error ? String(error.type) : "";
  if (status === 413 || type === "entity.too.large") {
    refuse(res, 413, `This form is larger than ${FORM_LIMITS.bodyBytes / 1024 / 1024} MiB.`);
    return;
  }
  if (status === 415 || type === "encoding.unsupported") {
    refuse(res, 415, "Compressed or re-encoded form bodies are not accepted.");
    return;
  }
  if (status >= 400 && status < 500) {
    refuse(res, 400, "The form did not arrive whole. Send it again.");
    return;
  }
  next(error);
};
