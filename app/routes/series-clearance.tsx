import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { formIntent, refusal, type IntentReply } from "#app/clinic/form-reply";
import { listConsentForms } from "#app/clinical/clinical-settings.server";
import { CONSENT_INTENTS, recordConsentSchema, withdrawConsentSchema } from "#app/clinical/consent-forms";
import { ConsentHistory, RecordConsentForm, WithdrawConsentForm } from "#app/clinical/consent-sections";
import { consentHistory, recordConsent, withdrawConsent } from "#app/clinical/consent.server";
import { SCREENING_INTENTS, screeningContent, screeningSchema } from "#app/clinical/screening-forms";
import {
  SCREENING_STATE_LABELS,
  ScreeningForm,
  ScreeningRecord,
  type ScreeningReply,
} from "#app/clinical/screening-sections";
import { requireRecentVerification, stepUpPrompt } from "#app/auth/step-up.server";
import {
  type SaveScreeningRequest,
  authorizeOnSeries,
  clearanceStatus,
  requireClinicalSeries,
  saveScreening,
  screeningView,
  seriesHeading,
} from "#app/clinical/screening.server";
import { todayIn } from "#app/scheduling/local-dates";
import type { Route } from "./+types/series-clearance";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Clearance and consent, ${loaderData?.series.patientName ?? "series"} · KAP Care Team` },
];

const CLEARANCE_INTENTS = [...SCREENING_INTENTS, ...CONSENT_INTENTS] as const;

const NOTICES: Record<string, string> = {
  "save-screening": "Screening draft saved.",
  "sign-screening": "Screening signed. It can no longer be changed.",
  "record-consent": "Consent recorded.",
  "withdraw-consent": "Withdrawal of consent recorded.",
};

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const found = await requireClinicalSeries(db, viewer, "read:clinical", args.params.seriesId);
  await audit(db, auditActor(viewer), {
    action: "read:clinical",
    entityType: "screening",
    entityId: found.series.id,
    patientId: found.series.patientId,
  });
  const zone = viewer.timeZone;
  const [screening, status, history, forms] = await Promise.all([
    screeningView(db, viewer.clinicId, found.series.id, zone),
    clearanceStatus(db, found.series.id),
    consentHistory(db, viewer.clinicId, found.series.id, zone),
    listConsentForms(db, viewer.clinicId, { activeOnly: true }),
  ]);
  const { patient } = found.onRecord;
  const saved = new URL(args.request.url).searchParams.get("saved");
  return {
    series: seriesHeading(found),
    screening,
    status,
    consent: {
      history,
      forms: forms.map(({ id, version, body }) => ({ id, version, body })),
      defaults: { escortName: patient.escortName, escortPhone: patient.escortPhone, witnessName: viewer.name },
    },
    canWriteScreening: can(viewer, "write:screening", found.onRecord.target),
    canRecordConsent: can(viewer, "record:consent", found.onRecord.target),
    today: todayIn(zone, clock.now()),
    stepUp: await stepUpPrompt(db, viewer),
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved] : null,
  };
}

function done(seriesId: string, intent: string): Response {
  return redirect(`/series/${seriesId}/clearance?saved=${intent}`);
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "record:consent");
  const db = getDb();
  const found = await requireClinicalSeries(db, viewer, "record:consent", args.params.seriesId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, CLEARANCE_INTENTS);
  const today = todayIn(viewer.timeZone, clock.now());
  switch (intent) {
    case "save-screening":
    case "sign-screening": {
      // The page is the care team's; only a prescriber on it may write or sign the screening.
      await authorizeOnSeries(viewer, "write:screening", found);
      const submission = parseWithZod(formData, { schema: screeningSchema });
      if (submission.status !== "success") {
        return data<ScreeningReply>(
          { intent, subject: null, result: submission.reply(), warnings: [] },
          { status: 400 },
        );
      }
      const { version, decision, acknowledge } = submission.value;
      let sign: SaveScreeningRequest["sign"] = null;
      if (intent === "sign-screening") {
        const stepUp = await requireRecentVerification(db, viewer, formData, {
          action: "sign:screening",
          entityType: "screening",
          entityId: found.series.id,
          patientId: found.series.patientId,
        });
        if (!stepUp.ok) {
          return data<ScreeningReply>(
            {
              intent,
              subject: null,
              result: submission.reply({ formErrors: [stepUp.message] }),
              warnings: [],
              stepUp: stepUp.stepUp,
            },
            { status: stepUp.status },
          );
        }
        sign = { decision, acknowledged: acknowledge === true, proof: stepUp.proof };
      }
      const result = await saveScreening(db, viewer, found, {
        expectedVersion: version,
        content: screeningContent(submission.value),
        sign,
      });
      if (result.ok) {
        return done(found.series.id, intent);
      }
      if (result.status === 400) {
        return data<ScreeningReply>(
          {
            intent,
            subject: null,
            result: submission.reply({ fieldErrors: result.fieldErrors }),
            warnings: result.warnings,
          },
          { status: 400 },
        );
      }
      return data<ScreeningReply>(
        { intent, subject: null, result: submission.reply({ formErrors: [result.message] }), warnings: [] },
        { status: 409 },
      );
    }
    case "record-consent": {
      const submission = parseWithZod(formData, { schema: recordConsentSchema(today) });
      if (submission.status !== "success") {
        return data<IntentReply>({ intent, subject: null, result: submission.reply() }, { status: 400 });
      }
      const result = await recordConsent(db, viewer, found, submission.value);
      if (!result.ok) {
        return data<IntentReply>(
          { intent, subject: null, result: submission.reply(refusal(result)) },
          { status: result.status },
        );
      }
      return done(found.series.id, intent);
    }
    case "withdraw-consent": {
      const submission = parseWithZod(formData, { schema: withdrawConsentSchema(today) });
      if (submission.status !== "success") {
        return data<IntentReply>({ intent, subject: null, result: submission.reply() }, { status: 400 });
      }
      const result = await withdrawConsent(db, viewer, found, submission.value);
      if (!result.ok) {
        return data<IntentReply>(
          { intent, subject: null, result: submission.reply(refusal(result)) },
          { status: result.status },
        );
      }
      return done(found.series.id, intent);
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function SeriesClearance({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { series, screening, status, consent, canWriteScreening, canRecordConsent, today, notice } = loaderData;
  const location = useLocation();
  const editable = canWriteScreening && (screening === null || screening.state === "draft");
  const currentConsent = consent.history[0];
  return (
    <section aria-labelledby="clearance-title" key={location.key}>
      <div className="page-heading">
        <h1 id="clearance-title">Clearance and consent: {series.patientName}</h1>
        <p className="actions">
          <Link to={`/series/${series.id}`}>Back to the series ({series.title})</Link>
          <Link to={`/series/${series.id}/orders`}>Dose orders</Link>
        </p>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <section
        className={status.missing.length > 0 ? "panel readiness not-ready" : "panel readiness ready"}
        aria-labelledby="readiness-title"
      >
        <h2 id="readiness-title">Ready for dosing?</h2>
        {status.missing.length === 0 ? (
          <p>Yes: the prescriber signed the clearance and the patient&apos;s consent is recorded.</p>
        ) : (
          <>
            <p>Not yet. A dosing session of this series cannot start until this is done:</p>
            <ul>
              {status.missing.map((sentence) => (
                <li key={sentence}>{sentence}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="screening-title">
        <h2 id="screening-title">Screening and clearance</h2>
        <p>
          <span className={`badge screening-${screening?.state ?? "missing"}`}>
            {SCREENING_STATE_LABELS[screening?.state ?? "missing"]}
          </span>
          {screening?.signedAt ? (
            <span>
              {" "}
              Signed by {screening.signedBy} on {screening.signedAt}.
            </span>
          ) : screening?.updatedAt ? (
            <span className="muted"> Last saved {screening.updatedAt}.</span>
          ) : null}
        </p>
        {editable ? <ScreeningForm view={screening} stepUp={loaderData.stepUp} actionData={actionData} /> : null}
        {!editable && screening ? <ScreeningRecord view={screening} /> : null}
        {!editable && !screening ? <p>The prescriber has not started the screening yet.</p> : null}
      </section>
      <section className="panel" aria-labelledby="consent-title">
        <h2 id="consent-title">Consent</h2>
        <p>
          Current state:{" "}
          {status.consent === "signed" ? (
            <span className="badge active">
              Signed{currentConsent ? ` on ${currentConsent.signedOn}, version ${currentConsent.formVersion}` : ""}
            </span>
          ) : status.consent === "withdrawn" ? (
            <span className="badge withdrawn">Withdrawn{currentConsent ? ` on ${currentConsent.signedOn}` : ""}</span>
          ) : (
            <span className="badge inactive">Not recorded</span>
          )}
        </p>
        <ConsentHistory entries={consent.history} />
        {canRecordConsent && consent.forms.length === 0 ? (
          <p className="warning">
            The clinic has no consent form yet: an administrator adds its text under Clinical settings.
          </p>
        ) : null}
        {canRecordConsent && consent.forms.length > 0 && status.consent !== "signed" ? (
          <RecordConsentForm forms={consent.forms} defaults={consent.defaults} today={today} actionData={actionData} />
        ) : null}
        {canRecordConsent && consent.forms.length > 0 && status.consent === "signed" ? (
          <details className="more-forms">
            <summary>Record a new signature, e.g. on a newer version of the form</summary>
            <RecordConsentForm
              forms={consent.forms}
              defaults={consent.defaults}
              today={today}
              actionData={actionData}
            />
          </details>
        ) : null}
        {canRecordConsent && status.consent === "signed" ? (
          <WithdrawConsentForm today={today} witnessName={consent.defaults.witnessName} actionData={actionData} />
        ) : null}
      </section>
    </section>
  );
}
