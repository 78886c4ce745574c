import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { authorizeRecord, requirePermission } from "#app/auth/guard.server";
import { formIntent, formString, refusal, type IntentReply } from "#app/clinic/form-reply";
import { formatLocalDateTime } from "#app/clinic/local-time";
import {
  SCHEDULE_INTENTS,
  addTimeOffSchema,
  addWorkingHoursSchema,
  cancelTimeOffSchema,
  removeWorkingHoursSchema,
  type ScheduleIntent,
} from "#app/staff/schedule-forms";
import {
  addTimeOff,
  addWorkingHours,
  cancelTimeOff,
  listTimeOff,
  listWorkingHours,
  removeWorkingHours,
} from "#app/staff/schedule.server";
import { requireStaffMember } from "#app/staff/staff.server";
import { TimeOffSection } from "#app/staff/time-off-section";
import { WorkingHoursSection } from "#app/staff/working-hours-section";
import type { Route } from "./+types/staff-schedule";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Schedule of ${loaderData?.member.name ?? "staff member"} · KAP Care Team` },
];

const NOTICES: Record<ScheduleIntent, string> = {
  "add-hours": "Working hours added.",
  "remove-hours": "Working hours removed.",
  "add-time-off": "Time off added.",
  "cancel-time-off": "Time off cancelled.",
};

function isNotice(value: string | null): value is ScheduleIntent {
  return value !== null && Object.hasOwn(NOTICES, value);
}

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const db = getDb();
  const member = await requireStaffMember(db, viewer, args.params.userId);
  const [hours, timeOff] = await Promise.all([listWorkingHours(db, member.id), listTimeOff(db, member.id)]);
  const saved = new URL(args.request.url).searchParams.get("saved");
  return {
    member: { id: member.id, name: member.name, active: member.active },
    timeZone: viewer.timeZone,
    hours,
    timeOff: timeOff.map((entry) => ({
      id: entry.id,
      startsAt: formatLocalDateTime(entry.startsAt, viewer.timeZone),
      endsAt: formatLocalDateTime(entry.endsAt, viewer.timeZone),
      reason: entry.reason,
      cancelled: entry.cancelled,
    })),
    notice: isNotice(saved) ? NOTICES[saved] : null,
  };
}

function invalid(intent: ScheduleIntent, subject: string | null, result: IntentReply["result"]) {
  return data<IntentReply>({ intent, subject, result }, { status: 400 });
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const db = getDb();
  const member = await requireStaffMember(db, viewer, args.params.userId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, SCHEDULE_INTENTS);
  const saved = (done: ScheduleIntent): Response => redirect(`/admin/staff/${member.id}/schedule?saved=${done}`);
  switch (intent) {
    case "add-hours": {
      const submission = parseWithZod(formData, { schema: addWorkingHoursSchema });
      if (submission.status !== "success") {
        return invalid(intent, null, submission.reply());
      }
      const { weekday, startsAt, endsAt } = submission.value;
      const result = await addWorkingHours(db, viewer, member, { weekday, startsAt, endsAt });
      return result.ok ? saved(intent) : invalid(intent, null, submission.reply(refusal(result)));
    }
    case "remove-hours": {
      const submission = parseWithZod(formData, { schema: removeWorkingHoursSchema });
      if (submission.status !== "success") {
        return invalid(intent, formString(formData, "intervalId"), submission.reply());
      }
      const { intervalId } = submission.value;
      if (!(await removeWorkingHours(db, viewer, member, intervalId))) {
        // Not this person's interval (or gone already): answered and audited like any unknown record.
        await authorizeRecord(viewer, "manage:staff", null, { entityType: "working_hours", entityId: intervalId });
      }
      return saved(intent);
    }
    case "add-time-off": {
      const submission = parseWithZod(formData, { schema: addTimeOffSchema });
      if (submission.status !== "success") {
        return invalid(intent, null, submission.reply());
      }
      const { startsAt, endsAt, reason } = submission.value;
      const result = await addTimeOff(db, viewer, member, { startsAt, endsAt, reason });
      return result.ok ? saved(intent) : invalid(intent, null, submission.reply(refusal(result)));
    }
    case "cancel-time-off": {
      const submission = parseWithZod(formData, { schema: cancelTimeOffSchema });
      if (submission.status !== "success") {
        return invalid(intent, formString(formData, "timeOffId"), submission.reply());
      }
      const { timeOffId } = submission.value;
      if (!(await cancelTimeOff(db, viewer, member, timeOffId))) {
        await authorizeRecord(viewer, "manage:staff", null, { entityType: "time_off", entityId: timeOffId });
      }
      return saved(intent);
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function StaffSchedule({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { member, timeZone, hours, timeOff, notice } = loaderData;
  const location = useLocation();
  return (
    <div key={location.key}>
      <h1>Schedule of {member.name}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {member.active ? null : (
        <p className="warning">This account is deactivated; its schedule is kept for the record.</p>
      )}
      <p className="actions">
        <Link to={`/admin/staff/${member.id}`}>Details of {member.name}</Link>
        <Link to="/admin/staff">All staff</Link>
      </p>
      <WorkingHoursSection hours={hours} timeZone={timeZone} actionData={actionData} />
      <TimeOffSection entries={timeOff} timeZone={timeZone} actionData={actionData} />
    </div>
  );
}
