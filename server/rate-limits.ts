import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";

function perMinute(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

// Without TRUST_PROXY a client's X-Forwarded-For is ignored on purpose (server/app.ts), which
// express-rate-limit would otherwise log as a possible misconfiguration on every such request.
const IGNORED_FORWARDED_FOR = { xForwardedForHeader: false } as const;

/** Sign-in attempts per IP; failed attempts count, successful sign-ins (redirects) do not. */
export function signInLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute("SIGN_IN_ATTEMPTS_PER_MINUTE", 10),
    skipSuccessfulRequests: true,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    validate: IGNORED_FORWARDED_FOR,
    message: "Too many sign-in attempts. Wait a minute and try again.",
  });
}

/** Everything else, per IP: generous for a clinic behind one NAT, a brake on scripts. */
export function generalLimit(): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute("REQUESTS_PER_MINUTE", 1200),
    standardHeaders: "draft-7",
    legacyHeaders: false,
    validate: IGNORED_FORWARDED_FOR,
    message: "Too many requests. Wait a minute and try again.",
  });
}
