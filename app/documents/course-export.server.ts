import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { dosingSession } from "#db/schema";
import { consentHistory } from "#app/clinical/consent.server";
import { listDoseOrders } from "#app/clinical/dose-orders.server";
import { screeningView, type SeriesRow } from "#app/clinical/screening.server";
import { sessionRecords, type SessionRecord } from "#app/clinical/session-record.server";
import { measuresPageData } from "#app/measures/measures-page.server";
import { seriesDetails, seriesStatusLabel, seriesTimeline } from "#app/scheduling/series-view.server";
import { clearanceFacts, orderLines } from "./course-facts";
import { sessionLine } from "./session-lines";
import type { CourseView, LabelledValue } from "./types";

/** The dosing-session records of a series, by appointment. */
async function seriesRecords(db: Db, found: SeriesRow): Promise<Map<string, SessionRecord>> {
  const sessions = await db
    .select({ id: dosingSession.id })
    .from(dosingSession)
    .where(and(eq(dosingSession.clinicId, found.clinicId), eq(dosingSession.seriesId, found.id)));
  const records = await sessionRecords(
    db,
    sessions.map((session) => session.id),
  );
  return new Map(records.map((record) => [record.appointmentId, record]));
}

/**
 * One course of treatment as the documents print it: its facts, clearance and consent, dose orders,
 * every session with its record, and the outcome measures. The caller has authorized the patient.
 */
export async function courseView(db: Db, found: SeriesRow, timeZone: string, now: Date): Promise<CourseView> {
  const [details, records, measures, screening, consents, orders] = await Promise.all([
    seriesDetails(db, found),
    seriesRecords(db, found),
    measuresPageData(db, found, timeZone, now),
    screeningView(db, found.clinicId, found.id, timeZone),
    consentHistory(db, found.clinicId, found.id, timeZone),
    listDoseOrders(db, found.clinicId, found.id, timeZone),
  ]);
  const timeline = seriesTimeline(details.appointments, timeZone, now);
  const doses = details.appointments.filter((row) => row.kind === "dosing");
  const held = doses.filter((row) => row.status === "completed").length;
  const planned =
    details.template?.dosing.count ??
    doses.filter((row) => row.status !== "cancelled" && row.status !== "no_show").length;
  const facts: LabelledValue[] = [
    ["Course", details.templateName],
    [
      "Status",
      found.statusReason
        ? `${seriesStatusLabel(found.status)} — ${found.statusReason}`
        : seriesStatusLabel(found.status),
    ],
    ["Planned window", `${found.plannedStart} to ${found.plannedEnd}`],
    [
      "Sessions",
      timeline.length > 0
        ? `${timeline.length}, from ${timeline[0]!.date} to ${timeline[timeline.length - 1]!.date}`
        : "None booked",
    ],
    ["Doses", `${held} of ${planned} completed`],
    ["Prescriber", details.prescriberName],
    ["Therapist", details.therapistName],
  ];
  return {
    name: details.templateName,
    facts,
    clearance: clearanceFacts(screening, consents[0] ?? null),
    orders: orderLines(orders),
    sessions: timeline.map((entry) =>
      sessionLine(
        { kind: entry.kind, title: entry.title, statusLabel: entry.statusLabel, date: entry.date, time: entry.time },
        records.get(entry.id) ?? null,
        timeZone,
      ),
    ),
    measures: { sections: measures.data.sections, doses: measures.data.doses },
  };
}
