import { and, desc, eq, gte, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { careTeamMember, measureResponse, patient, staffUser } from "#db/schema";
import { clock } from "#app/auth/clock";
import { scopeFor } from "#app/auth/policy";
import { patientDisplayName } from "#app/patients/labels";
import { PHQ9_SELF_HARM_ITEM } from "./instruments";

/** How long a PHQ-9 item 9 answer above zero stays in front of the care team. */
export const ALERT_WINDOW_DAYS = 30;
const ALERT_WINDOW_MS = ALERT_WINDOW_DAYS * 24 * 60 * 60 * 1000;

export type SelfHarmAlert = {
  responseId: string;
  patientId: string;
  seriesId: string | null;
  completedAt: Date;
  /** The item 9 answer, 1–3. */
  answer: number;
  /** The stored alert sentence, e.g. PHQ-9 item 9 answered “Several days”: thoughts that… */
  alert: string;
};

export type OpenAlert = SelfHarmAlert & { patientName: string; mrn: string };

const alertColumns = {
  responseId: measureResponse.id,
  patientId: measureResponse.patientId,
  seriesId: measureResponse.seriesId,
  completedAt: measureResponse.completedAt,
  items: measureResponse.items,
  alert: measureResponse.alert,
};

function recentAlert(clinicId: string, now: Date) {
  return and(
    eq(measureResponse.clinicId, clinicId),
    eq(measureResponse.instrument, "phq9"),
    ne(measureResponse.alert, ""),
    isNull(measureResponse.enteredInErrorAt),
    gte(measureResponse.completedAt, new Date(now.getTime() - ALERT_WINDOW_MS)),
  );
}

function answerOf(items: readonly number[]): number {
  return items[PHQ9_SELF_HARM_ITEM - 1] ?? 0;
}

/**
 * Patients on the user's care teams with a PHQ-9 item 9 answer above zero in the last 30 days, most
 * recent first, one entry per patient (their latest alert). Empty for a user who may not read
 * clinical content, whatever teams they are on. The caller audits what it shows.
 */
export async function openAlerts(
  db: DbOrTx,
  clinicId: string,
  userId: string,
  now: Date = clock.now(),
): Promise<OpenAlert[]> {
  const [user] = await db
    .select({ roles: staffUser.roles, active: staffUser.active })
    .from(staffUser)
    .where(and(eq(staffUser.id, userId), eq(staffUser.clinicId, clinicId)));
  if (!user || scopeFor({ id: userId, clinicId, roles: user.roles, active: user.active }, "read:clinical") === null) {
    return [];
  }
  const rows = await db
    .select({
      ...alertColumns,
      firstName: patient.firstName,
      lastName: patient.lastName,
      preferredName: patient.preferredName,
      mrn: patient.mrn,
    })
    .from(measureResponse)
    .innerJoin(patient, and(eq(patient.id, measureResponse.patientId), eq(patient.clinicId, clinicId)))
    .innerJoin(
      careTeamMember,
      and(
        eq(careTeamMember.patientId, measureResponse.patientId),
        eq(careTeamMember.clinicId, clinicId),
        eq(careTeamMember.userId, userId),
      ),
    )
    .where(recentAlert(clinicId, now))
    .orderBy(desc(measureResponse.completedAt), desc(measureResponse.recordedAt));
  const seen = new Set<string>();
  const alerts: OpenAlert[] = [];
  for (const row of rows) {
    if (seen.has(row.patientId)) {
      continue;
    }
    seen.add(row.patientId);
    alerts.push({
      responseId: row.responseId,
      patientId: row.patientId,
      seriesId: row.seriesId,
      completedAt: row.completedAt,
      answer: answerOf(row.items),
      alert: row.alert,
      patientName: patientDisplayName(row),
      mrn: row.mrn,
    });
  }
  return alerts;
}

/** One patient's item 9 alerts of the last 30 days, most recent first (for the banner on their pages). */
export async function patientAlerts(
  db: DbOrTx,
  clinicId: string,
  patientId: string,
  now: Date = clock.now(),
): Promise<SelfHarmAlert[]> {
  const rows = await db
    .select(alertColumns)
    .from(measureResponse)
    .where(and(recentAlert(clinicId, now), eq(measureResponse.patientId, patientId)))
    .orderBy(desc(measureResponse.completedAt), desc(measureResponse.recordedAt));
  return rows.map(({ items, ...row }) => ({ ...row, answer: answerOf(items) }));
}
