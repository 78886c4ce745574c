import type { ReactNode } from "react";
import { data, Form, Link } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, notFound, requirePermission } from "#app/auth/guard.server";
import { can, scopeFor } from "#app/auth/policy";
import { calendarDays, placeOnDay, shiftDate } from "#app/scheduling/calendar-grid";
import { calendarQuerySchema } from "#app/scheduling/calendar-query";
import { calendarChoices, calendarEntries, type CalendarFilter } from "#app/scheduling/calendar-view.server";
import { STATUS_LABELS } from "#app/scheduling/status-transitions";
import { formatInTimeZone } from "#app/ui/dates";
import type { Route } from "./+types/schedule";

export const meta: Route.MetaFunction = () => [{ title: "Schedule · KAP Care Team" }];

const KIND_LABELS = {
  screening: "Screening",
  preparation: "Preparation",
  dosing: "Dosing",
  integration: "Integration",
  checkpoint: "Checkpoint",
} as const;
const FIRST_HOUR = 7;
const LAST_HOUR = 20;

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:schedule");
  const url = new URL(args.request.url);
  const parsed = calendarQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    throw data(parsed.error.issues[0]?.message ?? "This calendar address is not right.", { status: 400 });
  }
  const query = parsed.data;
  const db = getDb();
  const choices = await calendarChoices(db, viewer.clinicId);
  const isClinician = viewer.roles.some((role) => role === "prescriber" || role === "therapist" || role === "nurse");
  let filter: CalendarFilter = { by: "clinic" };
  if (query.by === "clinician" || (!url.searchParams.has("by") && isClinician && !can(viewer, "manage:schedule"))) {
    const userId = query.id ?? viewer.id;
    if (!choices.clinicians.some((person) => person.id === userId)) {
      notFound("No such clinician in this clinic.");
    }
    filter = { by: "clinician", userId };
  } else if (query.by === "room") {
    const roomId = query.id ?? choices.rooms[0]?.id;
    if (!roomId || !choices.rooms.some((candidate) => candidate.id === roomId)) {
      notFound("No such room in this clinic.");
    }
    filter = { by: "room", roomId };
  }
  const date = query.date ?? formatInTimeZone(new Date(), viewer.timeZone, "yyyy-MM-dd");
  const days = calendarDays(date, query.view, viewer.timeZone);
  const entries = await calendarEntries(db, viewer, scopeFor(viewer, "read:schedule") ?? "own", filter, {
    from: days[0]!.start,
    to: days.at(-1)!.end,
  });
  await audit(db, auditActor(viewer), {
    action: "read:schedule",
    entityType: "calendar",
    detail: { view: query.view, by: filter.by, entries: entries.length },
  });
  const columns = days.map((day) => ({
    date: day.date,
    label: day.label,
    entries: placeOnDay(
      entries.filter((entry) => entry.start < day.end && entry.end > day.start),
      viewer.timeZone,
    ).map((entry) => ({
      ...entry,
      time: `${formatInTimeZone(entry.start, viewer.timeZone, "HH:mm")}–${formatInTimeZone(entry.end, viewer.timeZone, "HH:mm")}`,
      start: entry.start.toISOString(),
      end: entry.end.toISOString(),
    })),
  }));
  return {
    view: query.view,
    date,
    filter,
    choices,
    columns,
    timeZone: viewer.timeZone,
    previous: shiftDate(date, query.view, -1),
    next: shiftDate(date, query.view, 1),
    title:
      filter.by === "clinic"
        ? "Whole clinic"
        : filter.by === "clinician"
          ? (choices.clinicians.find((person) => person.id === filter.userId)?.name ?? "")
          : filter.by === "room"
            ? (choices.rooms.find((candidate) => candidate.id === filter.roomId)?.name ?? "")
            : "",
  };
}

export default function Schedule({ loaderData }: Route.ComponentProps): ReactNode {
  const { view, date, filter, choices, columns, timeZone, previous, next, title } = loaderData;
  const selectedId = filter.by === "clinician" ? filter.userId : filter.by === "room" ? filter.roomId : "";
  const link = (overrides: Record<string, string>): string => {
    const params = new URLSearchParams({
      view,
      date,
      by: filter.by,
      ...(selectedId ? { id: selectedId } : {}),
      ...overrides,
    });
    return `?${params.toString()}`;
  };
  const minutesShown = (LAST_HOUR - FIRST_HOUR) * 60;
  return (
    <section aria-labelledby="schedule-title" className="schedule">
      <h1 id="schedule-title">
        Schedule: {title}{" "}
        <span className="hint">
          ({view === "week" ? `week of ${columns[0]?.label}` : columns[0]?.label}, {timeZone})
        </span>
      </h1>
      <div className="schedule-toolbar">
        <nav aria-label="Dates" className="actions">
          <Link to={link({ date: previous })}>← Previous {view}</Link>
          <Link to={link({ date: formatToday(timeZone) })}>Today</Link>
          <Link to={link({ date: next })}>Next {view} →</Link>
          <Link to={link({ view: view === "week" ? "day" : "week" })}>
            {view === "week" ? "Day view" : "Week view"}
          </Link>
        </nav>
        <Form method="get" className="search-form" aria-label="Whose schedule">
          <input type="hidden" name="view" value={view} />
          <input type="hidden" name="date" value={date} />
          <div className="field">
            <label htmlFor="schedule-by">Show</label>
            <select id="schedule-by" name="by" defaultValue={filter.by}>
              <option value="clinic">Whole clinic</option>
              <option value="clinician">A clinician</option>
              <option value="room">A room</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="schedule-id">Clinician or room</label>
            <select id="schedule-id" name="id" defaultValue={selectedId}>
              <option value="">—</option>
              <optgroup label="Clinicians">
                {choices.clinicians.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Rooms">
                {choices.rooms.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <button type="submit">Show</button>
        </Form>
      </div>
      <div className={`calendar calendar-${view}`}>
        {columns.map((column) => (
          <section key={column.date} className="calendar-day" aria-labelledby={`day-${column.date}`}>
            <h2 id={`day-${column.date}`}>{column.label}</h2>
            {column.entries.length === 0 ? <p className="hint">No appointments.</p> : null}
            <ol className="calendar-track" style={{ height: `${minutesShown}px` }}>
              {column.entries.map((entry) => (
                <li
                  key={entry.id}
                  className={`calendar-entry kind-${entry.kind} status-${entry.status}`}
                  style={{
                    top: `${Math.max(0, entry.top - FIRST_HOUR * 60)}px`,
                    height: `${entry.height}px`,
                    left: `${(entry.lane / entry.lanes) * 100}%`,
                    width: `${100 / entry.lanes}%`,
                  }}
                >
                  <Link to={`/appointments/${entry.id}`}>
                    <span className="entry-time">{entry.time}</span>{" "}
                    <span className="entry-kind">
                      {KIND_LABELS[entry.kind]}
                      {entry.doseNumber && entry.kind === "dosing" ? ` ${entry.doseNumber}` : ""}
                    </span>{" "}
                    <span className="entry-patient">{entry.patientName}</span>
                    {entry.roomName ? <span className="entry-room"> · {entry.roomName}</span> : null}
                    <span className="entry-staff"> · {entry.staff.map((member) => member.name).join(", ")}</span>
                    {entry.status !== "scheduled" ? (
                      <span className="entry-status"> · {STATUS_LABELS[entry.status]}</span>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </section>
  );
}

function formatToday(timeZone: string): string {
  return formatInTimeZone(new Date(), timeZone, "yyyy-MM-dd");
}
