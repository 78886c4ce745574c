import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { measureResponse } from "#db/schema";
import type { Instrument } from "#db/schema/measures";
import { clock } from "#app/auth/clock";
import { formatInTimeZone } from "#app/ui/dates";
import { ALERT_WINDOW_DAYS } from "./alerts.server";
import { INSTRUMENT_DEFINITIONS, INSTRUMENT_ORDER, MEASURE_CONTEXT_LABELS, type MeasureContext } from "./instruments";

export type LatestMeasure = {
  responseId: string;
  instrument: Instrument;
  /** "PHQ-9" */
  name: string;
  total: number;
  maxTotal: number;
  /** The band in words, as recorded, e.g. "moderately severe" or "at or above the provisional cut-off (33)". */
  severity: string;
  context: MeasureContext;
  completedAt: Date;
  /** Non-empty when this response raised the PHQ-9 item 9 alert. */
  alert: string;
};

export type MeasuresSummary = {
  phq9: LatestMeasure | null;
  gad7: LatestMeasure | null;
  pcl5: LatestMeasure | null;
  /** The latest PHQ-9 item 9 alert of the series in the last 30 days, if any. */
  openAlert: { responseId: string; completedAt: Date; alert: string } | null;
};

/**
 * The latest PHQ-9, GAD-7 and PCL-5 of a series (entered-in-error ones left out) with their
 * severity, and any open PHQ-9 item 9 alert (one in the last 30 days). Scoped to the clinic; the
 * caller has authorized the viewer for read:clinical on the series' patient and audits the read.
 */
export async function latestMeasures(
  db: DbOrTx,
  clinicId: string,
  seriesId: string,
  now: Date = clock.now(),
): Promise<MeasuresSummary> {
  return (await latestMeasuresOfSeries(db, clinicId, [seriesId], now)).get(seriesId) ?? summarize([], now);
}

type SummaryRow = {
  responseId: string;
  seriesId: string | null;
  instrument: Instrument;
  total: number;
  severity: string;
  context: MeasureContext;
  completedAt: Date;
  alert: string;
};

/** latestMeasures of several series in one query (the sign-off queue shows one per session). */
export async function latestMeasuresOfSeries(
  db: DbOrTx,
  clinicId: string,
  seriesIds: readonly string[],
  now: Date = clock.now(),
): Promise<Map<string, MeasuresSummary>> {
  const ids = [...new Set(seriesIds)];
  if (ids.length === 0) {
    return new Map();
  }
  const rows: SummaryRow[] = await db
    .select({
      responseId: measureResponse.id,
      seriesId: measureResponse.seriesId,
      instrument: measureResponse.instrument,
      total: measureResponse.total,
      severity: measureResponse.severity,
      context: measureResponse.context,
      completedAt: measureResponse.completedAt,
      alert: measureResponse.alert,
    })
    .from(measureResponse)
    .where(
      and(
        eq(measureResponse.clinicId, clinicId),
        inArray(measureResponse.seriesId, ids),
        isNull(measureResponse.enteredInErrorAt),
      ),
    )
    .orderBy(desc(measureResponse.completedAt), desc(measureResponse.recordedAt));
  const bySeries = new Map<string, SummaryRow[]>(ids.map((id) => [id, []]));
  for (const row of rows) {
    bySeries.get(row.seriesId ?? "")?.push(row);
  }
  return new Map(ids.map((id) => [id, summarize(bySeries.get(id) ?? [], now)]));
}

/** The latest of each instrument and any open item 9 alert, from a series' responses newest first. */
function summarize(rows: readonly SummaryRow[], now: Date): MeasuresSummary {
  const latest = (instrument: Instrument): LatestMeasure | null => {
    const row = rows.find((candidate) => candidate.instrument === instrument);
    if (!row) {
      return null;
    }
    const definition = INSTRUMENT_DEFINITIONS[instrument];
    return {
      responseId: row.responseId,
      instrument: row.instrument,
      total: row.total,
      severity: row.severity,
      context: row.context,
      completedAt: row.completedAt,
      alert: row.alert,
      name: definition.name,
      maxTotal: definition.maxTotal,
    };
  };
  const since = now.getTime() - ALERT_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  const alerted = rows.find(
    (row) => row.instrument === "phq9" && row.alert !== "" && row.completedAt.getTime() >= since,
  );
  return {
    phq9: latest("phq9"),
    gad7: latest("gad7"),
    pcl5: latest("pcl5"),
    openAlert: alerted
      ? { responseId: alerted.responseId, completedAt: alerted.completedAt, alert: alerted.alert }
      : null,
  };
}

/** What the summary component shows: plain strings, in the viewer's time zone. */
export type MeasuresSummaryView = {
  measures: { instrument: Instrument; name: string; score: string; severity: string; when: string; alert: boolean }[];
  missing: string[];
  alert: { text: string; when: string } | null;
};

export function measuresSummaryView(summary: MeasuresSummary, timeZone: string): MeasuresSummaryView {
  const measures: MeasuresSummaryView["measures"] = [];
  const missing: string[] = [];
  for (const instrument of INSTRUMENT_ORDER) {
    const measure = summary[instrument];
    if (!measure) {
      missing.push(INSTRUMENT_DEFINITIONS[instrument].name);
      continue;
    }
    measures.push({
      instrument,
      name: measure.name,
      score: `${measure.total} of ${measure.maxTotal}`,
      severity: measure.severity,
      when: `${formatInTimeZone(measure.completedAt, timeZone, "EEE d MMM yyyy")} (${MEASURE_CONTEXT_LABELS[measure.context].toLowerCase()})`,
      alert: measure.alert !== "",
    });
  }
  return {
    measures,
    missing,
    alert: summary.openAlert
      ? {
          text: summary.openAlert.alert,
          when: formatInTimeZone(summary.openAlert.completedAt, timeZone, "EEE d MMM yyyy, HH:mm"),
        }
      : null,
  };
}
