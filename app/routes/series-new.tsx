import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect, useLocation, type ShouldRevalidateFunctionArgs } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { clock } from "#app/auth/clock";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { loadPatientFor } from "#app/patients/access.server";
import { patientDisplayName } from "#app/patients/labels";
import { bookAppointments } from "#app/scheduling/booking.server";
import { WEEKDAY_OPTIONS } from "#app/scheduling/labels";
import { tomorrowIn } from "#app/scheduling/local-dates";
import { planQuerySchema } from "#app/scheduling/plan-forms";
import {
  alternativeQuery,
  planChoices,
  planValuePairs,
  resolvePlanQuery,
  type PlanValues,
} from "#app/scheduling/plan-setup.server";
import { planSeries } from "#app/scheduling/planner";
import { ProposalForm, proposalKey, proposalReplyOf } from "#app/scheduling/proposal-form";
import {
  buildPlanRequest,
  proposalRows,
  slotRefsJson,
  submitProposal,
  type ProposalReply,
  type ProposalRow,
} from "#app/scheduling/proposal.server";
import { CheckboxGroup, FormErrors, SelectField, TextField } from "#app/ui/fields";
import type { Route } from "./+types/series-new";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Plan a series${loaderData ? ` for ${loaderData.patient.name}` : ""} · KAP Care Team` },
];

type Plan =
  | { ok: true; rows: ProposalRow[]; slotRefs: string; hidden: [string, string][] }
  | { ok: false; problems: string[]; alternatives: { description: string; query: string }[] };

type PageData = {
  patient: { id: string; name: string };
  choices: {
    templates: { value: string; label: string }[];
    therapists: { value: string; label: string }[];
    prescribers: { value: string; label: string }[];
    monitors: { value: string; label: string }[];
    rooms: { value: string; label: string }[];
  };
  rooms: { id: string; name: string }[];
  timeZone: string;
  values: PlanValues | null;
  query: SubmissionResult<string[]> | null;
  plan: Plan | null;
};

function noPlanMessage(startDate: string, searchDays: number): string {
  return `No arrangement of this course fits the clinic's calendar in the ${searchDays} days from ${startDate}. Try a later start, other weekdays or start times, another monitor, or a longer search.`;
}

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:schedule");
  const db = getDb();
  const { patient, careTeam } = await loadPatientFor(db, viewer, "read:patient", args.params.patientId);
  await audit(db, auditActor(viewer), {
    action: "read:patient",
    entityType: "patient",
    entityId: patient.id,
    patientId: patient.id,
    detail: { view: "plan-series" },
  });
  const choices = await planChoices(db, viewer.clinicId, careTeam);
  const url = new URL(args.request.url);
  const asOptions = (people: { id: string; name: string }[]): { value: string; label: string }[] =>
    people.map((person) => ({ value: person.id, label: person.name }));
  const page: PageData = {
    patient: { id: patient.id, name: patientDisplayName(patient) },
    choices: {
      templates: choices.templates.map((choice) => ({ value: choice.value, label: choice.name })),
      therapists: asOptions(choices.therapists),
      prescribers: asOptions(choices.prescribers),
      monitors: asOptions(choices.monitors),
      rooms: asOptions(choices.rooms),
    },
    rooms: choices.rooms,
    timeZone: viewer.timeZone,
    values: null,
    query: null,
    plan: null,
  };
  // A query the user typed is answered 400 when wrong; the bare page (no query) is never an error.
  const status = url.search ? 400 : 200;
  const submission = parseWithZod(url.searchParams, { schema: planQuerySchema });
  if (submission.status !== "success") {
    return data({ ...page, query: submission.reply() }, { status });
  }
  const resolved = resolvePlanQuery(submission.value, choices, tomorrowIn(viewer.timeZone, clock.now()));
  if (!resolved.ok) {
    return data({ ...page, query: submission.reply({ fieldErrors: resolved.fieldErrors }) }, { status });
  }
  const request = await buildPlanRequest(
    db,
    { clinicId: viewer.clinicId, timeZone: viewer.timeZone, patientId: patient.id },
    resolved.inputs,
  );
  const result = planSeries(request);
  const plan: Plan = result.ok
    ? {
        ok: true,
        rows: proposalRows(result.slots, request),
        slotRefs: slotRefsJson(result.slots),
        hidden: planValuePairs(resolved.values),
      }
    : {
        ok: false,
        problems:
          result.problems.length > 0
            ? result.problems.map((problem) => problem.message)
            : [noPlanMessage(request.startDate, resolved.inputs.searchDays)],
        alternatives: result.alternatives.map((alternative) => ({
          description: alternative.description,
          query: alternativeQuery(alternative.request, resolved.values.template),
        })),
      };
  return data({ ...page, values: resolved.values, plan }, { status: 200 });
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:schedule");
  const db = getDb();
  const { patient, careTeam } = await loadPatientFor(db, viewer, "read:patient", args.params.patientId);
  const formData = await args.request.formData();
  const intent = formData.get("intent") === "check" ? "check" : "book";
  const settings = parseWithZod(formData, { schema: planQuerySchema });
  const choices = await planChoices(db, viewer.clinicId, careTeam);
  const resolved =
    settings.status === "success"
      ? resolvePlanQuery(settings.value, choices, tomorrowIn(viewer.timeZone, clock.now()))
      : null;
  if (!resolved?.ok) {
    const result: SubmissionResult<string[]> = {
      status: "error",
      error: {
        "": ["The plan's settings are no longer valid (for example, the care team changed). Plan the series again."],
      },
    };
    return data<ProposalReply>({ intent, subject: null, result, review: null }, { status: 400 });
  }
  const place = { clinicId: viewer.clinicId, timeZone: viewer.timeZone, patientId: patient.id };
  const request = await buildPlanRequest(db, place, resolved.inputs);
  const { team } = resolved.inputs;
  const outcome = await submitProposal(db, {
    formData,
    place,
    request,
    book: (slots, overriddenRules) =>
      bookAppointments(db, auditActor(viewer), {
        ...place,
        series: {
          templateId: resolved.choice.templateId,
          rules: resolved.choice.template,
          prescriberId: team.prescriberId,
          therapistId: team.therapistId,
        },
        slots,
        overriddenRules,
      }),
  });
  if (outcome.kind === "booked") {
    return redirect(`/series/${outcome.seriesId}?saved=booked`);
  }
  return data(outcome.reply, { status: outcome.status });
}

