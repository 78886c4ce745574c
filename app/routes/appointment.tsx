import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, notFound, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { formIntent } from "#app/clinic/form-reply";
import { localDateTimeToUtc } from "#app/clinic/local-time";
import { patientDisplayName } from "#app/patients/labels";
import {
  ClinicianForm,
  RescheduleForm,
  RoomForm,
  StatusForms,
  type AppointmentReply,
} from "#app/scheduling/appointment-forms";
import {
  appointmentHistory,
  changeChoices,
  requireAppointment,
  seriesName,
  sessionTitle,
} from "#app/scheduling/appointment-view.server";
import { changeAppointment, type AppointmentChange } from "#app/scheduling/changes.server";
import { durationText, STAFF_ROLE_LABELS } from "#app/scheduling/labels";
import {
  APPOINTMENT_INTENTS,
  clinicianChangeSchema,
  rescheduleSchema,
  roomChangeSchema,
  statusChangeSchema,
  type AppointmentIntent,
} from "#app/scheduling/plan-forms";
import { seriesRuleCheck } from "#app/scheduling/series-rule-check.server";
import { allowedNextStatuses, isChangeable, STATUS_LABELS } from "#app/scheduling/status-transitions";
import { formatInTimeZone } from "#app/ui/dates";
import type { Route } from "./+types/appointment";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.appointment.title ?? "Appointment"} · KAP Care Team` },
];

const NOTICES: Record<AppointmentIntent, string> = {
  reschedule: "Rescheduled.",
  room: "Room changed.",
  clinician: "Clinician changed.",
  "check-in": "Checked in.",
  "no-show": "Marked as no-show.",
  cancel: "Session cancelled.",
};

const STATUS_OF = { "check-in": "checked_in", "no-show": "no_show", cancel: "cancelled" } as const;

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:schedule");
  const db = getDb();
  const { appointment: found, onRecord } = await requireAppointment(
    db,
    viewer,
    "read:schedule",
    args.params.appointmentId,
  );
  await audit(db, auditActor(viewer), {
    action: "read:schedule",
    entityType: "appointment",
    entityId: found.id,
    patientId: found.patientId,
  });
  const canManage = can(viewer, "manage:schedule");
  // The dosing session's clinical record, for those of the care team who may read it.
  const sessionLink =
    found.kind === "dosing" && can(viewer, "read:clinical", onRecord.target)
      ? `/appointments/${found.id}/session`
      : null;
  // The note that belongs to this kind of session; screenings and checkpoints get the prescriber's medical note.
  const noteKind = (
    {
      dosing: "dosing_session",
      preparation: "preparation",
      integration: "integration",
      checkpoint: "medical",
      screening: "medical",
    } as const
  )[found.kind];
  const noteLink = can(viewer, "write:note", onRecord.target)
    ? `/notes/new?patient=${found.patientId}&kind=${noteKind}&appointment=${found.id}`
    : null;
  const [history, choices, series, title] = await Promise.all([
    appointmentHistory(db, viewer.clinicId, found.id, viewer.timeZone),
    canManage ? changeChoices(db, viewer.clinicId) : { rooms: [], clinicians: [] },
    found.seriesId
      ? seriesName(db, viewer.clinicId, found.seriesId).then((name) => ({ id: found.seriesId ?? "", name }))
      : null,
    sessionTitle(db, viewer.clinicId, found),
  ]);
  const saved = new URL(args.request.url).searchParams.get("saved");
  const zone = viewer.timeZone;
  const minutes = Math.round((found.end.getTime() - found.start.getTime()) / 60_000);
  return {
    appointment: {
      id: found.id,
      title,
      status: found.status,
      statusLabel: STATUS_LABELS[found.status],
      when: `${formatInTimeZone(found.start, zone, "EEEE d MMMM yyyy")}, ${formatInTimeZone(found.start, zone, "HH:mm")}–${formatInTimeZone(found.end, zone, "HH:mm")}`,
      date: formatInTimeZone(found.start, zone, "yyyy-MM-dd"),
      time: formatInTimeZone(found.start, zone, "HH:mm"),
      length: durationText(minutes),
      roomId: found.roomId,
      roomName: found.roomName,
      staff: found.staff.map((member) => ({
        key: `${member.userId}-${member.role}`,
        name: member.name,
        role: STAFF_ROLE_LABELS[member.role],
      })),
      version: found.version,
      changeable: isChangeable(found.status),
      next: allowedNextStatuses(found.status),
    },
    patient: { id: onRecord.patient.id, name: patientDisplayName(onRecord.patient) },
    sessionLink,
    noteLink,
    series,
    history,
    canManage,
    choices,
    timeZone: zone,
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved as AppointmentIntent] : null,
  };
}

function reply(
  intent: AppointmentIntent,
  result: AppointmentReply["result"],
  status: 400 | 409,
  warnings: string[] = [],
) {
  return data<AppointmentReply>({ intent, subject: null, result, warnings }, { status });
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:schedule");
  const db = getDb();
  const { appointment: found } = await requireAppointment(db, viewer, "manage:schedule", args.params.appointmentId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, APPOINTMENT_INTENTS);
  let parsed: { version: number; reason: string; change: AppointmentChange; confirmed: string[] };
  let submission;
  switch (intent) {
    case "reschedule": {
      submission = parseWithZod(formData, { schema: rescheduleSchema });
      if (submission.status !== "success") {
        return reply(intent, submission.reply(), 400);
      }
      const { date, time, version, reason, confirm, confirmed } = submission.value;
      const start = localDateTimeToUtc(`${date}T${time}`, viewer.timeZone);
      if (!start.ok) {
        const message =
          start.reason === "nonexistent"
            ? `${time} does not exist on ${date}: the clocks change that night. Choose another time.`
            : "Enter a valid date and time.";
        return reply(intent, submission.reply({ fieldErrors: { time: [message] } }), 400);
      }
      // The session keeps its length.
      const end = new Date(start.at.getTime() + (found.end.getTime() - found.start.getTime()));
      parsed = {
        version,
        reason,
        change: { type: "reschedule", start: start.at, end },
        confirmed: confirm ? (confirmed ?? []) : [],
      };
      break;
    }
    case "room": {
      submission = parseWithZod(formData, { schema: roomChangeSchema });
      if (submission.status !== "success") {
        return reply(intent, submission.reply(), 400);
      }
      const roomId = submission.value.roomId ?? null;
      if (roomId === found.roomId) {
        return reply(
          intent,
          submission.reply({ fieldErrors: { roomId: ["The session is already in this room."] } }),
          400,
        );
      }
      parsed = {
        version: submission.value.version,
        reason: submission.value.reason,
        change: { type: "room", roomId },
        confirmed: [],
      };
      break;
    }
    case "clinician": {
      submission = parseWithZod(formData, { schema: clinicianChangeSchema });
      if (submission.status !== "success") {
        return reply(intent, submission.reply(), 400);
      }
      const { role, userId } = submission.value;
      // One person holds one role on a session; naming them twice would be refused by the database.
      const already = found.staff.find((member) => member.userId === userId);
      if (already) {
        const message =
          already.role === role
            ? `${already.name} is already the ${role} of this session.`
            : `${already.name} is already on this session as ${already.role}. Change that role first.`;
        return reply(intent, submission.reply({ fieldErrors: { userId: [message] } }), 400);
      }
      parsed = {
        version: submission.value.version,
        reason: submission.value.reason,
        change: { type: "clinician", role, userId },
        confirmed: [],
      };
      break;
    }
    case "check-in":
    case "no-show":
    case "cancel": {
      submission = parseWithZod(formData, { schema: statusChangeSchema });
      if (submission.status !== "success") {
        return reply(intent, submission.reply(), 400);
      }
      parsed = {
        version: submission.value.version,
        reason: submission.value.reason,
        change: { type: "status", to: STATUS_OF[intent] },
        confirmed: [],
      };
      break;
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
  const result = await changeAppointment(
    db,
    auditActor(viewer),
    {
      clinicId: viewer.clinicId,
      timeZone: viewer.timeZone,
      appointmentId: found.id,
      expectedVersion: parsed.version,
      change: parsed.change,
      reason: parsed.reason,
      confirmedRuleBreaks: parsed.confirmed,
    },
    seriesRuleCheck({ clinicId: viewer.clinicId, timeZone: viewer.timeZone }),
  );
  if (result.ok) {
    return redirect(`/appointments/${found.id}?saved=${intent}`);
  }
  switch (result.reason) {
    case "not_found":
      return notFound(result.message);
    case "stale":
    case "conflict":
      return reply(intent, submission.reply({ formErrors: [result.message] }), 409);
    case "not_allowed":
      return reply(intent, submission.reply({ formErrors: [result.message] }), 400);
    case "rule_warnings":
      return reply(intent, submission.reply({ formErrors: [result.message] }), 400, result.warnings);
  }
}

export default function AppointmentPage({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { appointment, patient, series, history, canManage, choices, timeZone, notice, sessionLink, noteLink } =
    loaderData;
  const location = useLocation();
  const common = { version: appointment.version, actionData };
  return (
    <section aria-labelledby="appointment-title" key={location.key}>
      <div className="page-heading">
        <h1 id="appointment-title">
          {appointment.title} for {patient.name}
        </h1>
        {series ? (
          <Link to={`/series/${series.id}`}>Back to the series</Link>
        ) : (
          <Link to={`/patients/${patient.id}`}>Back to the patient</Link>
        )}
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <dl className="facts">
          <dt>When</dt>
          <dd>
            {appointment.when} ({appointment.length}, {timeZone})
          </dd>
          <dt>Session</dt>
          <dd>{appointment.title}</dd>
          <dt>Status</dt>
          <dd>
            <span className={`badge status-${appointment.status}`}>{appointment.statusLabel}</span>
          </dd>
          <dt>Room</dt>
          <dd>{appointment.roomName ?? <span className="muted">No room</span>}</dd>
          <dt>Clinicians</dt>
          <dd>
            <ul className="plain-list">
              {appointment.staff.map((member) => (
                <li key={member.key}>
                  {member.name} ({member.role.toLowerCase()})
                </li>
              ))}
            </ul>
          </dd>
          <dt>Patient</dt>
          <dd>
            <Link to={`/patients/${patient.id}`}>{patient.name}</Link>
          </dd>
          <dt>Series</dt>
          <dd>
            {series ? (
              <Link to={`/series/${series.id}`}>{series.name}</Link>
            ) : (
              <span className="muted">Not part of a series</span>
            )}
          </dd>
        </dl>
        {sessionLink || noteLink ? (
          <p className="actions">
            {sessionLink ? (
              <Link className="button" to={sessionLink}>
                Open the session record
              </Link>
            ) : null}
            {noteLink ? (
              <Link className="button secondary" to={noteLink}>
                Write a note for this session
              </Link>
            ) : null}
          </p>
        ) : null}
      </section>
      {canManage ? (
        <section className="panel" aria-labelledby="changes-title">
          <h2 id="changes-title">Change this session</h2>
          {appointment.changeable ? (
            <div className="grid-2">
              <RescheduleForm {...common} date={appointment.date} time={appointment.time} length={appointment.length} />
              <RoomForm {...common} roomId={appointment.roomId} rooms={choices.rooms} />
              <ClinicianForm {...common} clinicians={choices.clinicians} />
            </div>
          ) : (
            <p>This session has begun or ended, so its time, room and clinicians can no longer change.</p>
          )}
          <StatusForms {...common} next={appointment.next} />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <div className="table-scroll">
          <table>
            <caption>
              Every change to this session, oldest first. Times are in the clinic&apos;s time zone ({timeZone}).
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">From → to</th>
                <th scope="col">Reason</th>
                <th scope="col">Rules overridden</th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{entry.at}</th>
                  <td>{entry.actor}</td>
                  <td>{entry.action}</td>
                  <td>{entry.change}</td>
                  <td>{entry.reason || <span className="muted">None given</span>}</td>
                  <td>
                    {entry.overriddenRules.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      <ul className="plain-list">
                        {entry.overriddenRules.map((rule) => (
                          <li key={rule}>{rule}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
