import { and, desc, eq, gt, ne } from "drizzle-orm";
import type { Db } from "#db/client";
import { authSession } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { clock } from "./clock";
import { sessionConfig } from "./config";
import type { Viewer } from "./guard.server";
import { describeUserAgent } from "./user-agent";

/** One of the viewer's login sessions, as its owner sees it; publicId names it in forms. */
export type SignedInDevice = {
  publicId: string;
  device: string;
  ip: string;
  signedInAt: Date;
  lastActiveAt: Date;
  current: boolean;
};

export type SignOutResult = { ok: true; count: number } | { ok: false; status: 400 | 404; message: string };

function actorOf(viewer: Viewer): { id: string; clinicId: string; ip: string } {
  return { id: viewer.id, clinicId: viewer.clinicId, ip: viewer.ip };
}

/** The viewer's login sessions that can still be used, this one first, then by last activity. */
export async function listSignedInDevices(db: Db, viewer: Viewer): Promise<SignedInDevice[]> {
  const now = clock.now();
  const idleSince = new Date(now.getTime() - sessionConfig().idleTimeoutMs);
  const rows = await db
    .select({
      id: authSession.id,
      publicId: authSession.publicId,
      userAgent: authSession.userAgent,
      ip: authSession.ip,
      createdAt: authSession.createdAt,
      lastActiveAt: authSession.lastActiveAt,
    })
    .from(authSession)
    .where(
      and(eq(authSession.userId, viewer.id), gt(authSession.expiresAt, now), gt(authSession.lastActiveAt, idleSince)),
    )
    .orderBy(desc(authSession.lastActiveAt));
  const devices = rows.map((row) => ({
    publicId: row.publicId,
    device: describeUserAgent(row.userAgent),
    ip: row.ip,
    signedInAt: row.createdAt,
    lastActiveAt: row.lastActiveAt,
    current: row.id === viewer.sessionId,
  }));
  return [...devices.filter((device) => device.current), ...devices.filter((device) => !device.current)];
}

/**
 * Ends one of the viewer's other login sessions. Another user's session, or one already ended,
 * answers the same "no longer signed in", so nothing about other accounts is revealed.
 */
export async function signOutDevice(db: Db, viewer: Viewer, publicId: string): Promise<SignOutResult> {
  return db.transaction(async (tx) => {
    const [self] = await tx
      .select({ id: authSession.id })
      .from(authSession)
      .where(and(eq(authSession.publicId, publicId), eq(authSession.id, viewer.sessionId)));
    if (self) {
      return {
        ok: false as const,
        status: 400 as const,
        message: "This is the device you are using. To sign out here, use Sign out at the top of the page.",
      };
    }
    const [ended] = await tx
      .delete(authSession)
      .where(and(eq(authSession.publicId, publicId), eq(authSession.userId, viewer.id)))
      .returning({ userAgent: authSession.userAgent, ip: authSession.ip });
    if (!ended) {
      await audit(tx, actorOf(viewer), {
        action: "sign-out:other-device",
        entityType: "session",
        entityId: publicId,
        outcome: "not_found",
      });
      return { ok: false as const, status: 404 as const, message: "That device is no longer signed in." };
    }
    await audit(tx, actorOf(viewer), {
      action: "sign-out:other-device",
      entityType: "session",
      entityId: publicId,
      detail: { device: describeUserAgent(ended.userAgent), ip: ended.ip },
    });
    return { ok: true as const, count: 1 };
  });
}

/** Ends every login session of the viewer except the one making the request. */
export async function signOutOtherDevices(db: Db, viewer: Viewer): Promise<SignOutResult> {
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(authSession)
      .where(and(eq(authSession.userId, viewer.id), ne(authSession.id, viewer.sessionId)))
      .returning({ publicId: authSession.publicId });
    await audit(tx, actorOf(viewer), {
      action: "sign-out:other-devices",
      entityType: "session",
      detail: { count: ended.length },
    });
    return { ok: true as const, count: ended.length };
  });
}
