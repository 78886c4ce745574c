import type { Db } from "#db/client";
import { authorizeRecord, notFound, type Viewer } from "#app/auth/guard.server";
import { can, type Permission } from "#app/auth/policy";
import type { PatientOnRecord } from "#app/patients/access.server";
import { patientDisplayName } from "#app/patients/labels";
import type { AppointmentRow } from "#app/scheduling/appointment-rows.server";
import { requireAppointment, seriesName } from "#app/scheduling/appointment-view.server";
import { appointmentTitle } from "#app/scheduling/labels";
import { STATUS_LABELS } from "#app/scheduling/status-transitions";
import { formatInTimeZone } from "#app/ui/dates";
import type { VitalThresholds } from "#db/schema/clinic";
import { DRUG_LABELS, ROUTE_LABELS } from "./clinical-settings";
import { loadClinicalSettings } from "./clinical-settings.server";
import { activeDoseOrder, type ActiveDoseOrder } from "./dose-orders.server";
import type { Readiness } from "./session-readiness";
import { sessionReadiness } from "./session-readiness.server";
import { sessionRecord, type SessionOrder, type SessionRecord } from "./session-record.server";
import { formatMg } from "./session-rules";
import { rangeRows, sessionTimeline, staffLabel, type TimelineRow } from "./session-timeline";
import { findDosingSession } from "./session.server";

export type DosingAppointment = { appointment: AppointmentRow; onRecord: PatientOnRecord };

/**
 * The dosing appointment a session page is about, if the viewer may do `permission` to its patient:
 * 404 (audited) for an unknown id or another clinic's, 403 (audited) off the care team or without
 * the permission; 404 for an appointment that is not a dosing session.
 */
export async function requireDosingAppointment(
  db: Db,
  viewer: Viewer,
  permission: Permission,
  appointmentId: string | undefined,
): Promise<DosingAppointment> {
  const { appointment, onRecord } = await requireAppointment(db, viewer, permission, appointmentId);
  await authorizeRecord(viewer, permission, onRecord.target, {
    entityType: "appointment",
    entityId: appointment.id,
    patientId: appointment.patientId,
  });
  if (appointment.kind !== "dosing") {
    notFound("Only a dosing session has a session record.");
  }
  return { appointment, onRecord };
}

/** Who may be named as having given a dose: the care team's active nurses and prescribers. */
export function giverChoices(onRecord: PatientOnRecord): { id: string; name: string }[] {
  const givers = new Map<string, string>();
  for (const member of onRecord.careTeam) {
    if (member.active && (member.role === "nurse" || member.role === "prescriber") && !givers.has(member.userId)) {
      givers.set(member.userId, member.credentials ? `${member.name}, ${member.credentials}` : member.name);
    }
  }
  return [...givers].map(([id, name]) => ({ id, name }));
}

export type OrderView = {
  drug: string;
  route: string;
  dose: string;
  mgPerKg: string | null;
  weight: string | null;
  orderedBy: string;
  orderedAt: string;
  instructions: string;
};

function orderView(order: ActiveDoseOrder | SessionOrder, timeZone: string): OrderView {
  const orderedBy = "orderedByName" in order ? order.orderedByName : staffLabel(order.orderedBy);
  return {
    drug: DRUG_LABELS[order.drug],
    route: ROUTE_LABELS[order.route],
    dose: formatMg(order.doseMg),
    mgPerKg: order.mgPerKg === null ? null : `${Number(order.mgPerKg.toFixed(3))} mg/kg`,
    weight: order.weightKg === null ? null : `${order.weightKg} kg`,
    orderedBy,
    orderedAt: formatInTimeZone(order.orderedAt, timeZone, "EEE d MMM yyyy, HH:mm"),
    instructions: "instructions" in order ? order.instructions : "",
  };
}

export type SessionView = {
  checkedInAt: string;
  closed: boolean;
  timeline: TimelineRow[];
  alerts: { time: string; text: string }[];
  ranges: { sign: string; label: string; range: string }[];
  totalDose: string;
  discharge: {
    at: string;
    by: string;
    escortName: string;
    note: string;
    criteria: { label: string; met: boolean }[];
    totalMinutes: number;
  } | null;
  signedOff: { by: string; at: string } | null;
};

