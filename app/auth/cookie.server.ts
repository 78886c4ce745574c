import { parse, serialize } from "cookie";
import { sessionConfig } from "./config";

// __Host- makes the browser refuse the cookie unless it is Secure, host-only and for path "/".
export function sessionCookieName(): string {
  return sessionConfig().secureCookie ? "__Host-kap_session" : "kap_session";
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) {
    return null;
  }
  return parse(header)[sessionCookieName()] ?? null;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return serialize(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: "lax",
    secure: sessionConfig().secureCookie,
    path: "/",
    expires: expiresAt,
  });
}

export function clearedSessionCookie(): string {
  return serialize(sessionCookieName(), "", {
    httpOnly: true,
    sameSite: "lax",
    secure: sessionConfig().secureCookie,
    path: "/",
    maxAge: 0,
  });
}
