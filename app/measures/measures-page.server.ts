import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { appointment } from "#db/schema";
import { appointmentRows, type AppointmentRow } from "#app/scheduling/appointment-rows.server";
import { appointmentTitle, stepTitle } from "#app/scheduling/labels";
import { stepKeys } from "#app/scheduling/step-keys";
import { formatInTimeZone } from "#app/ui/dates";
import { patientAlerts } from "./alerts.server";
import type { DoseMark } from "./chart";
import {
  bandsFor,
  INSTRUMENT_DEFINITIONS,
  INSTRUMENT_ORDER,
  MEASURE_CONTEXT_LABELS,
  PHQ9,
  PHQ9_SELF_HARM_ITEM,
} from "./instruments";
import { chartable, clinicPcl5CutOff, listSeriesMeasures, type MeasureRecord } from "./measures.server";
import { DUE_STATE_LABELS, type MeasureRow, type MeasuresPageData } from "./measures-view";
import { measurePlan } from "./schedule";
import type { SeriesRecord } from "./series-access.server";

const WHEN = "EEE d MMM yyyy, HH:mm";

/** The series' sessions that can be chosen for a measure (not cancelled or missed), named by their step and date. */
export function sessionChoices(
  rows: readonly AppointmentRow[],
  timeZone: string,
): { id: string; kind: AppointmentRow["kind"]; title: string; label: string }[] {
  const keys = stepKeys(rows);
  return rows
    .filter((row) => row.status !== "cancelled" && row.status !== "no_show")
    .map((row) => {
      const title = stepTitle(keys.get(row.id) ?? "") ?? appointmentTitle(row.kind, row.doseNumber);
      return {
        id: row.id,
        kind: row.kind,
        title,
        label: `${title}, ${formatInTimeZone(row.start, timeZone, "EEE d MMM yyyy")}`,
      };
    });
}

/** "Several days": the answer to PHQ-9 item 9 that raised the alert, or "" for no alert. */
function alertAnswer(record: MeasureRecord): string {
  if (record.alert === "") {
    return "";
  }
  const answer = record.items[PHQ9_SELF_HARM_ITEM - 1];
  return PHQ9.options.find((option) => option.value === answer)?.label ?? "Above zero";
}

export async function seriesSessions(db: Db, found: SeriesRecord): Promise<AppointmentRow[]> {
  return appointmentRows(db, found.clinicId, eq(appointment.seriesId, found.id));
}

/** Everything the measures page shows about a series: charts, tables, what is due, and any alert. */
export async function measuresPageData(
  db: Db,
  found: SeriesRecord,
  timeZone: string,
  now: Date,
): Promise<{ data: MeasuresPageData; records: MeasureRecord[] }> {
  const [records, sessions, alerts, pcl5CutOff] = await Promise.all([
    listSeriesMeasures(db, found.clinicId, found.id),
    seriesSessions(db, found),
    patientAlerts(db, found.clinicId, found.patientId, now),
    clinicPcl5CutOff(db, found.clinicId),
  ]);
  const sessionTitles = new Map(sessionChoices(sessions, timeZone).map((choice) => [choice.id, choice.title]));
  const plan = measurePlan(
    sessions,
    records.map((record) => ({
      id: record.id,
      instrument: record.instrument,
      appointmentId: record.appointmentId,
      enteredInError: record.enteredInError !== null,
    })),
    now,
  );
  const doses: DoseMark[] = sessions
    .filter(
      (row) =>
        row.kind === "dosing" && row.doseNumber !== null && row.status !== "cancelled" && row.status !== "no_show",
    )
    .map((row) => ({ doseNumber: row.doseNumber!, at: row.start.toISOString() }));
  const row = (record: MeasureRecord): MeasureRow => ({
    id: record.id,
    when: formatInTimeZone(record.completedAt, timeZone, WHEN),
    context: MEASURE_CONTEXT_LABELS[record.context],
    session: record.appointmentId ? (sessionTitles.get(record.appointmentId) ?? null) : null,
    score: `${record.total} of ${INSTRUMENT_DEFINITIONS[record.instrument].maxTotal}`,
    severity: record.severity,
    alert: alertAnswer(record),
    recordedBy: record.recordedByName,
    enteredInError: record.enteredInError
      ? {
          reason: record.enteredInError.reason,
          by: record.enteredInError.byName,
          when: formatInTimeZone(record.enteredInError.at, timeZone, WHEN),
        }
      : null,
  });
  const sections = INSTRUMENT_ORDER.map((instrument) => {
    const definition = INSTRUMENT_DEFINITIONS[instrument];
    const mine = records.filter((record) => record.instrument === instrument);
    return {
      instrument,
      name: definition.name,
      fullName: definition.fullName,
      maxTotal: definition.maxTotal,
      bands: [...bandsFor(instrument, pcl5CutOff)],
      points: chartable(mine).map((record) => ({
        at: record.completedAt.toISOString(),
        total: record.total,
        severity: record.severity,
        alert: record.alert !== "",
      })),
      rows: mine.map(row),
    };
  });
  return {
    records,
    data: {
      sections,
      doses,
      occasions: plan.occasions.map((occasion) => ({
        appointmentId: occasion.appointmentId,
        title: occasion.title,
        when: formatInTimeZone(occasion.start, timeZone, WHEN),
        measures: occasion.measures.map((measure) => ({
          instrument: measure.instrument,
          name: INSTRUMENT_DEFINITIONS[measure.instrument].name,
          state: measure.state,
          stateLabel: DUE_STATE_LABELS[measure.state],
        })),
      })),
      dueCount: plan.due.length,
      overdueCount: plan.overdue.length,
      alerts: alerts.map((alert) => ({
        responseId: alert.responseId,
        text: alert.alert,
        when: formatInTimeZone(alert.completedAt, timeZone, WHEN),
      })),
      pcl5CutOff,
    },
  };
}
