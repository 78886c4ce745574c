import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { isExclusionViolation } from "#db/errors";
import { breakGlassGrant, clinic } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import type { StepUpProof } from "#app/auth/step-up.server";
import type { PatientOnRecord } from "#app/patients/access.server";
import { formatInTimeZone } from "#app/ui/dates";
import type { BreakGlassRequest } from "./forms";
import { liveGrantOf } from "./active-grants.server";
import { breakGlassMinutes, grantWindow } from "./window";

export type LiveGrant = { id: string; reasonKind: string; reason: string; startsAt: Date; expiresAt: Date };

export type BreakGlassRefusal = { ok: false; status: 409; message: string };
export type BreakGlassResult = { ok: true; grantId: string; expiresAt: Date } | BreakGlassRefusal;

/** The viewer's live grant for this patient, if any (locked when asked inside a transaction). */
export async function liveGrantFor(
  db: DbOrTx,
  viewer: Viewer,
  patientId: string,
  now: Date,
  options: { lock?: boolean } = {},
): Promise<LiveGrant | null> {
  const query = db
    .select({
      id: breakGlassGrant.id,
      reasonKind: breakGlassGrant.reasonKind,
      reason: breakGlassGrant.reason,
      startsAt: breakGlassGrant.startsAt,
      expiresAt: breakGlassGrant.expiresAt,
    })
    .from(breakGlassGrant)
    .where(and(liveGrantOf(viewer.clinicId, viewer.id, now), eq(breakGlassGrant.patientId, patientId)))
    .orderBy(desc(breakGlassGrant.startsAt))
    .limit(1);
  const [row] = options.lock ? await query.for("update") : await query;
  return row ?? null;
}

function alreadyOpen(expiresAt: Date | null, timeZone: string): BreakGlassRefusal {
  const until = expiresAt ? ` until ${formatInTimeZone(expiresAt, timeZone, "HH:mm")}` : "";
  return { ok: false, status: 409, message: `You already have emergency access to this patient${until}.` };
}

/**
 * Opens emergency access to a patient outside the viewer's care teams, for the clinic's window.
 * The caller has loaded the patient with "break-glass:patient" (which only clinicians hold) and, like
 * a signature, has had the viewer confirm who they are (step-up). The grant and its audit entry are
 * written together.
 */
export async function breakTheGlass(
  db: Db,
  viewer: Viewer,
  onRecord: PatientOnRecord,
  input: BreakGlassRequest,
  _proof: StepUpProof,
): Promise<BreakGlassResult> {
  if (onRecord.target.careTeamUserIds?.includes(viewer.id)) {
    return { ok: false, status: 409, message: "You are on this patient's care team: open the record as usual." };
  }
  const patientId = onRecord.patient.id;
  try {
    return await db.transaction(async (tx): Promise<BreakGlassResult> => {
      const now = clock.now();
      const existing = await liveGrantFor(tx, viewer, patientId, now);
      if (existing) {
        return alreadyOpen(existing.expiresAt, viewer.timeZone);
      }
      const [settings] = await tx
        .select({ settings: clinic.settings })
        .from(clinic)
        .where(eq(clinic.id, viewer.clinicId));
      const minutes = breakGlassMinutes(settings?.settings);
      const window = grantWindow(now, minutes);
      const [created] = await tx
        .insert(breakGlassGrant)
        .values({
          clinicId: viewer.clinicId,
          userId: viewer.id,
          patientId,
          reasonKind: input.reasonKind,
          reason: input.reason,
          ...window,
        })
        .returning({ id: breakGlassGrant.id });
      const grantId = created!.id;
      await audit(tx, auditActor(viewer), {
        action: "break-glass:patient",
        entityType: "break_glass_grant",
        entityId: grantId,
        patientId,
        detail: { breakGlass: { grantId }, reasonKind: input.reasonKind, minutes },
      });
      return { ok: true, grantId, expiresAt: window.expiresAt };
    });
  } catch (error) {
    // Two requests at once: the database lets one grant through and refuses the other.
    if (isExclusionViolation(error)) {
      return alreadyOpen(null, viewer.timeZone);
    }
    throw error;
  }
}

/** Ends the viewer's own live access to this patient before it expires (the one change a grant allows). */
export async function endEmergencyAccess(
  db: Db,
  viewer: Viewer,
  patientId: string,
): Promise<{ ok: true } | BreakGlassRefusal> {
  return db.transaction(async (tx): Promise<{ ok: true } | BreakGlassRefusal> => {
    const now = clock.now();
    const live = await liveGrantFor(tx, viewer, patientId, now, { lock: true });
    if (!live) {
      return {
        ok: false,
        status: 409,
        message: "You have no emergency access to this patient to end: it has expired or was ended already.",
      };
    }
    await tx.update(breakGlassGrant).set({ endedAt: now }).where(eq(breakGlassGrant.id, live.id));
    await audit(tx, auditActor(viewer), {
      action: "end:break-glass",
      entityType: "break_glass_grant",
      entityId: live.id,
      patientId,
      detail: { breakGlass: { grantId: live.id } },
    });
    return { ok: true };
  });
}
