import { asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { clinic, clinicOpeningHours } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import type { OpeningHoursDay } from "./clinic-forms";
import { toHourMinute } from "./local-time";

export type ClinicDetails = { name: string; timeZone: string };

export async function loadClinicDetails(db: DbOrTx, clinicId: string): Promise<ClinicDetails | null> {
  const [row] = await db
    .select({ name: clinic.name, timeZone: clinic.timeZone })
    .from(clinic)
    .where(eq(clinic.id, clinicId));
  return row ?? null;
}

export async function loadOpeningHours(db: DbOrTx, clinicId: string): Promise<OpeningHoursDay[]> {
  const rows = await db
    .select({
      weekday: clinicOpeningHours.weekday,
      opensAt: clinicOpeningHours.opensAt,
      closesAt: clinicOpeningHours.closesAt,
    })
    .from(clinicOpeningHours)
    .where(eq(clinicOpeningHours.clinicId, clinicId))
    .orderBy(asc(clinicOpeningHours.weekday));
  return rows.map((row) => ({
    weekday: row.weekday,
    opensAt: toHourMinute(row.opensAt),
    closesAt: toHourMinute(row.closesAt),
  }));
}

/** Renames the viewer's clinic or moves it to another zone; planned local times stay as typed. */
export async function updateClinicDetails(db: Db, viewer: Viewer, input: ClinicDetails): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await loadClinicDetails(tx, viewer.clinicId);
    await tx.update(clinic).set({ name: input.name, timeZone: input.timeZone }).where(eq(clinic.id, viewer.clinicId));
    await audit(tx, auditActor(viewer), {
      action: "update:clinic",
      entityType: "clinic",
      entityId: viewer.clinicId,
      detail: { before, after: input },
    });
  });
}

/** The whole week at once: a weekday left out is closed. */
export async function replaceOpeningHours(db: Db, viewer: Viewer, days: OpeningHoursDay[]): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await loadOpeningHours(tx, viewer.clinicId);
    await tx.delete(clinicOpeningHours).where(eq(clinicOpeningHours.clinicId, viewer.clinicId));
    if (days.length > 0) {
      await tx.insert(clinicOpeningHours).values(days.map((day) => ({ clinicId: viewer.clinicId, ...day })));
    }
    await audit(tx, auditActor(viewer), {
      action: "update:opening-hours",
      entityType: "clinic",
      entityId: viewer.clinicId,
      detail: { before, after: days },
    });
  });
}
