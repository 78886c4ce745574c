import { and, arrayOverlaps, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { careTeamMember, patient, staffUser } from "#db/schema";
import { CARE_TEAM_ROLES, type CareTeamRole } from "#db/schema/patients";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import { CARE_TEAM_ROLE_LABELS } from "./labels";

export type CareTeamEntry = { userId: string; role: CareTeamRole; name: string; credentials: string; active: boolean };

export type StaffChoice = { id: string; name: string; credentials: string; roles: CareTeamRole[] };

/** Members with who they are, prescribers first, then therapists, then nurses. */
export async function listCareTeam(db: DbOrTx, clinicId: string, patientId: string): Promise<CareTeamEntry[]> {
  return db
    .select({
      userId: careTeamMember.userId,
      role: careTeamMember.role,
      name: staffUser.name,
      credentials: staffUser.credentials,
      active: staffUser.active,
    })
    .from(careTeamMember)
    .innerJoin(staffUser, and(eq(staffUser.id, careTeamMember.userId), eq(staffUser.clinicId, careTeamMember.clinicId)))
    .where(and(eq(careTeamMember.clinicId, clinicId), eq(careTeamMember.patientId, patientId)))
    .orderBy(asc(careTeamMember.role), asc(staffUser.name));
}

/** Active staff of the clinic who may join a care team, with the care-team roles each holds. */
export async function listCareTeamCandidates(db: DbOrTx, clinicId: string): Promise<StaffChoice[]> {
  const rows = await db
    .select({ id: staffUser.id, name: staffUser.name, credentials: staffUser.credentials, roles: staffUser.roles })
    .from(staffUser)
    .where(
      and(
        eq(staffUser.clinicId, clinicId),
        eq(staffUser.active, true),
        arrayOverlaps(staffUser.roles, [...CARE_TEAM_ROLES]),
      ),
    )
    .orderBy(asc(staffUser.name));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    credentials: row.credentials,
    roles: CARE_TEAM_ROLES.filter((role) => row.roles.includes(role)),
  }));
}

export type CareTeamChoice = { userId: string; role: CareTeamRole };

/**
 * The choices that may not join a care team: the user must be active, of this clinic, and hold the
 * role they would fill. Whatever the form offered, the request could name anyone.
 */
export async function ineligibleChoices(
  db: DbOrTx,
  clinicId: string,
  choices: CareTeamChoice[],
): Promise<CareTeamChoice[]> {
  if (choices.length === 0) {
    return [];
  }
  const rows = await db
    .select({ id: staffUser.id, roles: staffUser.roles })
    .from(staffUser)
    .where(
      and(
        eq(staffUser.clinicId, clinicId),
        eq(staffUser.active, true),
        inArray(
          staffUser.id,
          choices.map((choice) => choice.userId),
        ),
      ),
    );
  const rolesById = new Map(rows.map((row) => [row.id, row.roles]));
  return choices.filter((choice) => !(rolesById.get(choice.userId)?.includes(choice.role) ?? false));
}

export function ineligibleMessage(role: CareTeamRole): string {
  return `Choose an active ${CARE_TEAM_ROLE_LABELS[role].toLowerCase()} of this clinic.`;
}

// Two people changing the same team at once must not both remove "the other" prescriber.
async function lockPatient(tx: DbOrTx, clinicId: string, patientId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: patient.id })
    .from(patient)
    .where(and(eq(patient.id, patientId), eq(patient.clinicId, clinicId)))
    .for("update");
  return rows.length > 0;
}

export type CareTeamChangeResult =
  | { ok: true }
  | { ok: false; status: 400; field: "userId" | "role"; message: string }
  | { ok: false; status: 409; message: string };

export async function addCareTeamMember(
  db: Db,
  viewer: Viewer,
  patientId: string,
  choice: CareTeamChoice,
): Promise<CareTeamChangeResult> {
  return db.transaction(async (tx): Promise<CareTeamChangeResult> => {
    if (!(await lockPatient(tx, viewer.clinicId, patientId))) {
      return { ok: false, status: 409, message: "This patient's record could not be found any more." };
    }
    if ((await ineligibleChoices(tx, viewer.clinicId, [choice])).length > 0) {
      return {
        ok: false,
        status: 400,
        field: "userId",
        message: `${ineligibleMessage(choice.role)} This person does not hold that role, is inactive, or works elsewhere.`,
      };
    }
    const inserted = await tx
      .insert(careTeamMember)
      .values({ clinicId: viewer.clinicId, patientId, userId: choice.userId, role: choice.role })
      .onConflictDoNothing()
      .returning({ userId: careTeamMember.userId });
    if (inserted.length === 0) {
      return {
        ok: false,
        status: 400,
        field: "userId",
        message: `This person is already on the care team as ${CARE_TEAM_ROLE_LABELS[choice.role].toLowerCase()}.`,
      };
    }
    await audit(tx, auditActor(viewer), {
      action: "update:care-team",
      entityType: "patient",
      entityId: patientId,
      patientId,
      detail: { change: "add", userId: choice.userId, role: choice.role },
    });
    return { ok: true };
  });
}

/** Roles a care team can never be without: someone must prescribe, someone must hold the therapy. */
export const REQUIRED_CARE_TEAM_ROLES = ["prescriber", "therapist"] as const satisfies readonly CareTeamRole[];

export async function removeCareTeamMember(
  db: Db,
  viewer: Viewer,
  patientId: string,
  choice: CareTeamChoice,
): Promise<CareTeamChangeResult> {
  return db.transaction(async (tx): Promise<CareTeamChangeResult> => {
    if (!(await lockPatient(tx, viewer.clinicId, patientId))) {
      return { ok: false, status: 409, message: "This patient's record could not be found any more." };
    }
    const isMember = and(
      eq(careTeamMember.clinicId, viewer.clinicId),
      eq(careTeamMember.patientId, patientId),
      eq(careTeamMember.userId, choice.userId),
      eq(careTeamMember.role, choice.role),
    );
    const [existing] = await tx.select({ userId: careTeamMember.userId }).from(careTeamMember).where(isMember);
    if (!existing) {
      return {
        ok: false,
        status: 409,
        message: "That person is no longer on the care team in that role; the list below is up to date.",
      };
    }
    if ((REQUIRED_CARE_TEAM_ROLES as readonly CareTeamRole[]).includes(choice.role)) {
      // Only active staff count: a deactivated prescriber cannot prescribe for anyone.
      const [remaining] = await tx
        .select({ n: count() })
        .from(careTeamMember)
        .innerJoin(staffUser, eq(staffUser.id, careTeamMember.userId))
        .where(
          and(
            eq(careTeamMember.clinicId, viewer.clinicId),
            eq(careTeamMember.patientId, patientId),
            eq(careTeamMember.role, choice.role),
            eq(staffUser.active, true),
            sql`${careTeamMember.userId} <> ${choice.userId}`,
          ),
        );
      if ((remaining?.n ?? 0) === 0) {
        const label = CARE_TEAM_ROLE_LABELS[choice.role].toLowerCase();
        return {
          ok: false,
          status: 409,
          message: `This is the patient's only ${label}. Add another ${label} to the care team first, then remove this one.`,
        };
      }
    }
    await tx.delete(careTeamMember).where(isMember);
    await audit(tx, auditActor(viewer), {
      action: "update:care-team",
      entityType: "patient",
      entityId: patientId,
      patientId,
      detail: { change: "remove", userId: choice.userId, role: choice.role },
    });
    return { ok: true };
  });
}
