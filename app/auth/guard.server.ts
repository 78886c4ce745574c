import { data, redirect, type AppLoadContext } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { readSessionToken } from "./cookie.server";
import { isEnrolmentPath } from "./enrolment-status.server";
import { breakGlassWouldAllow, decide, type Permission, type Target } from "./policy";
import { validateSessionToken, type SessionUser } from "./session.server";
import { feedOwner, type FeedOwner } from "#app/scheduling/calendar-feed.server";
import { liveGrantsOf } from "#app/break-glass/active-grants.server";
import type { BreakGlassAccess } from "#app/break-glass/audit-mark";
import { clock } from "./clock";

/**
 * The signed-in user of this request, with where the request came from (for the audit trail) and
 * their live break-glass grants (read once per request; audit entries about those patients are marked).
 */
export type Viewer = SessionUser & { ip: string; sessionId: string; breakGlass?: readonly BreakGlassAccess[] };

export type GuardArgs = { request: Request; context: AppLoadContext };

// The root loader and the page's loader run for the same request, each with its own Request object
// but one load context: look the session up once per context. Only for reads: an action may sign the
// user out or change their password, and the loaders that run after it must see that.
const viewerByContext = new WeakMap<AppLoadContext, Promise<Viewer | null>>();

function readsOnly(request: Request): boolean {
  return request.method === "GET" || request.method === "HEAD";
}

function lookUpViewer({ request, context }: GuardArgs): Promise<Viewer | null> {
  const cacheable = readsOnly(request) && typeof context === "object" && context !== null;
  let pending = cacheable ? viewerByContext.get(context) : undefined;
  if (!pending) {
    pending = (async () => {
      const token = readSessionToken(request);
      if (!token) {
        return null;
      }
      const session = await validateSessionToken(getDb(), token);
      if (!session) {
        return null;
      }
      const breakGlass = await liveGrantsOf(getDb(), session.user, clock.now());
      return { ...session.user, ip: context.clientIp, sessionId: session.sessionId, breakGlass };
    })();
    if (cacheable) {
      viewerByContext.set(context, pending);
    }
  }
  return pending;
}

export function forbidden(message = "You do not have permission to do this."): never {
  throw data(message, { status: 403 });
}

export function notFound(message = "Not found."): never {
  throw data(message, { status: 404 });
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const redirectTo = url.pathname + url.search;
  throw redirect(redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`);
}

/** For pages anyone may see (sign-in, the layout): the viewer if signed in, otherwise null. */
export async function publicAccess(args: GuardArgs): Promise<Viewer | null> {
  return lookUpViewer(args);
}

/** For the sign-in page: a signed-in user is sent on to the app. */
export async function requireAnonymous(args: GuardArgs): Promise<void> {
  if (await lookUpViewer(args)) {
    throw redirect("/");
  }
}

/**
 * Any signed-in, active user. A user whose password was reset must change it before anything else.
 */
export async function requireUser(args: GuardArgs): Promise<Viewer> {
  const viewer = await lookUpViewer(args);
  if (!viewer) {
    return loginRedirect(args.request);
  }
  const { pathname } = new URL(args.request.url);
  if (viewer.mustChangePassword && pathname !== "/account/password") {
    throw redirect("/account/password");
  }
  // Then, where the clinic requires it, a second factor before anything else.
  if (!viewer.mustChangePassword && viewer.mustEnrolSecondFactor && !isEnrolmentPath(pathname)) {
    throw redirect("/account/security");
  }
  return viewer;
}

/** A signed-in user whose roles grant the permission somewhere; otherwise 403, audited. */
export async function requirePermission(args: GuardArgs, permission: Permission): Promise<Viewer> {
  const viewer = await requireUser(args);
  if (decide(viewer, permission) !== "allow") {
    await audit(
      getDb(),
      { id: viewer.id, clinicId: viewer.clinicId, ip: viewer.ip },
      {
        action: permission,
        entityType: "route",
        entityId: new URL(args.request.url).pathname,
        outcome: "denied",
      },
    );
    forbidden();
  }
  return viewer;
}

/**
 * For the calendar feed, which a calendar app fetches without a session: the secret link is the
 * credential. An unknown or revoked link answers 404 and is audited.
 */
export async function requireFeedToken(args: GuardArgs & { params: { token?: string } }): Promise<FeedOwner> {
  const token = (args.params.token ?? "").replace(/\.ics$/u, "");
  const owner = /^[a-z2-7]{32}$/u.test(token) ? await feedOwner(getDb(), token) : null;
  if (!owner) {
    await audit(
      getDb(),
      { id: null, clinicId: null, ip: args.context.clientIp },
      { action: "read:calendar-feed", entityType: "calendar_feed", outcome: "not_found" },
    );
    notFound("This calendar link does not exist or was revoked.");
  }
  return owner;
}

export type RecordRef = { entityType: string; entityId: string; patientId?: string | null };

/**
 * Record-level check: 404 for a record of another clinic (or none at all), 403 when the viewer's
 * scope does not reach it. Both outcomes are audited; success is audited by the caller, which knows
 * what it did.
 */
export async function authorizeRecord(
  viewer: Viewer,
  permission: Permission,
  target: Target | null,
  ref: RecordRef,
): Promise<void> {
  const decision = target ? decide(viewer, permission, target) : "not_found";
  if (decision === "allow") {
    return;
  }
  await audit(getDb(), auditActor(viewer), {
    action: permission,
    entityType: ref.entityType,
    entityId: ref.entityId,
    // Never tie a probe to a patient of another clinic.
    patientId: decision === "deny" ? (ref.patientId ?? null) : null,
    outcome: decision === "deny" ? "denied" : "not_found",
  });
  if (decision === "deny") {
    const message = "You are not on this patient's care team, or your role does not allow this.";
    // A clinician refused a patient outside their care teams is offered emergency access (app/break-glass).
    if (target && ref.patientId && breakGlassWouldAllow(viewer, permission, target)) {
      throw data({ message, breakGlassPatientId: ref.patientId }, { status: 403 });
    }
    forbidden(message);
  }
  notFound();
}

export function auditActor(viewer: Viewer): {
  id: string;
  clinicId: string;
  ip: string;
  breakGlass?: readonly BreakGlassAccess[];
} {
  return { id: viewer.id, clinicId: viewer.clinicId, ip: viewer.ip, breakGlass: viewer.breakGlass };
}
