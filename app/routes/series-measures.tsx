import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { formIntent, refusal, type IntentReply } from "#app/clinic/form-reply";
import { INSTRUMENT_DEFINITIONS, INSTRUMENT_ORDER } from "#app/measures/instruments";
import { MeasureChart } from "#app/measures/chart";
import { enteredInErrorSchema, MEASURES_INTENTS } from "#app/measures/measure-forms";
import { MeasureTable } from "#app/measures/measure-table";
import { markEnteredInError } from "#app/measures/measures.server";
import { measuresPageData } from "#app/measures/measures-page.server";
import { AlertBanner, DueList } from "#app/measures/measures-sections";
import { requireSeriesFor } from "#app/measures/series-access.server";
import { patientDisplayName } from "#app/patients/labels";
import { FormErrors } from "#app/ui/fields";
import { parseSeriesTemplate } from "#app/scheduling/template-schema";
import type { Route } from "./+types/series-measures";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Outcome measures · ${loaderData?.patient.name ?? "Series"} · KAP Care Team` },
];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const { series: found, onRecord } = await requireSeriesFor(db, viewer, "read:clinical", args.params.seriesId);
  await audit(db, auditActor(viewer), {
    action: "read:measures",
    entityType: "series",
    entityId: found.id,
    patientId: found.patientId,
  });
  const { data: page, records } = await measuresPageData(db, found, viewer.timeZone, clock.now());
  const url = new URL(args.request.url);
  const saved = url.searchParams.get("saved");
  const recorded =
    saved === "recorded" ? records.find((record) => record.id === url.searchParams.get("response")) : undefined;
  let notice: string | null = null;
  if (recorded) {
    const definition = INSTRUMENT_DEFINITIONS[recorded.instrument];
    notice = `${definition.name} recorded: ${recorded.total} of ${definition.maxTotal}, ${recorded.severity}.${recorded.alert ? " Item 9 is above zero: the care team sees the safety alert." : ""}`;
  } else if (saved === "entered-in-error") {
    notice = "Marked entered in error. It stays in the table, struck through, and is left out of the chart.";
  }
  return {
    series: { id: found.id, name: parseSeriesTemplate(found.rules)?.name ?? "Course of treatment" },
    patient: { id: onRecord.patient.id, name: patientDisplayName(onRecord.patient) },
    page,
    timeZone: viewer.timeZone,
    canRecord: can(viewer, "record:measure", onRecord.target),
    notice,
  };
}

function reply(subject: string | null, result: IntentReply["result"], status: 400 | 404 | 409) {
  return data<IntentReply>({ intent: "entered-in-error", subject, result }, { status });
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "record:measure");
  const db = getDb();
  const { series: found } = await requireSeriesFor(db, viewer, "record:measure", args.params.seriesId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, MEASURES_INTENTS);
  switch (intent) {
    case "entered-in-error": {
      const subject = typeof formData.get("responseId") === "string" ? String(formData.get("responseId")) : null;
      const submission = parseWithZod(formData, { schema: enteredInErrorSchema });
      if (submission.status !== "success") {
        return reply(subject, submission.reply(), 400);
      }
      const result = await markEnteredInError(db, auditActor(viewer), {
        clinicId: viewer.clinicId,
        seriesId: found.id,
        responseId: submission.value.responseId,
        reason: submission.value.reason,
        now: clock.now(),
      });
      if (!result.ok) {
        return reply(subject, submission.reply(refusal(result)), result.status);
      }
      return redirect(`/series/${found.id}/measures?saved=entered-in-error`);
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

/** A refusal about a response whose form is no longer shown (e.g. someone else marked it first) goes at the top. */
function orphanErrors(
  actionData: IntentReply | undefined,
  sections: readonly { rows: readonly { id: string; enteredInError: unknown }[] }[],
): string[] | undefined {
  if (!actionData || actionData.intent !== "entered-in-error") {
    return undefined;
  }
  const row = sections.flatMap((section) => section.rows).find((candidate) => candidate.id === actionData.subject);
  return row && row.enteredInError === null ? undefined : (actionData.result.error?.[""] ?? undefined);
}

export default function SeriesMeasures({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { series, patient, page, timeZone, canRecord, notice } = loaderData;
  const location = useLocation();
  return (
    <section aria-labelledby="measures-title" key={location.key}>
      <div className="page-heading">
        <h1 id="measures-title">Outcome measures for {patient.name}</h1>
        <Link to={`/series/${series.id}`}>Back to the series ({series.name})</Link>
      </div>
      <AlertBanner alerts={page.alerts} />
      <FormErrors errors={orphanErrors(actionData, page.sections)} />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {canRecord ? (
        <nav aria-label="Record a questionnaire" className="actions">
          {INSTRUMENT_ORDER.map((instrument) => (
            <Link key={instrument} className="button" to={`/series/${series.id}/measures/new?instrument=${instrument}`}>
              Record {INSTRUMENT_DEFINITIONS[instrument].name}
            </Link>
          ))}
        </nav>
      ) : null}
      <DueList
        seriesId={series.id}
        occasions={page.occasions}
        dueCount={page.dueCount}
        overdueCount={page.overdueCount}
        canRecord={canRecord}
      />
      {page.sections.map((section) => (
        <section key={section.instrument} className="panel" aria-labelledby={`${section.instrument}-title`}>
          <h2 id={`${section.instrument}-title`}>{section.fullName}</h2>
          <div className="measure-layout">
            <MeasureChart
              id={`${section.instrument}-chart`}
              name={section.name}
              maxTotal={section.maxTotal}
              bands={section.bands}
              points={section.points}
              doses={page.doses}
              timeZone={timeZone}
            />
            <MeasureTable
              caption={`${section.name} responses in this series, oldest first`}
              rows={section.rows}
              canMark={canRecord}
              actionData={actionData}
            />
          </div>
        </section>
      ))}
    </section>
  );
}
