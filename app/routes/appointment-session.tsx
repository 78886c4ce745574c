import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import type { z } from "zod";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, authorizeRecord, notFound, requirePermission } from "#app/auth/guard.server";
import { formIntent, formString, refusal } from "#app/clinic/form-reply";
import {
  AdministrationForm,
  AdverseEventForm,
  CheckForm,
  DischargeForm,
  ObservationForm,
  StartForm,
  VitalsForm,
  type SessionReply,
} from "#app/clinical/session-entry-forms";
import {
  administrationSchema,
  adverseEventSchema,
  checkSchema,
  dischargeSchema,
  enteredInErrorSchema,
  observationSchema,
  SESSION_INTENTS,
  startSchema,
  vitalsOf,
  vitalsSchema,
  type SessionIntent,
} from "#app/clinical/session-forms";
import { entryInstant, storedAdverseEventKind } from "#app/clinical/session-rules";
import { giverChoices, requireDosingAppointment, sessionPage } from "#app/clinical/session-view.server";
import {
  dischargeSession,
  findDosingSession,
  markEnteredInError,
  recordAdministration,
  recordAdverseEvent,
  recordCheck,
  recordObservation,
  recordVitals,
  startSession,
  type SessionFailure,
} from "#app/clinical/session.server";
import type { TimelineRow } from "#app/clinical/session-timeline";
import { TimelineTable } from "#app/clinical/session-sections";
import type { Route } from "./+types/appointment-session";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.appointment.title ?? "Dosing session"} · KAP Care Team` },
];

const NOTICES: Record<SessionIntent, string> = {
  start: "Session started. The patient is checked in.",
  administration: "Dose recorded.",
  vitals: "Vital signs recorded.",
  check: "Check recorded.",
  observation: "Observation recorded.",
  "adverse-event": "Adverse event recorded.",
  "entered-in-error": "Entry marked entered in error.",
  discharge: "Patient discharged. The session is closed.",
};

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const found = await requireDosingAppointment(db, viewer, "read:clinical", args.params.appointmentId);
  const page = await sessionPage(db, viewer, found, clock.now());
  await audit(db, auditActor(viewer), {
    action: "read:clinical",
    entityType: "appointment",
    entityId: found.appointment.id,
    patientId: found.appointment.patientId,
    detail: { view: "dosing session", started: page.session !== null },
  });
  const url = new URL(args.request.url);
  const saved = url.searchParams.get("saved");
  const entry = url.searchParams.get("entry");
  // The alerts of the vitals just recorded, read back from what was stored, shown above everything.
  const freshAlerts =
    saved === "vitals" && entry ? (page.session?.timeline.find((row) => row.entryId === entry)?.alerts ?? []) : [];
  const started = page.session ? await findDosingSession(db, viewer.clinicId, found.appointment.id) : null;
  return {
    ...page,
    freshAlerts,
    recordPdf: started ? `/dosing-sessions/${started.id}/record.pdf` : null,
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved as SessionIntent] : null,
  };
}

function reply(
  intent: SessionIntent,
  result: SessionReply["result"],
  status: 400 | 409,
  extra: { subject?: string | null; warning?: string | null; missing?: string[] } = {},
) {
  return data<SessionReply>(
    { intent, subject: extra.subject ?? null, result, warning: extra.warning ?? null, missing: extra.missing ?? [] },
    { status },
  );
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "record:observation");
  const db = getDb();
  const found = await requireDosingAppointment(db, viewer, "read:clinical", args.params.appointmentId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, SESSION_INTENTS);
  if (intent === null) {
    throw data("This form sent an action the page does not know.", { status: 400 });
  }
  // Therapists record observations (and correct their own kind of entry); the rest is the nurse's and prescriber's.
  const observationOnly =
    intent === "observation" || (intent === "entered-in-error" && formString(formData, "entryType") === "observation");
  const permission = observationOnly ? "record:observation" : "record:session";
  await authorizeRecord(viewer, permission, found.onRecord.target, {
    entityType: "appointment",
    entityId: found.appointment.id,
    patientId: found.appointment.patientId,
  });
  const now = clock.now();
  const actor = auditActor(viewer);
  const zone = viewer.timeZone;
  const appointmentId = found.appointment.id;
  const done = (extra = ""): Response => redirect(`/appointments/${appointmentId}/session?saved=${intent}${extra}`);
  const fail = (
    submission: { reply: (options?: object) => SessionReply["result"] },
    failure: SessionFailure,
    subject: string | null = null,
  ) => {
    switch (failure.reason) {
      case "invalid":
        return reply(intent, submission.reply(refusal(failure)), 400, { subject });
      case "confirm":
        return reply(intent, submission.reply({ fieldErrors: { [failure.field]: [failure.message] } }), 400, {
          subject,
          warning: failure.warning,
        });
      case "conflict":
        return reply(intent, submission.reply({ formErrors: [failure.message] }), 409, {
          subject,
          missing: failure.missing,
        });
      case "not_found":
        return notFound(failure.message);
    }
  };

  if (intent === "start") {
    const submission = parseWithZod(formData, { schema: startSchema });
    if (submission.status !== "success") {
      return reply(intent, submission.reply(), 400);
    }
    let checkedInAt: Date | null = null;
    if (submission.value.time) {
      const at = entryInstant({ time: submission.value.time, date: submission.value.date }, zone, now);
      if (!at.ok) {
        return reply(intent, submission.reply({ fieldErrors: { time: [at.message] } }), 400);
      }
      checkedInAt = at.at;
    }
    const result = await startSession(db, actor, {
      clinicId: viewer.clinicId,
      timeZone: zone,
      appointmentId,
      checkedInAt,
      now,
    });
    return result.ok ? done() : fail(submission, result);
  }

  const session = await findDosingSession(db, viewer.clinicId, appointmentId);
  const context = session ? { session, timeZone: zone, now } : null;
  const notStarted = "This session has not started yet: start it first.";

  // One entry form: 400 for bad input or time, 409 before the session has started.
  const parseEntry = <Schema extends z.ZodType<{ time: string; date?: string | undefined }>>(schema: Schema) => {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") {
      return { refused: reply(intent, submission.reply(), 400) } as const;
    }
    if (!context) {
      return { refused: reply(intent, submission.reply({ formErrors: [notStarted] }), 409) } as const;
    }
    const at = entryInstant(submission.value, zone, now);
    if (!at.ok) {
      return { refused: reply(intent, submission.reply({ fieldErrors: { time: [at.message] } }), 400) } as const;
    }
    return { refused: null, submission, value: submission.value, at: at.at, context } as const;
  };

  switch (intent) {
    case "administration": {
      const parsed = parseEntry(administrationSchema);
      if (parsed.refused) {
        return parsed.refused;
      }
      const { doseMg, lotNumber, givenBy, confirmDose, confirmedDose } = parsed.value;
      const result = await recordAdministration(db, actor, parsed.context, {
        at: parsed.at,
        doseMg,
        lotNumber,
        givenBy,
        allowedGivers: giverChoices(found.onRecord).map((giver) => giver.id),
        confirmedWarning: confirmDose ? (confirmedDose ?? null) : null,
      });
      return result.ok ? done() : fail(parsed.submission, result);
    }
    case "vitals": {
      const parsed = parseEntry(vitalsSchema);
      if (parsed.refused) {
        return parsed.refused;
      }
      const result = await recordVitals(db, actor, parsed.context, { at: parsed.at, vitals: vitalsOf(parsed.value) });
      return result.ok ? done(`&entry=${result.id}`) : fail(parsed.submission, result);
    }
    case "check": {
      const parsed = parseEntry(checkSchema);
      if (parsed.refused) {
        return parsed.refused;
      }
      const { moaas, cadssItems, cadssTotal } = parsed.value;
      const result = await recordCheck(db, actor, parsed.context, {
        at: parsed.at,
        status: { moaas, cadssItems, cadssTotal },
      });
      return result.ok ? done() : fail(parsed.submission, result);
    }
    case "observation": {
      const parsed = parseEntry(observationSchema);
      if (parsed.refused) {
        return parsed.refused;
      }
      const result = await recordObservation(db, actor, parsed.context, { at: parsed.at, text: parsed.value.text });
      return result.ok ? done() : fail(parsed.submission, result);
    }
    case "adverse-event": {
      const parsed = parseEntry(adverseEventSchema);
      if (parsed.refused) {
        return parsed.refused;
      }
      const { kind, otherKind, severity, actionTaken, resolved } = parsed.value;
      const result = await recordAdverseEvent(db, actor, parsed.context, {
        at: parsed.at,
        kind: storedAdverseEventKind(kind, otherKind),
        severity,
        actionTaken,
        resolved,
      });
      return result.ok ? done() : fail(parsed.submission, result);
    }
    case "entered-in-error": {
      const subject = formString(formData, "entryId");
      const submission = parseWithZod(formData, { schema: enteredInErrorSchema });
      if (submission.status !== "success") {
        return reply(intent, submission.reply(), 400, { subject });
      }
      if (!context) {
        return reply(intent, submission.reply({ formErrors: [notStarted] }), 409, { subject });
      }
      const result = await markEnteredInError(db, actor, context, submission.value);
      return result.ok ? done() : fail(submission, result, subject);
    }
    case "discharge": {
      const parsed = parseEntry(dischargeSchema);
      if (parsed.refused) {
        return parsed.refused;
      }
      const { vitalsNearBaseline, oriented, walksSteadily, escortPresent, toldNotToDrive, escortName, note } =
        parsed.value;
      const criteria = { vitalsNearBaseline, oriented, walksSteadily, escortPresent, toldNotToDrive };
      const result = await dischargeSession(db, actor, parsed.context, { at: parsed.at, criteria, escortName, note });
      return result.ok ? done() : fail(parsed.submission, result);
    }
  }
}

export default function SessionDayPage({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const page = loaderData;
  const location = useLocation();
  const clockNow = { today: page.today, nowTime: page.nowTime, timeZone: page.timeZone };
  const common = { actionData, clock: clockNow };
  const session = page.session;
  const open = session !== null && !session.closed;
  const canMark = (row: TimelineRow): boolean =>
    row.kind === "observation" ? page.canRecordObservation : page.canRecordSession;
  return (
    <section aria-labelledby="session-title" className="session-page" key={location.key}>
      <div className="page-heading">
        <h1 id="session-title">
          {page.appointment.title} for {page.patient.name}
        </h1>
        <Link to={`/appointments/${page.appointment.id}`}>Back to the appointment</Link>
      </div>
      {page.freshAlerts.length > 0 ? (
        <div className="alert-banner" role="alert">
          <h2>Alert: the vital signs just recorded are outside the clinic&apos;s thresholds</h2>
          <ul>
            {page.freshAlerts.map((alert) => (
              <li key={alert}>{alert}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {page.notice ? (
        <p className="notice" role="status">
          {page.notice}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="summary-title">
        <h2 id="summary-title">Session</h2>
        <dl className="facts">
          <dt>Booked</dt>
          <dd>
            {page.appointment.when} ({page.timeZone})
          </dd>
          <dt>Status</dt>
          <dd>
            <span className={`badge status-${page.appointment.status}`}>{page.appointment.statusLabel}</span>
          </dd>
          {page.series ? (
            <>
              <dt>Series</dt>
              <dd>
                <Link to={`/series/${page.series.id}`}>{page.series.name}</Link>
              </dd>
            </>
          ) : null}
          {session ? (
            <>
              <dt>Checked in</dt>
              <dd>{session.checkedInAt}</dd>
              <dt>Total dose given</dt>
              <dd>{session.totalDose}</dd>
            </>
          ) : null}
          {session?.discharge ? (
            <>
              <dt>Discharged</dt>
              <dd>
                {session.discharge.at} by {session.discharge.by}, escort {session.discharge.escortName}
              </dd>
              <dt>Total time</dt>
              <dd>{session.discharge.totalMinutes} minutes</dd>
            </>
          ) : null}
          {session?.signedOff ? (
            <>
              <dt>Signed off</dt>
              <dd>
                {session.signedOff.by}, {session.signedOff.at}
              </dd>
            </>
          ) : null}
        </dl>
        {page.recordPdf ? (
          <p>
            <a href={page.recordPdf} download>
              Download the session record (PDF)
            </a>
          </p>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="order-title">
        <h2 id="order-title">Dose order</h2>
        {page.order ? (
          <dl className="facts">
            <dt>Drug</dt>
            <dd>{page.order.drug}</dd>
            <dt>Route</dt>
            <dd>{page.order.route}</dd>
            <dt>Dose</dt>
            <dd>
              {page.order.dose}
              {page.order.mgPerKg
                ? ` (${page.order.mgPerKg}${page.order.weight ? ` at ${page.order.weight}` : ""})`
                : ""}
            </dd>
            <dt>Ordered by</dt>
            <dd>
              {page.order.orderedBy}, {page.order.orderedAt}
            </dd>
            {page.order.instructions ? (
              <>
                <dt>Instructions</dt>
                <dd>{page.order.instructions}</dd>
              </>
            ) : null}
          </dl>
        ) : (
          <p>There is no active dose order for this session.</p>
        )}
      </section>
      {session === null ? (
        <section className="panel" aria-labelledby="start-title">
          <h2 id="start-title">Before the session</h2>
          {page.readiness && !page.readiness.ready ? (
            <div className="warning">
              <p>This dosing session cannot start yet. Missing:</p>
              <ul className="missing-list">
                {page.readiness.missing.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p>Screening, consent and the dose order are in place.</p>
          )}
          {page.canRecordSession && page.readiness?.ready ? <StartForm {...common} /> : null}
        </section>
      ) : (
        <>
          {session.alerts.length > 0 || session.ranges.length > 0 ? (
            <section className="panel" aria-labelledby="vitals-summary-title">
              <h2 id="vitals-summary-title">Vital signs so far</h2>
              {session.alerts.length > 0 ? (
                <div className="alert-summary">
                  <p>
                    <strong>
                      {session.alerts.length} alert{session.alerts.length === 1 ? "" : "s"} this session:
                    </strong>
                  </p>
                  <ul>
                    {session.alerts.map((alert) => (
                      <li key={`${alert.time}-${alert.text}`}>
                        {alert.time} — {alert.text}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {session.ranges.length > 0 ? (
                <p className="ranges">
                  Range: {session.ranges.map((range) => `${range.label} ${range.range}`).join(" · ")}
                </p>
              ) : null}
            </section>
          ) : null}
          <section className="panel" aria-labelledby="timeline-title" id="timeline">
            <h2 id="timeline-title">Timeline</h2>
            <TimelineTable rows={session.timeline} timeZone={page.timeZone} canMark={canMark} actionData={actionData} />
          </section>
          {open ? (
            <section className="panel" aria-labelledby="record-title">
              <h2 id="record-title">Record</h2>
              {!page.canRecordSession && !page.canRecordObservation ? (
                <p>Your role can read this session but not add to it.</p>
              ) : null}
              <div className="entry-forms">
                {page.canRecordSession ? <VitalsForm {...common} thresholds={page.thresholds} /> : null}
                {page.canRecordSession && page.order && page.orderedMg !== null ? (
                  <AdministrationForm
                    {...common}
                    givers={page.givers}
                    defaultGiver={page.defaultGiver}
                    order={{
                      drug: page.order.drug,
                      route: page.order.route,
                      dose: page.order.dose,
                      doseValue: page.orderedMg,
                    }}
                  />
                ) : null}
                {page.canRecordSession ? <CheckForm {...common} /> : null}
                {page.canRecordObservation ? <ObservationForm {...common} /> : null}
                {page.canRecordSession ? <AdverseEventForm {...common} /> : null}
              </div>
              {page.canRecordSession ? <DischargeForm {...common} escortName={page.escortName} /> : null}
            </section>
          ) : session.closed ? (
            <p className="muted">This session was discharged and is closed: nothing more can be recorded in it.</p>
          ) : null}
        </>
      )}
    </section>
  );
}