// Checking writes nothing, so there is no need to plan again; the edited rows stay as they are.
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs): boolean {
  return formData?.get("intent") === "check" ? false : defaultShouldRevalidate;
}

function PlanSetupForm({ page }: { page: PageData }): ReactNode {
  const { choices, values } = page;
  const [form, fields] = useForm({
    id: "plan-setup",
    lastResult: page.query,
    defaultValue: values ?? undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: planQuerySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const monitor = fields.monitor;
  return (
    <Form method="get" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset>
        <legend>Course and care team</legend>
        <div className="grid-2">
          <SelectField field={fields.template} label="Template" options={choices.templates} />
          <SelectField field={fields.therapist} label="Therapist (from the care team)" options={choices.therapists} />
          <SelectField
            field={fields.prescriber}
            label="Prescriber (from the care team)"
            options={choices.prescribers}
          />
          <div className="field">
            <label htmlFor={monitor.id}>Monitor for dosing sessions</label>
            <p id={`${monitor.id}-hint`} className="hint">
              Any active prescriber or nurse. Leave empty to let the planner choose for each session.
            </p>
            <select
              id={monitor.id}
              name={monitor.name}
              defaultValue={values?.monitor[0] ?? ""}
              aria-describedby={`${monitor.id}-hint ${monitor.errorId}`}
              aria-invalid={monitor.errors ? true : undefined}
            >
              <option value="">The planner chooses</option>
              {choices.monitors.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            <div id={monitor.errorId} className="field-errors" aria-live="polite">
              {monitor.errors?.map((error) => (
                <p key={error}>{error}</p>
              ))}
            </div>
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>When</legend>
        <div className="grid-2">
          <TextField field={fields.start} label="First day" type="date" hint="Nothing is planned before this day." />
          <TextField
            field={fields.days}
            label="Days to search"
            type="number"
            hint="Every session falls within this many days of the first day."
          />
          <TextField field={fields.earliest} label="Earliest start (optional)" type="time" />
          <TextField field={fields.latest} label="Latest start (optional)" type="time" />
        </div>
        <CheckboxGroup
          field={fields.weekdays}
          legend="Preferred weekdays (optional)"
          options={[...WEEKDAY_OPTIONS]}
          hint="Leave all unticked to allow any day the clinic is open."
        />
        {choices.rooms.length > 0 ? (
          <CheckboxGroup
            field={fields.room}
            legend="Preferred rooms (optional)"
            options={choices.rooms}
            hint="Leave all unticked to allow any room."
          />
        ) : null}
      </fieldset>
      <button type="submit">Find times</button>
    </Form>
  );
}

function PlanResult({ page, actionData }: { page: PageData; actionData: ProposalReply | undefined }): ReactNode {
  const { plan } = page;
  if (!plan) {
    return <p>Choose the course and the preferences above, then press Find times.</p>;
  }
  if (!plan.ok) {
    return (
      <>
        <div className="form-errors" role="alert">
          <p>The planner found no times for this course:</p>
          <ul>
            {plan.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
        {plan.alternatives.length > 0 ? (
          <>
            <h3>Plans that would work instead</h3>
            <ul>
              {plan.alternatives.map((alternative) => (
                <li key={alternative.query}>
                  <Link to={alternative.query}>{alternative.description}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    );
  }
  return (
    <ProposalForm
      key={proposalKey(plan.rows)}
      id="proposal"
      rows={plan.rows}
      slotRefs={plan.slotRefs}
      hidden={plan.hidden}
      rooms={page.rooms}
      timeZone={page.timeZone}
      caption={`${plan.rows.length} sessions, in time order.`}
      bookLabel="Book series"
      actionData={actionData}
    />
  );
}

export default function PlanSeries({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const page: PageData = loaderData;
  const location = useLocation();
  return (
    <section aria-labelledby="plan-title">
      <div className="page-heading">
        <h1 id="plan-title">Plan a series for {page.patient.name}</h1>
        <Link to={`/patients/${page.patient.id}`}>Back to the patient</Link>
      </div>
      <section className="panel" aria-labelledby="setup-title">
        <h2 id="setup-title">1. Course and preferences</h2>
        {page.choices.therapists.length === 0 || page.choices.prescribers.length === 0 ? (
          <p className="warning">
            A series needs a therapist and a prescriber from the patient&apos;s care team.{" "}
            <Link to={`/patients/${page.patient.id}/care-team`}>Change the care team</Link> first.
          </p>
        ) : null}
        <PlanSetupForm key={location.search} page={page} />
      </section>
      <section className="panel" aria-labelledby="proposal-title">
        <h2 id="proposal-title">2. Proposed sessions</h2>
        <PlanResult page={page} actionData={proposalReplyOf(actionData)} />
      </section>
    </section>
  );
}
