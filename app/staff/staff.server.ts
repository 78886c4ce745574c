import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { staffUser } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, authorizeRecord, notFound, type Viewer } from "#app/auth/guard.server";
import { clock } from "#app/auth/clock";
import { hashPassword, passwordProblem } from "#app/auth/password.server";
import { invalidateUserSessions } from "#app/auth/session.server";
import { isUniqueViolation } from "#db/errors";
import { isUuid } from "#db/ids";
import type { StaffDetails } from "./staff-forms";

export type StaffMember = StaffDetails & {
  id: string;
  clinicId: string;
  active: boolean;
  deactivatedAt: Date | null;
  mustChangePassword: boolean;
};

export type StaffWriteResult =
  { ok: true; id: string } | { ok: false; field: keyof StaffDetails | "password" | null; message: string };

const STAFF_SELECT = {
  id: staffUser.id,
  clinicId: staffUser.clinicId,
  name: staffUser.name,
  email: staffUser.email,
  roles: staffUser.roles,
  credentials: staffUser.credentials,
  licenseNumber: staffUser.licenseNumber,
  npi: staffUser.npi,
  deaNumber: staffUser.deaNumber,
  active: staffUser.active,
  deactivatedAt: staffUser.deactivatedAt,
  mustChangePassword: staffUser.mustChangePassword,
};

const EMAIL_TAKEN: StaffWriteResult = {
  ok: false,
  field: "email",
  message: "Someone already signs in with this email address.",
};

export async function listStaff(db: DbOrTx, clinicId: string): Promise<StaffMember[]> {
  return db.select(STAFF_SELECT).from(staffUser).where(eq(staffUser.clinicId, clinicId)).orderBy(asc(staffUser.name));
}

/** Any clinic's user: the caller decides, with authorizeRecord, whether the viewer may know of them. */
export async function findStaffMember(db: DbOrTx, userId: string): Promise<StaffMember | null> {
  if (!isUuid(userId)) {
    return null;
  }
  const [row] = await db.select(STAFF_SELECT).from(staffUser).where(eq(staffUser.id, userId));
  return row ?? null;
}

/** The user, if they belong to the viewer's clinic; otherwise a 404, audited. */
export async function requireStaffMember(db: DbOrTx, viewer: Viewer, userId: string): Promise<StaffMember> {
  const found = await findStaffMember(db, userId);
  await authorizeRecord(viewer, "manage:staff", found ? { clinicId: found.clinicId } : null, {
    entityType: "staff_user",
    entityId: userId,
  });
  return found ?? notFound();
}

// Logins are unique across the installation, not per clinic: one address, one person.
async function emailTaken(db: DbOrTx, email: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: staffUser.id })
    .from(staffUser)
    .where(
      and(eq(sql`lower(${staffUser.email})`, email.toLowerCase()), exceptId ? ne(staffUser.id, exceptId) : undefined),
    );
  return row !== undefined;
}

function detailsOf(member: StaffDetails): StaffDetails {
  const { name, email, roles, credentials, licenseNumber, npi, deaNumber } = member;
  return { name, email, roles, credentials, licenseNumber, npi, deaNumber };
}

function changesBetween(before: StaffDetails, after: StaffDetails): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof StaffDetails)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = { from: before[key], to: after[key] };
    }
  }
  return changes;
}

/** A new user of the viewer's clinic, who must choose their own password at first sign-in. */
export async function createStaffMember(
  db: Db,
  viewer: Viewer,
  input: StaffDetails & { password: string },
): Promise<StaffWriteResult> {
  const details = detailsOf(input);
  if (await emailTaken(db, details.email)) {
    return EMAIL_TAKEN;
  }
  const problem = await passwordProblem(input.password, {
    email: details.email,
    name: details.name,
    clinicName: viewer.clinicName,
  });
  if (problem) {
    return { ok: false, field: "password", message: problem };
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(staffUser)
        .values({ clinicId: viewer.clinicId, ...details, passwordHash, mustChangePassword: true })
        .returning({ id: staffUser.id });
      const id = created!.id;
      await audit(tx, auditActor(viewer), {
        action: "create:staff",
        entityType: "staff_user",
        entityId: id,
        detail: { ...details },
      });
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "staff_user_email_key")) {
      return EMAIL_TAKEN;
    }
    throw error;
  }
}

