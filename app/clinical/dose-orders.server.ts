import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "#db/client";
import { appointment, doseOrder, screening, series, staffUser } from "#db/schema";
import type { Drug, RouteOfAdministration } from "#db/schema/clinical-safety";
import type { AppointmentStatus } from "#db/schema/scheduling";
import { audit } from "#app/audit/audit.server";
import { auditActor, type Viewer } from "#app/auth/guard.server";
import type { StepUpProof } from "#app/auth/step-up.server";
import { formatLocalDateTime } from "#app/clinic/local-time";
import { formatInTimeZone } from "#app/ui/dates";
import { DRUG_LABELS } from "./clinical-settings";
import { loadClinicalSettings } from "./clinical-settings.server";
import { WHOLE_SERIES, type OrderDoseInput } from "./dose-order-forms";
import { checkDose, formatAmount } from "./dose-range";
import type { ClinicalSeries } from "./screening.server";

export type ActiveDoseOrder = {
  id: string;
  drug: Drug;
  route: RouteOfAdministration;
  doseMg: number;
  mgPerKg: number | null;
  weightKg: number | null;
  orderedByName: string;
  orderedAt: Date;
};

function numberOrNull(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * The order a dosing session follows: its own, else the series-wide one; never a discontinued order.
 * The caller has already authorized the series.
 */
export async function activeDoseOrder(
  db: DbOrTx,
  seriesId: string,
  appointmentId: string | null,
): Promise<ActiveDoseOrder | null> {
  const scope = appointmentId
    ? or(eq(doseOrder.appointmentId, appointmentId), isNull(doseOrder.appointmentId))
    : isNull(doseOrder.appointmentId);
  const [row] = await db
    .select({
      id: doseOrder.id,
      drug: doseOrder.drug,
      route: doseOrder.route,
      doseMg: doseOrder.doseMg,
      mgPerKg: doseOrder.mgPerKg,
      weightKg: doseOrder.weightKg,
      orderedByName: staffUser.name,
      orderedAt: doseOrder.orderedAt,
    })
    .from(doseOrder)
    .innerJoin(staffUser, eq(staffUser.id, doseOrder.orderedBy))
    .where(and(eq(doseOrder.seriesId, seriesId), isNull(doseOrder.discontinuedAt), scope))
    // The session's own order first, then the newest.
    .orderBy(sql`${doseOrder.appointmentId} is null`, desc(doseOrder.orderedAt))
    .limit(1);
  if (!row) {
    return null;
  }
  return {
    ...row,
    doseMg: Number(row.doseMg),
    mgPerKg: numberOrNull(row.mgPerKg),
    weightKg: numberOrNull(row.weightKg),
  };
}

export type DosingWeight = { weightKg: number | null; source: "screening" | "patient" | null };

/** The weight doses are calculated from: the signed screening's baseline, else the patient's record. */
export async function dosingWeight(db: DbOrTx, found: ClinicalSeries): Promise<DosingWeight> {
  const [signed] = await db
    .select({ weightKg: screening.baselineWeightKg })
    .from(screening)
    .where(and(eq(screening.seriesId, found.series.id), sql`${screening.signedAt} is not null`));
  if (signed?.weightKg) {
    return { weightKg: Number(signed.weightKg), source: "screening" };
  }
  const fromRecord = found.onRecord.patient.weightKg;
  return fromRecord ? { weightKg: Number(fromRecord), source: "patient" } : { weightKg: null, source: null };
}

const CLOSED_STATUSES: readonly AppointmentStatus[] = ["completed", "cancelled", "no_show"];

export type DosingSessionChoice = { id: string; label: string; open: boolean };

/** The series' dosing sessions, in time order, named as the care team says them. */
export async function dosingSessionsOf(
  db: DbOrTx,
  clinicId: string,
  seriesId: string,
  timeZone: string,
): Promise<DosingSessionChoice[]> {
  const rows = await db
    .select({
      id: appointment.id,
      doseNumber: appointment.doseNumber,
      startsAt: appointment.startsAt,
      status: appointment.status,
    })
    .from(appointment)
    .where(and(eq(appointment.clinicId, clinicId), eq(appointment.seriesId, seriesId), eq(appointment.kind, "dosing")))
    .orderBy(asc(appointment.startsAt));
  return rows.map((row) => ({
    id: row.id,
    label: `${row.doseNumber !== null ? `Dose ${row.doseNumber}` : "Dosing session"}, ${formatInTimeZone(row.startsAt, timeZone, "EEE d MMM yyyy HH:mm")}`,
    open: !CLOSED_STATUSES.includes(row.status),
  }));
}

export type DoseOrderEntry = {
  id: string;
  drug: string;
  route: RouteOfAdministration;
  dose: string;
  mgPerKg: string;
  weight: string;
  scope: string;
  instructions: string;
  outOfRangeReason: string;
  orderedBy: string;
  orderedAt: string;
  discontinued: { at: string; by: string; reason: string } | null;
};

/** Every order of the series, newest first, with the words the page shows. */
export async function listDoseOrders(
  db: DbOrTx,
  clinicId: string,
  seriesId: string,
  timeZone: string,
): Promise<DoseOrderEntry[]> {
  const discontinuer = alias(staffUser, "discontinuer");
  const rows = await db
    .select({
      order: doseOrder,
      orderedBy: staffUser.name,
      orderedByCredentials: staffUser.credentials,
      discontinuedBy: discontinuer.name,
    })
    .from(doseOrder)
    .innerJoin(staffUser, eq(staffUser.id, doseOrder.orderedBy))
    .leftJoin(discontinuer, eq(discontinuer.id, doseOrder.discontinuedBy))
    .where(and(eq(doseOrder.clinicId, clinicId), eq(doseOrder.seriesId, seriesId)))
    .orderBy(desc(doseOrder.orderedAt));
  const sessions = await dosingSessionsOf(db, clinicId, seriesId, timeZone);
  return rows.map(({ order, orderedBy, orderedByCredentials, discontinuedBy }) => ({
    id: order.id,
    drug: DRUG_LABELS[order.drug],
    route: order.route,
    dose: `${formatAmount(Number(order.doseMg))} mg`,
    mgPerKg: order.mgPerKg === null ? "unknown" : `${formatAmount(Number(order.mgPerKg))} mg/kg`,
    weight: order.weightKg === null ? "unknown" : `${formatAmount(Number(order.weightKg))} kg`,
    scope:
      order.appointmentId === null
        ? "Whole series"
        : (sessions.find((session) => session.id === order.appointmentId)?.label ?? "A dosing session"),
    instructions: order.instructions,
    outOfRangeReason: order.outOfRangeReason,
    orderedBy: orderedByCredentials ? `${orderedBy}, ${orderedByCredentials}` : orderedBy,
    orderedAt: formatLocalDateTime(order.orderedAt, timeZone),
    discontinued: order.discontinuedAt
      ? {
          at: formatLocalDateTime(order.discontinuedAt, timeZone),
          by: discontinuedBy ?? "Unknown",
          reason: order.discontinuedReason,
        }
      : null,
  }));
}

export type DoseOrderResult =
  | { ok: true; id: string }
  | { ok: false; status: 400 | 409; field: string | null; message: string; warnings: string[] };

function refuse(status: 400 | 409, field: string | null, message: string, warnings: string[] = []): DoseOrderResult {
  return { ok: false, status, field, message, warnings };
}

/**
 * Orders a dose for the whole series or one dosing session. A dose outside the clinic's range for its
 * route (or that cannot be checked, for want of a weight) needs a reason. One active order per session
 * and one series-wide: a change is a discontinuation and a new order.
 */
export async function orderDose(
  db: Db,
  viewer: Viewer,
  found: ClinicalSeries,
  input: OrderDoseInput,
  proof: StepUpProof,
): Promise<DoseOrderResult> {
  const { settings } = await loadClinicalSettings(db, viewer.clinicId);
  return db.transaction(async (tx): Promise<DoseOrderResult> => {
    // Orders of one series are written one at a time, so two prescribers cannot both add "the" order.
    const [locked] = await tx
      .select({ status: series.status })
      .from(series)
      .where(eq(series.id, found.series.id))
      .for("update");
    if (locked?.status === "completed" || locked?.status === "discontinued") {
      return refuse(409, null, `This series is ${locked.status}; no new doses can be ordered.`);
    }
    const [signed] = await tx
      .select({ cleared: screening.cleared })
      .from(screening)
      .where(and(eq(screening.seriesId, found.series.id), sql`${screening.signedAt} is not null`));
    if (signed && !signed.cleared) {
      return refuse(
        409,
        null,
        "The patient was screened as not cleared for dosing in this series, so no dose can be ordered.",
      );
    }
    const appointmentId = input.scope === WHOLE_SERIES ? null : input.scope;
    let scopeName = "the whole series";
    if (appointmentId) {
      const sessions = await dosingSessionsOf(tx, viewer.clinicId, found.series.id, viewer.timeZone);
      const session = sessions.find((candidate) => candidate.id === appointmentId);
      if (!session) {
        return refuse(400, "scope", "Choose the whole series or one of this series' dosing sessions.");
      }
      if (!session.open) {
        return refuse(
          400,
          "scope",
          `${session.label} is completed, cancelled or missed. Choose a session still to come.`,
        );
      }
      scopeName = session.label;
    }
    const [existing] = await tx
      .select({ id: doseOrder.id })
      .from(doseOrder)
      .where(
        and(
          eq(doseOrder.seriesId, found.series.id),
          isNull(doseOrder.discontinuedAt),
          appointmentId ? eq(doseOrder.appointmentId, appointmentId) : isNull(doseOrder.appointmentId),
        ),
      );
    if (existing) {
      return refuse(
        409,
        null,
        `There is already an active order for ${scopeName}. Discontinue it first, then order the new dose.`,
      );
    }
    const weight = await dosingWeight(tx, found);
    const check = checkDose(input.route, settings.doseRanges[input.route], input.doseMg, weight.weightKg);
    const reason = input.outOfRangeReason ?? "";
    if (!check.withinRange && reason === "") {
      return refuse(
        400,
        "outOfRangeReason",
        "This dose is outside the clinic's range (see the warning). Give a reason to order it anyway, or change the dose.",
        check.warnings,
      );
    }
    const [created] = await tx
      .insert(doseOrder)
      .values({
        clinicId: viewer.clinicId,
        seriesId: found.series.id,
        patientId: found.series.patientId,
        appointmentId,
        drug: input.drug,
        route: input.route,
        doseMg: input.doseMg.toFixed(2),
        weightKg: weight.weightKg === null ? null : weight.weightKg.toFixed(1),
        mgPerKg: check.mgPerKg === null ? null : check.mgPerKg.toFixed(3),
        // A reason given for a dose within range explains nothing: keep the record honest.
        outOfRangeReason: check.withinRange ? "" : reason,
        instructions: input.instructions ?? "",
        orderedBy: viewer.id,
      })
      .returning({ id: doseOrder.id });
    await audit(tx, auditActor(viewer), {
      action: "order:dose",
      entityType: "dose_order",
      entityId: created!.id,
      patientId: found.series.patientId,
      detail: {
        seriesId: found.series.id,
        appointmentId,
        change: "ordered",
        outsideRange: !check.withinRange,
        confirmedBy: proof.how,
      },
    });
    return { ok: true, id: created!.id };
  });
}

/** Discontinues an active order, with the reason; the database allows no other change to an order. */
export async function discontinueDoseOrder(
  db: Db,
  viewer: Viewer,
  found: ClinicalSeries,
  input: { orderId: string; reason: string },
): Promise<DoseOrderResult> {
  return db.transaction(async (tx): Promise<DoseOrderResult> => {
    const [order] = await tx
      .select({ id: doseOrder.id, discontinuedAt: doseOrder.discontinuedAt })
      .from(doseOrder)
      .where(
        and(
          eq(doseOrder.id, input.orderId),
          eq(doseOrder.seriesId, found.series.id),
          eq(doseOrder.clinicId, viewer.clinicId),
        ),
      )
      .for("update");
    if (!order) {
      return refuse(400, "orderId", "Choose an order of this series.");
    }
    if (order.discontinuedAt) {
      return refuse(409, null, "This order was already discontinued.");
    }
    await tx
      .update(doseOrder)
      .set({ discontinuedAt: new Date(), discontinuedBy: viewer.id, discontinuedReason: input.reason })
      .where(eq(doseOrder.id, order.id));
    await audit(tx, auditActor(viewer), {
      action: "order:dose",
      entityType: "dose_order",
      entityId: order.id,
      patientId: found.series.patientId,
      detail: { seriesId: found.series.id, change: "discontinued" },
    });
    return { ok: true, id: order.id };
  });
}
