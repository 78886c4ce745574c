import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect } from "react-router";
import { getDb } from "#db/client";
import { clock } from "#app/auth/clock";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { formString, type IntentReply } from "#app/clinic/form-reply";
import { localDateTimeToUtc, utcToLocalInput } from "#app/clinic/local-time";
import { INSTRUMENT_DEFINITIONS, isInstrument } from "#app/measures/instruments";
import { MeasureForm } from "#app/measures/measure-form";
import { answersOf, measureFormSchema } from "#app/measures/measure-forms";
import { clinicPcl5CutOff, recordMeasure } from "#app/measures/measures.server";
import { seriesSessions, sessionChoices } from "#app/measures/measures-page.server";
import { contextForKind } from "#app/measures/schedule";
import { requireSeriesFor } from "#app/measures/series-access.server";
import { patientDisplayName } from "#app/patients/labels";
import type { Route } from "./+types/series-measures-new";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Record ${loaderData?.name ?? "a measure"} · KAP Care Team` },
];

const CHOOSE_INSTRUMENT = "Choose PHQ-9, GAD-7 or PCL-5.";

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "record:measure");
  const db = getDb();
  const { series: found, onRecord } = await requireSeriesFor(db, viewer, "record:measure", args.params.seriesId);
  const url = new URL(args.request.url);
  const instrument = url.searchParams.get("instrument") ?? "phq9";
  if (!isInstrument(instrument)) {
    throw data(CHOOSE_INSTRUMENT, { status: 400 });
  }
  const sessions = sessionChoices(await seriesSessions(db, found), viewer.timeZone);
  const chosen = sessions.find((session) => session.id === url.searchParams.get("appointment"));
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  return {
    seriesId: found.id,
    patient: { id: onRecord.patient.id, name: patientDisplayName(onRecord.patient) },
    instrument,
    name: definition.name,
    fullName: definition.fullName,
    sessions: sessions.map(({ id, label }) => ({ id, label })),
    defaults: {
      context: chosen ? contextForKind(chosen.kind) : ("follow_up" as const),
      appointmentId: chosen?.id ?? "",
      completedAt: utcToLocalInput(clock.now(), viewer.timeZone),
    },
  };
}

function invalid(result: IntentReply["result"]) {
  return data<IntentReply>({ intent: "record", subject: null, result }, { status: 400 });
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "record:measure");
  const db = getDb();
  const { series: found } = await requireSeriesFor(db, viewer, "record:measure", args.params.seriesId);
  const formData = await args.request.formData();
  const instrument = formString(formData, "instrument");
  if (!isInstrument(instrument)) {
    return invalid({ status: "error", error: { "": [CHOOSE_INSTRUMENT] } });
  }
  const submission = parseWithZod(formData, { schema: measureFormSchema(instrument) });
  if (submission.status !== "success") {
    return invalid(submission.reply());
  }
  const { value } = submission;
  const completedAt = localDateTimeToUtc(value.completedAt, viewer.timeZone);
  if (!completedAt.ok) {
    const message =
      completedAt.reason === "nonexistent"
        ? "That time does not exist: the clocks changed that night. Enter the time again."
        : "Enter a valid date and time.";
    return invalid(submission.reply({ fieldErrors: { completedAt: [message] } }));
  }
  const result = await recordMeasure(db, auditActor(viewer), {
    clinicId: viewer.clinicId,
    patientId: found.patientId,
    seriesId: found.id,
    appointmentId: value.appointmentId ?? null,
    instrument,
    context: value.context,
    answers: answersOf(instrument, value),
    completedAt: completedAt.at,
    pcl5CutOff: await clinicPcl5CutOff(db, viewer.clinicId),
    now: clock.now(),
  });
  if (!result.ok) {
    const fieldErrors: Record<string, string[]> = {};
    const formErrors: string[] = [];
    for (const problem of result.problems) {
      if (problem.field) {
        fieldErrors[problem.field] = [...(fieldErrors[problem.field] ?? []), problem.message];
      } else {
        formErrors.push(problem.message);
      }
    }
    return invalid(submission.reply({ fieldErrors, formErrors }));
  }
  return redirect(`/series/${found.id}/measures?saved=recorded&response=${result.id}`);
}

export default function RecordMeasure({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { seriesId, patient, instrument, fullName, sessions, defaults } = loaderData;
  return (
    <section aria-labelledby="record-title">
      <div className="page-heading">
        <h1 id="record-title">
          {fullName} for {patient.name}
        </h1>
        <Link to={`/series/${seriesId}/measures`}>Back to the measures</Link>
      </div>
      <p>Enter the patient's answer to every item. The total and its band are worked out when you save.</p>
      <MeasureForm
        key={instrument}
        instrument={instrument}
        sessions={sessions}
        defaults={defaults}
        lastResult={actionData?.result}
      />
    </section>
  );
}