export async function updateStaffMember(
  db: Db,
  viewer: Viewer,
  member: StaffMember,
  input: StaffDetails,
): Promise<StaffWriteResult> {
  const details = detailsOf(input);
  // The clinic must never be left without anyone who can manage it; an admin can only lose the
  // role at the hands of another admin.
  if (member.id === viewer.id && member.roles.includes("admin") && !details.roles.includes("admin")) {
    return {
      ok: false,
      field: "roles",
      message: "You cannot remove your own admin role. Ask another administrator to do it.",
    };
  }
  if (await emailTaken(db, details.email, member.id)) {
    return EMAIL_TAKEN;
  }
  const changes = changesBetween(detailsOf(member), details);
  if (Object.keys(changes).length === 0) {
    return { ok: true, id: member.id };
  }
  try {
    return await db.transaction(async (tx) => {
      await tx
        .update(staffUser)
        .set({ ...details, updatedAt: clock.now() })
        .where(eq(staffUser.id, member.id));
      await audit(tx, auditActor(viewer), {
        action: "update:staff",
        entityType: "staff_user",
        entityId: member.id,
        detail: { changes },
      });
      return { ok: true as const, id: member.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "staff_user_email_key")) {
      return EMAIL_TAKEN;
    }
    throw error;
  }
}

/** Deactivated, never deleted: their name stays on what they recorded. Every session ends now. */
export async function deactivateStaffMember(db: Db, viewer: Viewer, member: StaffMember): Promise<StaffWriteResult> {
  if (member.id === viewer.id) {
    return {
      ok: false,
      field: null,
      message: "You cannot deactivate your own account. Ask another administrator to do it.",
    };
  }
  if (!member.active) {
    return { ok: true, id: member.id };
  }
  await db.transaction(async (tx) => {
    const now = clock.now();
    await tx
      .update(staffUser)
      .set({ active: false, deactivatedAt: now, updatedAt: now })
      .where(eq(staffUser.id, member.id));
    await invalidateUserSessions(tx, member.id);
    await audit(tx, auditActor(viewer), { action: "deactivate:staff", entityType: "staff_user", entityId: member.id });
  });
  return { ok: true, id: member.id };
}

export async function reactivateStaffMember(db: Db, viewer: Viewer, member: StaffMember): Promise<StaffWriteResult> {
  if (member.active) {
    return { ok: true, id: member.id };
  }
  await db.transaction(async (tx) => {
    await tx
      .update(staffUser)
      .set({ active: true, deactivatedAt: null, updatedAt: clock.now() })
      .where(eq(staffUser.id, member.id));
    await audit(tx, auditActor(viewer), { action: "reactivate:staff", entityType: "staff_user", entityId: member.id });
  });
  return { ok: true, id: member.id };
}

/**
 * Sets a temporary password the admin passes on; the user must replace it at their next sign-in,
 * and whoever holds one of their current sessions is signed out.
 */
export async function resetStaffPassword(
  db: Db,
  viewer: Viewer,
  member: StaffMember,
  password: string,
): Promise<StaffWriteResult> {
  if (member.id === viewer.id) {
    return { ok: false, field: "password", message: "To change your own password, use the Password page." };
  }
  const problem = await passwordProblem(password, {
    email: member.email,
    name: member.name,
    clinicName: viewer.clinicName,
  });
  if (problem) {
    return { ok: false, field: "password", message: problem };
  }
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(staffUser)
      .set({ passwordHash, mustChangePassword: true, updatedAt: clock.now() })
      .where(eq(staffUser.id, member.id));
    await invalidateUserSessions(tx, member.id);
    await audit(tx, auditActor(viewer), {
      action: "reset-password:staff",
      entityType: "staff_user",
      entityId: member.id,
    });
  });
  return { ok: true, id: member.id };
}
