import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { Form } from "react-router";
import type { RouteOfAdministration } from "#db/schema/clinical-safety";
import type { StepUpPrompt, StepUpReply } from "#app/auth/step-up";
import { StepUpFields } from "#app/auth/step-up-fields";
import { replyFor, type IntentReply } from "#app/clinic/form-reply";
import { FormErrors, SelectField, TextAreaField, TextField } from "#app/ui/fields";
import { ADMINISTRATION_ROUTES, DRUG_LABELS, DRUG_VALUES, ROUTE_LABELS, type DoseLimits } from "./clinical-settings";
import { discontinueSchema, orderDoseSchema, WHOLE_SERIES } from "./dose-order-forms";
import { checkDose, describeRange, formatAmount } from "./dose-range";
import type { DoseOrderEntry, DosingWeight } from "./dose-orders.server";

export type DoseOrderReply = IntentReply & StepUpReply & { warnings: string[] };

function asReply(actionData: unknown): DoseOrderReply | undefined {
  return actionData && typeof actionData === "object" && "intent" in actionData
    ? (actionData as DoseOrderReply)
    : undefined;
}

const WEIGHT_SOURCES: Record<NonNullable<DosingWeight["source"]>, string> = {
  screening: "the baseline weight of the signed screening",
  patient: "the patient's record (no signed screening weight yet)",
};

export function weightSentence(weight: DosingWeight): string {
  return weight.weightKg === null || weight.source === null
    ? "The patient's weight is unknown: mg/kg cannot be calculated. Record it in the screening or on the patient's record."
    : `mg/kg is calculated from ${formatAmount(weight.weightKg)} kg, ${WEIGHT_SOURCES[weight.source]}.`;
}

function isRoute(value: unknown): value is RouteOfAdministration {
  return typeof value === "string" && (ADMINISTRATION_ROUTES as readonly string[]).includes(value);
}

export function OrderDoseForm({
  ranges,
  weight,
  sessions,
  stepUp,
  actionData,
}: {
  ranges: Record<RouteOfAdministration, DoseLimits>;
  weight: DosingWeight;
  sessions: { id: string; label: string }[];
  stepUp: StepUpPrompt;
  actionData: unknown;
}): ReactNode {
  const reply = asReply(actionData);
  const [form, fields] = useForm({
    id: "order-dose",
    lastResult: replyFor(reply, "order"),
    defaultValue: { drug: "ketamine", route: "IM", scope: WHOLE_SERIES },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: orderDoseSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  // The same check the server makes, shown as the prescriber types.
  const route = isRoute(fields.route.value) ? fields.route.value : null;
  const dose = Number(fields.doseMg.value);
  const check =
    route && fields.doseMg.value && Number.isFinite(dose) && dose > 0
      ? checkDose(route, ranges[route], dose, weight.weightKg)
      : null;
  const warnings = check ? check.warnings : reply?.intent === "order" ? reply.warnings : [];
  return (
    <Form method="post" {...getFormProps(form)}>
      <fieldset>
        <legend>Order a dose</legend>
        <p className="hint">{weightSentence(weight)}</p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="order" />
        <div className="grid-2">
          <SelectField
            field={fields.drug}
            label="Drug"
            options={DRUG_VALUES.map((drug) => ({ value: drug, label: DRUG_LABELS[drug] }))}
          />
          <SelectField
            field={fields.route}
            label="Route"
            options={ADMINISTRATION_ROUTES.map((value) => ({ value, label: ROUTE_LABELS[value] }))}
          />
          <TextField
            field={fields.doseMg}
            label="Dose (mg)"
            type="number"
            step="0.01"
            hint={route ? `Clinic range for ${route}: ${describeRange(ranges[route])}.` : undefined}
          />
          <SelectField
            field={fields.scope}
            label="For"
            options={[
              { value: WHOLE_SERIES, label: "The whole series (every session without its own order)" },
              ...sessions.map((session) => ({ value: session.id, label: session.label })),
            ]}
          />
        </div>
        <p aria-live="polite">
          {check ? (
            <>This dose is {check.mgPerKg === null ? "unknown" : `${formatAmount(check.mgPerKg)}`} mg/kg.</>
          ) : null}
        </p>
        {warnings.length > 0 ? (
          <div className="warning" role="alert">
            <p>Outside the clinic&apos;s range:</p>
            <ul>
              {warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <TextField
          field={fields.outOfRangeReason}
          label="Reason to order outside the range"
          hint="Required only when the dose is outside the clinic's range or cannot be checked."
        />
        <TextAreaField field={fields.instructions} label="Instructions (optional)" />
        <StepUpFields prompt={stepUp} reply={reply?.intent === "order" ? reply : null} idPrefix="order-dose" />
        <button type="submit">Order dose</button>
      </fieldset>
    </Form>
  );
}

function DiscontinueForm({ order, actionData }: { order: DoseOrderEntry; actionData: unknown }): ReactNode {
  const [form, fields] = useForm({
    id: `discontinue-${order.id}`,
    lastResult: replyFor(asReply(actionData), "discontinue", order.id),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: discontinueSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="discontinue" />
      <input type="hidden" name="orderId" value={order.id} />
      <TextField field={fields.reason} label={`Reason to discontinue ${order.drug} ${order.dose} ${order.route}`} />
      <button type="submit" className="danger">
        Discontinue
      </button>
    </Form>
  );
}

export function DoseOrderTable({
  orders,
  caption,
  canDiscontinue,
  actionData,
}: {
  orders: DoseOrderEntry[];
  caption: string;
  canDiscontinue: boolean;
  actionData: unknown;
}): ReactNode {
  const discontinued = orders.some((order) => order.discontinued !== null);
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">mg/kg (weight)</th>
            <th scope="col">For</th>
            <th scope="col">Ordered</th>
            <th scope="col">Notes</th>
            {discontinued ? <th scope="col">Discontinued</th> : null}
            {canDiscontinue ? <th scope="col">Discontinue</th> : null}
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <th scope="row">
                {order.drug} {order.dose} {order.route}
              </th>
              <td>
                {order.mgPerKg} ({order.weight})
              </td>
              <td>{order.scope}</td>
              <td>
                {order.orderedAt} by {order.orderedBy}
              </td>
              <td>
                {order.instructions ? <p className="prewrap">{order.instructions}</p> : null}
                {order.outOfRangeReason ? <p>Outside the clinic&apos;s range: {order.outOfRangeReason}</p> : null}
              </td>
              {discontinued ? (
                <td>
                  {order.discontinued
                    ? `${order.discontinued.at} by ${order.discontinued.by}: ${order.discontinued.reason}`
                    : null}
                </td>
              ) : null}
              {canDiscontinue ? (
                <td>
                  <DiscontinueForm order={order} actionData={actionData} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
