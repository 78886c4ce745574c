import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { staffUser } from "../../db/schema";
import { audit } from "../audit/audit.server";
import type { Viewer } from "./guard.server";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";
import { createSession, invalidateUserSessions } from "./session.server";

export type ChangePasswordResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; field: "currentPassword" | "newPassword"; message: string };

/** Changes the viewer's own password; every other session of theirs ends, this one is renewed. */
export async function changeOwnPassword(
  db: Db,
  viewer: Viewer,
  input: { currentPassword: string; newPassword: string },
): Promise<ChangePasswordResult> {
  const [user] = await db.select({ passwordHash: staffUser.passwordHash }).from(staffUser).where(eq(staffUser.id, viewer.id));
  if (!(await verifyPassword(user?.passwordHash ?? null, input.currentPassword))) {
    await audit(db, { id: viewer.id, clinicId: viewer.clinicId, ip: viewer.ip }, { action: "change-password", entityType: "staff_user", entityId: viewer.id, outcome: "failure" });
    return { ok: false, field: "currentPassword", message: "That is not your current password." };
  }
  if (input.newPassword === input.currentPassword) {
    return { ok: false, field: "newPassword", message: "Choose a password different from the current one." };
  }
  const problem = await passwordProblem(input.newPassword, { email: viewer.email, name: viewer.name });
  if (problem) {
    return { ok: false, field: "newPassword", message: problem };
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(staffUser).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(staffUser.id, viewer.id));
    await invalidateUserSessions(tx, viewer.id);
    const session = await createSession(tx, viewer.id);
    await audit(tx, { id: viewer.id, clinicId: viewer.clinicId, ip: viewer.ip }, { action: "change-password", entityType: "staff_user", entityId: viewer.id });
    return { ok: true as const, ...session };
  });
}
