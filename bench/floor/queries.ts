import { parseSearchQuery } from "#app/patients/search-query";
import { calendarDays } from "#app/scheduling/calendar-grid";
import { addDays, localDayStart } from "#app/scheduling/local-dates";
import { planSeries } from "#app/scheduling/planner";
import type { Calendar, PlanRequest, SeriesTemplate, StaffRole } from "#app/scheduling/planner/types";

/** One parameterized query; the floor's only way to the database. */
export type Query = <T extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** Who the floor answers for: the same users the app is loaded as (no session, no audit). */
export type FloorViewers = {
  clinicId: string;
  timeZone: string;
  prescriberId: string;
};

export type FloorPage = (params: URLSearchParams) => Promise<unknown>;

const STAFF_JSON = `coalesce((select json_agg(json_build_object('userId', st.user_id, 'name', s.name, 'role', st.role)) from appointment_staff st join staff_user s on s.id = st.user_id where st.appointment_id = a.id), '[]')`;

// The sign-off queue's sessions: waiting (sign_off_pending, kept by triggers) for prescriber $2 of clinic $1.
const WAITING =
  "from sign_off_pending w join dosing_session d on d.id = w.dosing_session_id left join series se on se.id = d.series_id";
const WAITING_FOR = `w.clinic_id = $1
           and exists (select 1 from care_team_member c where c.patient_id = w.patient_id and c.clinic_id = w.clinic_id and c.user_id = $2)
           and (se.prescriber_id = $2 or exists (select 1 from care_team_member c where c.patient_id = w.patient_id and c.clinic_id = w.clinic_id and c.user_id = $2 and c.role = 'prescriber'))`;

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) {
    throw new Error(`missing ${name}`);
  }
  return value;
}

/**
 * Each page's data, fetched the fastest plain way: the same rows the page's loader reads (noted
 * where it differs), in as few round trips as the data allows, as JSON. No session lookup, no root
 * loader, no audit entry and no HTML: that is the app's overhead the ratio measures.
 */
