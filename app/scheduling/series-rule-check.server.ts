import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { appointment, appointmentStaff, series } from "#db/schema";
import type { AppointmentKindValue } from "#db/schema/scheduling";
import { formatInTimeZone } from "#app/ui/dates";
import { loadPlannerCalendar } from "./calendar-data.server";
import type { SeriesRuleCheck } from "./changes.server";
import { addDays, daysBetween } from "./local-dates";
import { seriesSteps, validateSlots, type PlanRequest, type ProposedSlot } from "./planner";
import { isMissed } from "./remaining-course";
import { stepKeys } from "./step-keys";
import { parseSeriesTemplate } from "./template-schema";

/** Rules about the request or the bookings: changeAppointment answers those itself, or they predate the move. */
const NOT_WARNINGS = new Set([
  "request",
  "time-zone",
  "template",
  "team",
  "calendar",
  "step",
  "count",
  "duration",
  "local-time",
  "staff-busy",
  "room-busy",
  "patient-busy",
  "overlap",
]);
const MAX_SEARCH_DAYS = 732;

type Row = {
  id: string;
  kind: AppointmentKindValue;
  doseNumber: number | null;
  start: Date;
  end: Date;
  roomId: string | null;
  staffIds: string[];
};

function toSlot(row: Row, key: string, timeZone: string): ProposedSlot {
  return {
    key,
    kind: row.kind,
    sequence: 0,
    ...(row.doseNumber === null ? {} : { doseNumber: row.doseNumber }),
    start: row.start,
    end: row.end,
    localDate: formatInTimeZone(row.start, timeZone, "yyyy-MM-dd"),
    localStart: formatInTimeZone(row.start, timeZone, "HH:mm"),
    staffIds: row.staffIds,
    roomId: row.roomId,
  };
}

/**
 * The series rules check for a reschedule: the series' held and booked appointments, rebuilt as
 * the planner's slots with the moved one at its new time, validated against the rules stored with
 * the series. Only problems the move brings are returned, so a rule broken (and confirmed) earlier
 * does not ask again for every later change.
 */
export function seriesRuleCheck(clinic: { clinicId: string; timeZone: string }): SeriesRuleCheck {
  return async (db: DbOrTx, appointmentId: string, start: Date, end: Date): Promise<string[]> => {
    const [moved] = await db
      .select({ seriesId: appointment.seriesId })
      .from(appointment)
      .where(and(eq(appointment.id, appointmentId), eq(appointment.clinicId, clinic.clinicId)));
    if (!moved?.seriesId) {
      return [];
    }
    const [found] = await db
      .select()
      .from(series)
      .where(and(eq(series.id, moved.seriesId), eq(series.clinicId, clinic.clinicId)));
    const template = found ? parseSeriesTemplate(found.rules) : null;
    if (!found || !template) {
      return [];
    }
    const appointments = (await db.select().from(appointment).where(eq(appointment.seriesId, found.id))).filter(
      (row) => !isMissed(row.status),
    );
    const staff = appointments.length
      ? await db
          .select({ appointmentId: appointmentStaff.appointmentId, userId: appointmentStaff.userId })
          .from(appointmentStaff)
          .where(
            inArray(
              appointmentStaff.appointmentId,
              appointments.map((row) => row.id),
            ),
          )
      : [];
    const rows: Row[] = appointments.map((row) => ({
      id: row.id,
      kind: row.kind,
      doseNumber: row.doseNumber,
      start: row.startsAt,
      end: row.endsAt,
      roomId: row.roomId,
      staffIds: staff.filter((member) => member.appointmentId === row.id).map((member) => member.userId),
    }));
    const movedRow = rows.find((row) => row.id === appointmentId);
    if (!movedRow) {
      return [];
    }
    const after = rows.map((row) => (row.id === appointmentId ? { ...row, start, end } : row));
    const instants = [...rows, ...after].flatMap((row) => [row.start, row.end]);
    const first = new Date(Math.min(...instants.map((at) => at.getTime())));
    const last = new Date(Math.max(...instants.map((at) => at.getTime())));
    const startDate = formatInTimeZone(first, clinic.timeZone, "yyyy-MM-dd");
    const calendar = await loadPlannerCalendar(db, {
      clinicId: clinic.clinicId,
      timeZone: clinic.timeZone,
      patientId: found.patientId,
      from: first,
      to: last,
      // The series' own sessions are the slots being checked, not bookings in their way.
      ignoreAppointmentIds: rows.map((row) => row.id),
    });
    const request: PlanRequest = {
      template,
      calendar,
      team: { therapistId: found.therapistId, prescriberId: found.prescriberId },
      startDate,
      searchDays: Math.min(
        MAX_SEARCH_DAYS,
        daysBetween(startDate, addDays(formatInTimeZone(last, clinic.timeZone, "yyyy-MM-dd"), 1)),
      ),
    };
    const templateKeys = new Set(seriesSteps(template).map((step) => step.key));
    const slotsOf = (list: readonly Row[]): ProposedSlot[] => {
      const keys = stepKeys(list);
      return list
        .map((row) => toSlot(row, keys.get(row.id) ?? "", clinic.timeZone))
        .filter((slot) => templateKeys.has(slot.key));
    };
    const before = new Set(validateSlots(request, slotsOf(rows)).map((problem) => problem.message));
    const problems = validateSlots(request, slotsOf(after)).filter(
      (problem) => !NOT_WARNINGS.has(problem.rule) && !before.has(problem.message),
    );
    return [...new Set(problems.map((problem) => problem.message))];
  };
}
