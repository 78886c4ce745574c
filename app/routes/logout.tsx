import { redirect } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clearedSessionCookie } from "#app/auth/cookie.server";
import { auditActor, publicAccess } from "#app/auth/guard.server";
import { invalidateSession } from "#app/auth/session.server";
import type { Route } from "./+types/logout";

// Signing out changes state, so it is POST only; a GET (a link, a prefetch) only goes home.
export async function loader(args: Route.LoaderArgs) {
  await publicAccess(args);
  return redirect("/");
}

export async function action(args: Route.ActionArgs) {
  const viewer = await publicAccess(args);
  if (viewer) {
    await invalidateSession(getDb(), viewer.sessionId);
    await audit(getDb(), auditActor(viewer), { action: "sign-out", entityType: "session" });
  }
  return redirect("/login", { headers: { "Set-Cookie": clearedSessionCookie() } });
}
