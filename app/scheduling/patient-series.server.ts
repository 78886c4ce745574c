import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { appointment, series, seriesTemplate } from "#db/schema";
import type { AppointmentKindValue, SeriesStatus } from "#db/schema/scheduling";
import { clock } from "#app/auth/clock";
import { parseSeriesTemplate } from "./template-schema";

export type PatientSeriesSummary = {
  id: string;
  templateName: string;
  status: SeriesStatus;
  plannedStart: string;
  plannedEnd: string;
  dosesCompleted: number;
  dosesPlanned: number;
  /** The next session that has not happened yet (ISO start), if any. */
  next: { id: string; start: string; kind: AppointmentKindValue; doseNumber: number | null } | null;
};

/**
 * The patient's series, newest first, for the patient profile. The caller has already checked that
 * the viewer may read this patient (loadPatientFor); only times and kinds are returned, nothing clinical.
 */
export async function patientSeriesSummary(
  db: DbOrTx,
  patientId: string,
  clinicId: string,
): Promise<PatientSeriesSummary[]> {
  const rows = await db
    .select({
      id: series.id,
      rules: series.rules,
      templateName: seriesTemplate.name,
      status: series.status,
      plannedStart: series.plannedStart,
      plannedEnd: series.plannedEnd,
    })
    .from(series)
    .leftJoin(seriesTemplate, eq(seriesTemplate.id, series.templateId))
    .where(and(eq(series.patientId, patientId), eq(series.clinicId, clinicId)))
    .orderBy(desc(series.plannedStart), desc(series.createdAt));
  if (rows.length === 0) {
    return [];
  }
  const appointments = await db
    .select({
      id: appointment.id,
      seriesId: appointment.seriesId,
      kind: appointment.kind,
      status: appointment.status,
      start: appointment.startsAt,
      end: appointment.endsAt,
      doseNumber: appointment.doseNumber,
    })
    .from(appointment)
    .where(
      and(
        eq(appointment.clinicId, clinicId),
        inArray(
          appointment.seriesId,
          rows.map((row) => row.id),
        ),
      ),
    )
    .orderBy(asc(appointment.startsAt));
  const now = clock.now();
  return rows.map((row) => {
    const own = appointments.filter((item) => item.seriesId === row.id);
    const doses = own.filter((item) => item.kind === "dosing");
    const next = own.find(
      (item) =>
        item.end > now &&
        (item.status === "scheduled" || item.status === "checked_in" || item.status === "in_progress"),
    );
    const template = parseSeriesTemplate(row.rules);
    return {
      id: row.id,
      templateName: template?.name ?? row.templateName ?? "Course of treatment",
      status: row.status,
      plannedStart: row.plannedStart,
      plannedEnd: row.plannedEnd,
      dosesCompleted: doses.filter((item) => item.status === "completed").length,
      dosesPlanned:
        template?.dosing.count ??
        doses.filter((item) => item.status !== "cancelled" && item.status !== "no_show").length,
      next: next
        ? { id: next.id, start: next.start.toISOString(), kind: next.kind, doseNumber: next.doseNumber }
        : null,
    };
  });
}