export type SessionPage = {
  appointment: {
    id: string;
    title: string;
    when: string;
    status: string;
    statusLabel: string;
    doseNumber: number | null;
  };
  patient: { id: string; name: string };
  series: { id: string; name: string } | null;
  timeZone: string;
  today: string;
  nowTime: string;
  canRecordSession: boolean;
  canRecordObservation: boolean;
  readiness: Readiness | null;
  order: OrderView | null;
  orderedMg: number | null;
  session: SessionView | null;
  givers: { id: string; name: string }[];
  defaultGiver: string;
  /** The escort named on the patient's record, to start the discharge form with. */
  escortName: string;
  thresholds: VitalThresholds;
};

function sessionView(record: SessionRecord, timeZone: string): SessionView {
  const when = (at: Date): string => formatInTimeZone(at, timeZone, "HH:mm");
  return {
    checkedInAt: when(record.checkedInAt),
    closed: record.closed,
    timeline: sessionTimeline(record, timeZone),
    alerts: record.summary.alerts.map((alert) => ({ time: when(alert.at), text: alert.text })),
    ranges: rangeRows(record),
    totalDose: formatMg(record.summary.totalDoseMg),
    discharge: record.discharge
      ? {
          at: when(record.discharge.at),
          by: staffLabel(record.discharge.by),
          escortName: record.discharge.escortName,
          note: record.discharge.note,
          criteria: record.discharge.criteriaList.map(({ label, met }) => ({ label, met })),
          totalMinutes: record.totalMinutes ?? 0,
        }
      : null,
    signedOff: record.signOff
      ? {
          by: staffLabel(record.signOff.prescriber),
          at: formatInTimeZone(record.signOff.signedAt, timeZone, "EEE d MMM yyyy, HH:mm"),
        }
      : null,
  };
}

/** Everything the session page shows, in the clinic's time. */
export async function sessionPage(db: Db, viewer: Viewer, found: DosingAppointment, now: Date): Promise<SessionPage> {
  const { appointment, onRecord } = found;
  const zone = viewer.timeZone;
  const started = await findDosingSession(db, viewer.clinicId, appointment.id);
  const record = started ? await sessionRecord(db, started.id) : null;
  const [readiness, active, name, clinical] = await Promise.all([
    started ? null : sessionReadiness(db, appointment.id),
    appointment.seriesId && !record?.closed ? activeDoseOrder(db, appointment.seriesId, appointment.id) : null,
    appointment.seriesId ? seriesName(db, viewer.clinicId, appointment.seriesId) : null,
    loadClinicalSettings(db, viewer.clinicId),
  ]);
  // An open session shows the order in force now; a closed one, the order it was given under.
  const order = active ?? record?.order ?? null;
  const givers = giverChoices(onRecord);
  return {
    appointment: {
      id: appointment.id,
      title: appointmentTitle(appointment.kind, appointment.doseNumber),
      when: `${formatInTimeZone(appointment.start, zone, "EEEE d MMMM yyyy")}, ${formatInTimeZone(appointment.start, zone, "HH:mm")}–${formatInTimeZone(appointment.end, zone, "HH:mm")}`,
      status: appointment.status,
      statusLabel: STATUS_LABELS[appointment.status],
      doseNumber: appointment.doseNumber,
    },
    patient: { id: onRecord.patient.id, name: patientDisplayName(onRecord.patient) },
    series: appointment.seriesId && name ? { id: appointment.seriesId, name } : null,
    timeZone: zone,
    today: formatInTimeZone(now, zone, "yyyy-MM-dd"),
    nowTime: formatInTimeZone(now, zone, "HH:mm"),
    canRecordSession: can(viewer, "record:session", onRecord.target),
    canRecordObservation: can(viewer, "record:observation", onRecord.target),
    readiness,
    order: order ? orderView(order, zone) : null,
    orderedMg: order?.doseMg ?? null,
    session: record ? sessionView(record, zone) : null,
    givers,
    defaultGiver: givers.some((giver) => giver.id === viewer.id) ? viewer.id : "",
    escortName: onRecord.patient.escortName,
    thresholds: clinical.settings.vitalThresholds,
  };
}
