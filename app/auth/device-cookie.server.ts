import { parse, serialize } from "cookie";
import { sessionConfig } from "./config";
import { DEVICE_TRUST_MS } from "./throttle.server";

// Same rules as the session cookie: __Host- in production, HttpOnly, SameSite=Lax.
export function deviceCookieName(): string {
  return sessionConfig().secureCookie ? "__Host-kap_device" : "kap_device";
}

/** The browser's device token (ADR 0008), or null; the throttle checks its form and its trust. */
export function readDeviceToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) {
    return null;
  }
  return parse(header)[deviceCookieName()] ?? null;
}

export function deviceCookie(token: string): string {
  return serialize(deviceCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: sessionConfig().secureCookie,
    path: "/",
    maxAge: Math.floor(DEVICE_TRUST_MS / 1000),
  });
}
