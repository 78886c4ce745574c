import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useLocation, type ShouldRevalidateFunctionArgs } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { formIntent, type IntentReply } from "#app/clinic/form-reply";
import { CARE_TEAM_ROLE_LABELS, patientDisplayName } from "#app/patients/labels";
import { bookAppointments } from "#app/scheduling/booking.server";
import { cancelRemaining } from "#app/scheduling/changes.server";
import { isLocalDate, tomorrowIn } from "#app/scheduling/local-dates";
import { cancelRemainingSchema, DEFAULT_SEARCH_DAYS } from "#app/scheduling/plan-forms";
import { planSeries } from "#app/scheduling/planner";
import { ProposalForm, proposalKey, proposalReplyOf } from "#app/scheduling/proposal-form";
import {
  proposalRows,
  slotRefsJson,
  submitProposal,
  type ProposalReply,
  type ProposalRow,
} from "#app/scheduling/proposal.server";
import { missedDosesText, replanRequest } from "#app/scheduling/replan.server";
import { CancelRemainingForm, Timeline } from "#app/scheduling/series-sections";
import { requireSeries, seriesDetails, seriesStatusLabel, seriesTimeline } from "#app/scheduling/series-view.server";
import type { Route } from "./+types/series";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.series.templateName ?? "Series"} · KAP Care Team` },
];

const SERIES_INTENTS = ["cancel-remaining", "check", "book"] as const;

const NOTICES: Record<string, string> = {
  booked: "Series booked. Every session is on the schedule.",
  replanned: "Make-up sessions booked into this series.",
  cancelled: "All remaining sessions were cancelled and the series is discontinued.",
};

type Replan =
  | { ok: true; startDate: string; rows: ProposalRow[]; slotRefs: string; rooms: { id: string; name: string }[] }
  | { ok: false; startDate: string; problems: string[] };

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:schedule");
  const db = getDb();
  const { series: found, onRecord } = await requireSeries(db, viewer, "read:schedule", args.params.seriesId);
  await audit(db, auditActor(viewer), {
    action: "read:schedule",
    entityType: "series",
    entityId: found.id,
    patientId: found.patientId,
  });
  const details = await seriesDetails(db, found);
  const canManage = can(viewer, "manage:schedule");
  const url = new URL(args.request.url);
  const place = { clinicId: viewer.clinicId, timeZone: viewer.timeZone, patientId: found.patientId };
  let replan: Replan | null = null;
  if (canManage && details.remaining && url.searchParams.get("replan") === "1") {
    const startDate = tomorrowIn(viewer.timeZone, clock.now());
    const request = await replanRequest(db, place, found, details.remaining, startDate);
    const result = planSeries(request);
    replan = result.ok
      ? {
          ok: true,
          startDate,
          rows: proposalRows(result.slots, request, details.remaining.missedDoses),
          slotRefs: slotRefsJson(result.slots),
          rooms: request.calendar.rooms.map((room) => ({ id: room.id, name: room.name })),
        }
      : {
          ok: false,
          startDate,
          problems:
            result.problems.length > 0
              ? result.problems.map((problem) => problem.message)
              : [
                  `No times fit the make-up sessions in the ${request.searchDays ?? DEFAULT_SEARCH_DAYS} days from ${startDate}. Cancel the remaining sessions, or move some of them, and try again.`,
                ],
        };
  }
  const saved = url.searchParams.get("saved");
  const now = clock.now();
  return {
    series: {
      id: found.id,
      templateName: details.templateName,
      status: found.status,
      statusLabel: seriesStatusLabel(found.status),
      statusReason: found.statusReason,
      plannedStart: found.plannedStart,
      plannedEnd: found.plannedEnd,
      therapistName: details.therapistName,
      prescriberName: details.prescriberName,
    },
    patient: { id: onRecord.patient.id, name: patientDisplayName(onRecord.patient) },
    careTeam: onRecord.careTeam.map((member) => ({
      key: `${member.userId}-${member.role}`,
      name: member.name,
      role: CARE_TEAM_ROLE_LABELS[member.role],
      active: member.active,
    })),
    timeline: seriesTimeline(details.appointments, viewer.timeZone, now),
    timeZone: viewer.timeZone,
    canManage,
    canReadClinical: can(viewer, "read:clinical", onRecord.target),
    canCancel: canManage && (found.status === "planned" || found.status === "active"),
    missed: details.remaining
      ? `${missedDosesText(details.remaining.missedDoses)} of the course ${details.remaining.missedDoses.length > 1 ? "are" : "is"} not held or booked.`
      : null,
    replan,
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved] : null,
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:schedule");
  const db = getDb();
  const { series: found } = await requireSeries(db, viewer, "manage:schedule", args.params.seriesId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, SERIES_INTENTS);
  switch (intent) {
    case "cancel-remaining": {
      const submission = parseWithZod(formData, { schema: cancelRemainingSchema });
      if (submission.status !== "success") {
        return data<IntentReply>({ intent, subject: null, result: submission.reply() }, { status: 400 });
      }
      if (found.status === "discontinued" || found.status === "completed") {
        return data<IntentReply>(
          {
            intent,
            subject: null,
            result: submission.reply({
              formErrors: [`This series is already ${found.status}; nothing is left to cancel.`],
            }),
          },
          { status: 409 },
        );
      }
      const result = await cancelRemaining(db, auditActor(viewer), {
        clinicId: viewer.clinicId,
        seriesId: found.id,
        reason: submission.value.reason,
      });
      if (!result.ok) {
        return data<IntentReply>(
          { intent, subject: null, result: submission.reply({ formErrors: [result.message] }) },
          { status: 409 },
        );
      }
      return redirect(`/series/${found.id}?saved=cancelled`);
    }
    case "check":
    case "book": {
      const details = await seriesDetails(db, found);
      const startDate = formData.get("start");
      const fail = (status: 400 | 409, message: string) => {
        const result: SubmissionResult<string[]> = { status: "error", error: { "": [message] } };
        return data<ProposalReply>({ intent, subject: null, result, review: null }, { status });
      };
      if (!details.remaining) {
        return fail(
          409,
          "Every dose of this series is held or booked now (or the series was discontinued): there is nothing left to re-plan.",
        );
      }
      if (typeof startDate !== "string" || !isLocalDate(startDate)) {
        return fail(400, "The re-plan's first day is missing. Press Re-plan the rest again.");
      }
      const place = { clinicId: viewer.clinicId, timeZone: viewer.timeZone, patientId: found.patientId };
      const request = await replanRequest(db, place, found, details.remaining, startDate);
      const outcome = await submitProposal(db, {
        formData,
        place,
        request,
        missedDoses: details.remaining.missedDoses,
        book: (slots, overriddenRules) =>
          bookAppointments(db, auditActor(viewer), { ...place, seriesId: found.id, slots, overriddenRules }),
      });
      if (outcome.kind === "booked") {
        return redirect(`/series/${found.id}?saved=replanned`);
      }
      return data(outcome.reply, { status: outcome.status });
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs): boolean {
  return formData?.get("intent") === "check" ? false : defaultShouldRevalidate;
}

export default function SeriesPage({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const {
    series,
    patient,
    careTeam,
    timeline,
    timeZone,
    canManage,
    canReadClinical,
    canCancel,
    missed,
    replan,
    notice,
  } = loaderData;
  const location = useLocation();
  return (
    <section aria-labelledby="series-title" key={location.key}>
      <div className="page-heading">
        <h1 id="series-title">
          {series.templateName} for {patient.name}
        </h1>
        <Link to={`/patients/${patient.id}`}>Back to the patient</Link>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="about-title">
        <h2 id="about-title">About this series</h2>
        <dl className="facts">
          <dt>Patient</dt>
          <dd>
            <Link to={`/patients/${patient.id}`}>{patient.name}</Link>
          </dd>
          <dt>Template</dt>
          <dd>{series.templateName}</dd>
          <dt>Status</dt>
          <dd>
            <span className={`badge series-${series.status}`}>{series.statusLabel}</span>
            {series.statusReason ? <span> Reason: {series.statusReason}</span> : null}
          </dd>
          <dt>Planned window</dt>
          <dd>
            {series.plannedStart} to {series.plannedEnd}
          </dd>
          <dt>Therapist</dt>
          <dd>{series.therapistName}</dd>
          <dt>Prescriber</dt>
          <dd>{series.prescriberName}</dd>
          <dt>Care team</dt>
          <dd>
            <ul className="plain-list">
              {careTeam.map((member) => (
                <li key={member.key}>
                  {member.name} ({member.role.toLowerCase()})
                  {member.active ? null : <span className="badge inactive">inactive</span>}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>
      {canReadClinical ? (
        <nav className="panel" aria-labelledby="clinical-record-title">
          <h2 id="clinical-record-title">Clinical record</h2>
          <ul className="link-list">
            <li>
              <Link to={`/series/${series.id}/clearance`}>Clearance and consent</Link>
            </li>
            <li>
              <Link to={`/series/${series.id}/orders`}>Dose orders</Link>
            </li>
            <li>
              <Link to={`/series/${series.id}/measures`}>Outcome measures</Link>
            </li>
            <li>
              <Link to={`/patients/${patient.id}/notes`}>Notes</Link>
            </li>
            <li>
              <a href={`/series/${series.id}/summary.pdf`} download>
                Series summary (PDF)
              </a>
            </li>
          </ul>
        </nav>
      ) : null}
      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Sessions</h2>
        <Timeline entries={timeline} timeZone={timeZone} />
      </section>
      {canManage && missed ? (
        <section className="panel" aria-labelledby="replan-title">
          <h2 id="replan-title">Re-plan the rest</h2>
          <p>
            {missed} The planner can find make-up sessions, each with its integration, from tomorrow on, around the
            sessions already booked.
          </p>
          {replan ? null : (
            <Form method="get">
              <input type="hidden" name="replan" value="1" />
              <button type="submit">Re-plan the rest</button>
            </Form>
          )}
          {replan && !replan.ok ? (
            <div className="form-errors" role="alert">
              <ul>
                {replan.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {replan && replan.ok ? (
            <ProposalForm
              key={proposalKey(replan.rows)}
              id="replan"
              rows={replan.rows}
              slotRefs={replan.slotRefs}
              hidden={[["start", replan.startDate]]}
              rooms={replan.rooms}
              timeZone={timeZone}
              caption={`Make-up sessions from ${replan.startDate}, in time order.`}
              bookLabel="Book make-up sessions"
              actionData={proposalReplyOf(actionData)}
            />
          ) : null}
        </section>
      ) : null}
      {canCancel ? (
        <section className="panel" aria-labelledby="cancel-title">
          <h2 id="cancel-title">Stop the series</h2>
          <CancelRemainingForm actionData={actionData} />
        </section>
      ) : null}
    </section>
  );
}