export function floorPages(query: Query, viewers: FloorViewers): Record<string, FloorPage> {
  const { clinicId, timeZone } = viewers;

  const patientWithTeam = async (
    patientId: string,
  ): Promise<{
    patient: Record<string, unknown> | undefined;
    careTeam: Record<string, unknown>[];
  }> => {
    const [[patient], careTeam] = await Promise.all([
      query("select * from patient where clinic_id = $1 and id = $2", [clinicId, patientId]),
      query(
        "select c.user_id, c.role, s.name, s.credentials, s.active from care_team_member c join staff_user s on s.id = c.user_id and s.clinic_id = c.clinic_id where c.clinic_id = $1 and c.patient_id = $2 order by c.role, s.name",
        [clinicId, patientId],
      ),
    ]);
    return { patient, careTeam };
  };

  return {
    // /schedule?view=week&by=clinic: the clinic's clinicians and rooms, and the week's appointments with patient, room and staff.
    week_calendar: async (params) => {
      const days = calendarDays(required(params, "date"), "week", timeZone);
      const [clinicians, rooms, entries] = await Promise.all([
        query("select id, name, roles from staff_user where clinic_id = $1 and active order by name", [clinicId]),
        query("select id, name from room where clinic_id = $1 and active order by name", [clinicId]),
        query(
          `select a.id, a.starts_at, a.ends_at, a.kind, a.status, a.dose_number, a.series_id, a.patient_id, p.first_name, p.last_name, r.name as room_name, ${STAFF_JSON} as staff
           from appointment a join patient p on p.id = a.patient_id left join room r on r.id = a.room_id
           where a.clinic_id = $1 and a.starts_at < $3 and a.ends_at > $2 order by a.starts_at`,
          [clinicId, days[0]!.start, days.at(-1)!.end],
        ),
      ]);
      return { clinicians, rooms, entries };
    },

    // /patients/:id: the patient, the care team, and each series with its appointments.
    patient_chart: async (params) => {
      const patientId = required(params, "patient");
      const [{ patient, careTeam }, series] = await Promise.all([
        patientWithTeam(patientId),
        query(
          `select se.id, se.rules, t.name as template_name, se.status, se.planned_start, se.planned_end,
             coalesce((select json_agg(json_build_object('id', a.id, 'kind', a.kind, 'status', a.status, 'start', a.starts_at, 'end', a.ends_at, 'doseNumber', a.dose_number) order by a.starts_at)
                       from appointment a where a.clinic_id = se.clinic_id and a.series_id = se.id), '[]') as appointments
           from series se left join series_template t on t.id = se.template_id
           where se.patient_id = $2 and se.clinic_id = $1 order by se.planned_start desc, se.created_at desc`,
          [clinicId, patientId],
        ),
      ]);
      return { patient, careTeam, series };
    },

    // /series/:id/measures: the series, its patient and team, every response, its sessions, open alerts, the PCL-5 cut-off.
    series_measures: async (params) => {
      const [series] = await query<{ id: string; patient_id: string }>(
        "select * from series where id = $1 and clinic_id = $2",
        [required(params, "series"), clinicId],
      );
      if (!series) {
        throw new Error("no such series");
      }
      const [{ patient, careTeam }, responses, sessions, alerts, [settings]] = await Promise.all([
        patientWithTeam(series.patient_id),
        query(
          `select m.id, m.series_id, m.appointment_id, m.instrument, m.context, m.items, m.total, m.severity, m.alert, m.completed_at, m.recorded_at, s.name as recorded_by_name,
                  m.entered_in_error_at, m.entered_in_error_reason, e.name as entered_in_error_by_name
           from measure_response m join staff_user s on s.id = m.recorded_by left join staff_user e on e.id = m.entered_in_error_by
           where m.clinic_id = $1 and m.series_id = $2 order by m.completed_at, m.recorded_at`,
          [clinicId, series.id],
        ),
        query(
          `select a.id, a.series_id, a.patient_id, a.kind, a.status, a.starts_at, a.ends_at, a.room_id, r.name as room_name, a.sequence, a.dose_number, a.version, ${STAFF_JSON} as staff
           from appointment a left join room r on r.id = a.room_id where a.clinic_id = $1 and a.series_id = $2 order by a.starts_at, a.sequence`,
          [clinicId, series.id],
        ),
        query(
          `select id, patient_id, series_id, completed_at, items, alert from measure_response
           where clinic_id = $1 and patient_id = $2 and instrument = 'phq9' and alert <> '' and entered_in_error_at is null and completed_at >= now() - interval '30 days'
           order by completed_at desc, recorded_at desc`,
          [clinicId, series.patient_id],
        ),
        query("select settings from clinic where id = $1", [clinicId]),
      ]);
      return {
        series,
        patient,
        careTeam,
        responses,
        sessions,
        alerts,
        settings,
      };
    },

    // /sign-off: the first page (25) of the sessions awaiting the prescriber, and how many there are, each with its whole record and the series' measures.
    sign_off_queue: async () => {
      const entries = (table: string): string =>
        `coalesce((select json_agg(x order by x.at, x.recorded_at) from ${table} x where x.dosing_session_id = d.id), '[]')`;
      const [[counted], sessions] = await Promise.all([
        query<{ total: number }>(`select count(*)::int as total ${WAITING} where ${WAITING_FOR}`, [
          clinicId,
          viewers.prescriberId,
        ]),
        query(
          `select d.id, d.clinic_id, d.appointment_id, d.series_id, d.checked_in_at, d.discharged_at, d.discharge_criteria, d.discharge_escort_name, d.discharge_note, d.discharged_by, d.opened_by, d.version,
                json_build_object('id', p.id, 'firstName', p.first_name, 'lastName', p.last_name, 'preferredName', p.preferred_name, 'mrn', p.mrn, 'dateOfBirth', p.date_of_birth) as patient,
                json_build_object('id', a.id, 'doseNumber', a.dose_number, 'startsAt', a.starts_at, 'endsAt', a.ends_at, 'status', a.status) as appointment,
                (select row_to_json(o) from dose_order o where o.id = d.dose_order_id) as dose_order,
                ${entries("administration")} as administrations, ${entries("vitals_entry")} as vitals, ${entries("mental_status_check")} as checks,
                ${entries("observation")} as observations, ${entries("adverse_event")} as adverse_events,
                (select json_agg(json_build_object('id', s.id, 'name', s.name, 'credentials', s.credentials)) from staff_user s where s.clinic_id = d.clinic_id and s.id in (
                   select d.opened_by union select d.discharged_by union select o.ordered_by from dose_order o where o.id = d.dose_order_id
                   union select given_by from administration where dosing_session_id = d.id union select recorded_by from administration where dosing_session_id = d.id
                   union select recorded_by from vitals_entry where dosing_session_id = d.id union select recorded_by from mental_status_check where dosing_session_id = d.id
                   union select recorded_by from observation where dosing_session_id = d.id union select recorded_by from adverse_event where dosing_session_id = d.id)) as staff,
                coalesce((select json_agg(m order by m.completed_at desc, m.recorded_at desc) from (
                   select id, instrument, total, severity, context, completed_at, alert, recorded_at from measure_response
                   where clinic_id = d.clinic_id and series_id = d.series_id and entered_in_error_at is null) m), '[]') as measures
         ${WAITING}
           join appointment a on a.id = d.appointment_id
           join patient p on p.id = d.patient_id
         where ${WAITING_FOR}
         order by w.discharged_at, w.dosing_session_id limit 25`,
          [clinicId, viewers.prescriberId],
        ),
      ]);
      return { sessions, total: counted?.total ?? 0 };
    },

    // /patients?q=: the count and the first page of 25, with the same conditions as the app's search (front desk: the whole clinic).
    patient_search: async (params) => {
      const parsed = parseSearchQuery(params.get("q") ?? "");
      const where = ["clinic_id = $1"];
      const values: unknown[] = [clinicId];
      const add = (value: unknown): string => {
        values.push(value);
        return `$${values.length}`;
      };
      switch (parsed.kind) {
        case "invalid":
          throw new Error(parsed.message);
        case "empty":
          break;
        case "name":
          for (const word of parsed.words) {
            where.push(
              `fold_name(first_name || ' ' || last_name || ' ' || preferred_name) like fold_name(${add(`%${word.replace(/[\\%_]/gu, (character) => `\\${character}`)}%`)})`,
            );
          }
          break;
        case "dob":
          where.push(`date_of_birth = ${add(parsed.dateOfBirth)}`);
          break;
        case "mrn":
          where.push(`mrn = ${add(parsed.mrn)}`);
          break;
        case "phone": {
          const digits = add(parsed.digits);
          where.push(
            `(phone_digits = ${digits} or phone_digits like ${add(`${parsed.digits}%`)} or phone_digits like ${add(`%${parsed.digits}`)})`,
          );
          break;
        }
      }
      const condition = where.join(" and ");
      const [[counted], rows] = await Promise.all([
        query<{ total: number }>(`select count(*)::int as total from patient where ${condition}`, values),
        query(
          `select id, mrn, first_name, last_name, preferred_name, date_of_birth, phone, active from patient where ${condition} order by lower(last_name), lower(first_name), id limit 25`,
          values,
        ),
      ]);
      return { total: counted?.total ?? 0, rows };
    },

    // /patients/:id/series/new?template=…&start=…: the choices, the clinic's calendar over the search window, and the plan itself.
    series_planner: async (params) => {
      const patientId = required(params, "patient");
      const start = required(params, "start");
      const templateId = required(params, "template");
      const searchDays = 60;
      const from = localDayStart(start, timeZone);
      const to = localDayStart(addDays(start, searchDays + 1), timeZone);
      const [
        { patient, careTeam },
        templates,
        monitors,
        hours,
        staff,
        workingHours,
        timeOff,
        staffBusy,
        rooms,
        roomBusy,
        patientBusy,
      ] = await Promise.all([
        patientWithTeam(patientId),
        query<{ id: string; definition: SeriesTemplate }>(
          "select id, name, definition from series_template where clinic_id = $1 and active order by name",
          [clinicId],
        ),
        query(
          "select id, name from staff_user where clinic_id = $1 and active and roles && array['prescriber','nurse']::staff_role[] order by name",
          [clinicId],
        ),
        query<{ weekday: number; opens_at: string; closes_at: string }>(
          "select weekday, opens_at, closes_at from clinic_opening_hours where clinic_id = $1",
          [clinicId],
        ),
        query<{ id: string; name: string; roles: string[] }>(
          "select id, name, roles from staff_user where clinic_id = $1 and active",
          [clinicId],
        ),
        query<{
          user_id: string;
          weekday: number;
          starts_at: string;
          ends_at: string;
        }>("select user_id, weekday, starts_at, ends_at from working_hours where clinic_id = $1", [clinicId]),
        query<{ user_id: string; starts_at: Date; ends_at: Date }>(
          "select user_id, starts_at, ends_at from time_off where clinic_id = $1 and not cancelled and starts_at < $3 and ends_at > $2",
          [clinicId, from, to],
        ),
        query<{ user_id: string; starts_at: Date; ends_at: Date }>(
          "select user_id, starts_at, ends_at from appointment_staff where clinic_id = $1 and active and starts_at < $3 and ends_at > $2",
          [clinicId, from, to],
        ),
        query<{ id: string; name: string }>("select id, name from room where clinic_id = $1 and active order by name", [
          clinicId,
        ]),
        query<{ room_id: string | null; starts_at: Date; ends_at: Date }>(
          "select room_id, starts_at, ends_at from appointment where clinic_id = $1 and status <> 'cancelled' and starts_at < $3 and ends_at > $2",
          [clinicId, from, to],
        ),
        query<{ starts_at: Date; ends_at: Date }>(
          "select starts_at, ends_at from appointment where patient_id = $1 and status <> 'cancelled' and starts_at < $3 and ends_at > $2",
          [patientId, from, to],
        ),
      ]);
      const template = templates.find((row) => row.id === templateId);
      const therapist = careTeam.find((member) => member.role === "therapist" && member.active);
      const prescriber = careTeam.find((member) => member.role === "prescriber" && member.active);
      if (!patient || !template || !therapist || !prescriber) {
        throw new Error("the plan's patient, template or care team is missing");
      }
      const clinical: StaffRole[] = ["prescriber", "therapist", "nurse"];
      const interval = (row: { starts_at: Date; ends_at: Date }): { start: Date; end: Date } => ({
        start: new Date(row.starts_at),
        end: new Date(row.ends_at),
      });
      const calendar: Calendar = {
        timeZone,
        openingHours: hours.map((row) => ({
          weekday: row.weekday,
          opens: row.opens_at.slice(0, 5),
          closes: row.closes_at.slice(0, 5),
        })),
        staff: staff
          .filter((person) => person.roles.some((role) => (clinical as string[]).includes(role)))
          .map((person) => ({
            id: person.id,
            name: person.name,
            roles: person.roles.filter((role): role is StaffRole => (clinical as string[]).includes(role)),
            workingHours: workingHours
              .filter((row) => row.user_id === person.id)
              .map((row) => ({
                weekday: row.weekday,
                starts: row.starts_at.slice(0, 5),
                ends: row.ends_at.slice(0, 5),
              })),
            timeOff: timeOff.filter((row) => row.user_id === person.id).map(interval),
            busy: staffBusy.filter((row) => row.user_id === person.id).map(interval),
          })),
        rooms: rooms.map((room) => ({
          id: room.id,
          name: room.name,
          busy: roomBusy.filter((row) => row.room_id === room.id).map(interval),
        })),
        patientBusy: patientBusy.map(interval),
      };
      const request: PlanRequest = {
        template: template.definition,
        calendar,
        team: {
          therapistId: String(therapist.user_id),
          prescriberId: String(prescriber.user_id),
        },
        startDate: start,
        preferences: {},
        searchDays,
      };
      return {
        patient,
        careTeam,
        templates: templates.length,
        monitors,
        plan: planSeries(request),
      };
    },
  };
}
