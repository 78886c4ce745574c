import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Link, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { requireRecentVerification, stepUpPrompt } from "#app/auth/step-up.server";
import { can } from "#app/auth/policy";
import { formIntent, formString, refusal } from "#app/clinic/form-reply";
import { loadClinicalSettings } from "#app/clinical/clinical-settings.server";
import { DOSE_ORDER_INTENTS, discontinueSchema, orderDoseSchema } from "#app/clinical/dose-order-forms";
import { DoseOrderTable, OrderDoseForm, type DoseOrderReply } from "#app/clinical/dose-order-sections";
import {
  discontinueDoseOrder,
  dosingSessionsOf,
  dosingWeight,
  listDoseOrders,
  orderDose,
} from "#app/clinical/dose-orders.server";
import { clearanceStatus, requireClinicalSeries, seriesHeading } from "#app/clinical/screening.server";
import type { Route } from "./+types/series-orders";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Dose orders, ${loaderData?.series.patientName ?? "series"} · KAP Care Team` },
];

const NOTICES: Record<string, string> = {
  order: "Dose ordered.",
  discontinue: "Order discontinued.",
};

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:clinical");
  const db = getDb();
  const found = await requireClinicalSeries(db, viewer, "read:clinical", args.params.seriesId);
  await audit(db, auditActor(viewer), {
    action: "read:clinical",
    entityType: "dose_order",
    entityId: found.series.id,
    patientId: found.series.patientId,
  });
  const zone = viewer.timeZone;
  const [orders, sessions, weight, status, { settings }] = await Promise.all([
    listDoseOrders(db, viewer.clinicId, found.series.id, zone),
    dosingSessionsOf(db, viewer.clinicId, found.series.id, zone),
    dosingWeight(db, found),
    clearanceStatus(db, found.series.id),
    loadClinicalSettings(db, viewer.clinicId),
  ]);
  const saved = new URL(args.request.url).searchParams.get("saved");
  const closed = found.series.status === "completed" || found.series.status === "discontinued";
  return {
    series: seriesHeading(found),
    active: orders.filter((order) => order.discontinued === null),
    discontinued: orders.filter((order) => order.discontinued !== null),
    sessions: sessions.filter((session) => session.open).map(({ id, label }) => ({ id, label })),
    weight,
    ranges: settings.doseRanges,
    status,
    canOrder: can(viewer, "order:dose", found.onRecord.target) && !closed && status.screening !== "not_cleared",
    canDiscontinue: can(viewer, "order:dose", found.onRecord.target),
    closed,
    stepUp: await stepUpPrompt(db, viewer),
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved] : null,
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "order:dose");
  const db = getDb();
  const found = await requireClinicalSeries(db, viewer, "order:dose", args.params.seriesId);
  const formData = await args.request.formData();
  const intent = formIntent(formData, DOSE_ORDER_INTENTS);
  switch (intent) {
    case "order": {
      const submission = parseWithZod(formData, { schema: orderDoseSchema });
      if (submission.status !== "success") {
        return data<DoseOrderReply>(
          { intent, subject: null, result: submission.reply(), warnings: [] },
          { status: 400 },
        );
      }
      const stepUp = await requireRecentVerification(db, viewer, formData, {
        action: "order:dose",
        entityType: "series",
        entityId: found.series.id,
        patientId: found.series.patientId,
      });
      if (!stepUp.ok) {
        return data<DoseOrderReply>(
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
      const result = await orderDose(db, viewer, found, submission.value, stepUp.proof);
      if (!result.ok) {
        return data<DoseOrderReply>(
          { intent, subject: null, result: submission.reply(refusal(result)), warnings: result.warnings },
          { status: result.status },
        );
      }
      return redirect(`/series/${found.series.id}/orders?saved=order`);
    }
    case "discontinue": {
      const subject = formString(formData, "orderId");
      const submission = parseWithZod(formData, { schema: discontinueSchema });
      if (submission.status !== "success") {
        return data<DoseOrderReply>({ intent, subject, result: submission.reply(), warnings: [] }, { status: 400 });
      }
      const result = await discontinueDoseOrder(db, viewer, found, submission.value);
      if (!result.ok) {
        return data<DoseOrderReply>(
          { intent, subject, result: submission.reply(refusal(result)), warnings: [] },
          { status: result.status },
        );
      }
      return redirect(`/series/${found.series.id}/orders?saved=discontinue`);
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function SeriesOrders({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  const { series, active, discontinued, sessions, weight, ranges, status, canOrder, canDiscontinue, closed, notice } =
    loaderData;
  const location = useLocation();
  return (
    <section aria-labelledby="orders-title" key={location.key}>
      <div className="page-heading">
        <h1 id="orders-title">Dose orders: {series.patientName}</h1>
        <p className="actions">
          <Link to={`/series/${series.id}`}>Back to the series ({series.title})</Link>
          <Link to={`/series/${series.id}/clearance`}>Clearance and consent</Link>
        </p>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {status.missing.length > 0 ? (
        <div className="warning" role="status">
          <p>No dose can be given until:</p>
          <ul>
            {status.missing.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="panel" aria-labelledby="active-title">
        <h2 id="active-title">Active orders</h2>
        {active.length === 0 ? (
          <p>No active dose order.</p>
        ) : (
          <DoseOrderTable
            orders={active}
            caption="Active dose orders: a session's own order comes before the series-wide one."
            canDiscontinue={canDiscontinue}
            actionData={actionData}
          />
        )}
      </section>
      {canOrder ? (
        <section className="panel" aria-labelledby="new-order-title">
          <h2 id="new-order-title">New order</h2>
          <OrderDoseForm
            ranges={ranges}
            weight={weight}
            sessions={sessions}
            stepUp={loaderData.stepUp}
            actionData={actionData}
          />
        </section>
      ) : null}
      {closed ? <p className="muted">This series is {series.status}: no new doses can be ordered.</p> : null}
      <section className="panel" aria-labelledby="discontinued-title">
        <h2 id="discontinued-title">Discontinued orders</h2>
        {discontinued.length === 0 ? (
          <p>None.</p>
        ) : (
          <DoseOrderTable
            orders={discontinued}
            caption="Discontinued dose orders, newest first."
            canDiscontinue={false}
            actionData={actionData}
          />
        )}
      </section>
    </section>
  );
}
