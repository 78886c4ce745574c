import { startOfMinute } from "date-fns";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "#db/client";
import { isUniqueViolation, pgErrorOf } from "#db/errors";
import {
  administration,
  adverseEvent,
  appointment,
  clinic,
  dosingSession,
  mentalStatusCheck,
  observation,
  vitalsEntry,
} from "#db/schema";
import type { DischargeCriteria } from "#db/schema/dosing-record";
import { audit, type AuditActor } from "#app/audit/audit.server";
import { changeAppointment } from "#app/scheduling/changes.server";
import { STATUS_LABELS } from "#app/scheduling/status-transitions";
import { formatInTimeZone } from "#app/ui/dates";
import { clinicalSettings } from "./clinical-settings";
import { activeDoseOrder } from "./dose-orders.server";
import type { EntryType } from "./session-forms";
import type { MentalStatus } from "./session-checks";
import { sessionReadiness } from "./session-readiness.server";
import {
  dischargeRefusal,
  doseDifference,
  entryTimeProblem,
  FUTURE_TOLERANCE_MS,
  totalMinutes,
  unmetDischargeCriteria,
} from "./session-rules";
import { vitalAlerts, type Vitals } from "./session-vitals";

export type DosingSessionRow = typeof dosingSession.$inferSelect;
export type Actor = AuditActor & { id: string };

/** Why a write was refused: bad input (400), a state that forbids it (409), or a warning to confirm (400). */
export type SessionFailure =
  | { ok: false; reason: "invalid"; field: string | null; message: string }
  | { ok: false; reason: "conflict"; message: string; missing?: string[] }
  | { ok: false; reason: "not_found"; message: string }
  | { ok: false; reason: "confirm"; field: string; message: string; warning: string };

export type SessionResult<T = object> = ({ ok: true } & T) | SessionFailure;

export const CLOSED_MESSAGE = "This session was discharged and is closed: nothing more can be recorded in it.";

function invalid(field: string | null, message: string): SessionFailure {
  return { ok: false, reason: "invalid", field, message };
}

function conflict(message: string, missing?: string[]): SessionFailure {
  return missing ? { ok: false, reason: "conflict", message, missing } : { ok: false, reason: "conflict", message };
}

/** Thrown inside a transaction to roll it back and answer with the failure. */
class Refused extends Error {
  constructor(readonly failure: SessionFailure) {
    super(failure.message);
  }
}

/** The triggers on dosing_session (closed after discharge) and on entries answer insufficient_privilege. */
function isClosedRefusal(error: unknown): boolean {
  return pgErrorOf(error)?.code === "42501";
}

async function withRefusals<T>(run: () => Promise<SessionResult<T>>): Promise<SessionResult<T>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) {
      return error.failure;
    }
    if (isClosedRefusal(error)) {
      return conflict(CLOSED_MESSAGE);
    }
    throw error;
  }
}

/** The session record of an appointment, if it has started. */
export async function findDosingSession(
  db: DbOrTx,
  clinicId: string,
  appointmentId: string,
): Promise<DosingSessionRow | null> {
  const [row] = await db
    .select()
    .from(dosingSession)
    .where(and(eq(dosingSession.appointmentId, appointmentId), eq(dosingSession.clinicId, clinicId)));
  return row ?? null;
}

export type StartInput = {
  clinicId: string;
  timeZone: string;
  appointmentId: string;
  checkedInAt: Date | null;
  now: Date;
};

/**
 * Opens the dosing session: refused while anything is missing (clearance, consent, order, an earlier
 * sign-off), then the appointment moves to in progress (through checked in if it was still
 * scheduled), all in one transaction.
 */
export async function startSession(
  db: Db,
  actor: Actor,
  input: StartInput,
): Promise<SessionResult<{ sessionId: string }>> {
  // Every time on the record is to the minute, as clinicians enter it; a check-in "now" with seconds
  // would make an entry in the same minute look earlier than the check-in.
  const checkedInAt = input.checkedInAt ?? startOfMinute(input.now);
  if (checkedInAt.getTime() > input.now.getTime() + FUTURE_TOLERANCE_MS) {
    return invalid(
      "time",
      `${formatInTimeZone(checkedInAt, input.timeZone, "HH:mm")} is in the future. Enter the time the patient arrived, or leave it empty for now.`,
    );
  }
  return withRefusals(async () => {
    try {
      return await db.transaction(async (tx) => {
        // Locks the appointment: two people pressing Start at once open one session.
        const [found] = await tx
          .select()
          .from(appointment)
          .where(and(eq(appointment.id, input.appointmentId), eq(appointment.clinicId, input.clinicId)))
          .for("update");
        if (!found || found.kind !== "dosing") {
          throw new Refused({ ok: false, reason: "not_found", message: "This dosing session does not exist." });
        }
        if (await findDosingSession(tx, input.clinicId, found.id)) {
          throw new Refused(conflict("This session has already started. Reload the page to see it."));
        }
        if (found.status !== "scheduled" && found.status !== "checked_in") {
          throw new Refused(
            conflict(
              `This appointment is ${STATUS_LABELS[found.status].toLowerCase()}, so its dosing session cannot start.`,
            ),
          );
        }
        // Opening next week's dose by mistake would put today's record on the wrong session.
        const bookedDay = formatInTimeZone(found.startsAt, input.timeZone, "yyyy-MM-dd");
        if (formatInTimeZone(checkedInAt, input.timeZone, "yyyy-MM-dd") !== bookedDay) {
          throw new Refused(
            conflict(
              `This session is booked for ${formatInTimeZone(found.startsAt, input.timeZone, "EEEE d MMMM yyyy")}: it can start only on that day. If the patient came on another day, reschedule the session first.`,
            ),
          );
        }
        const readiness = await sessionReadiness(tx, found.id);
        if (!readiness.ready || !found.seriesId) {
          throw new Refused(conflict("This dosing session cannot start yet.", readiness.missing));
        }
        const order = await activeDoseOrder(tx, found.seriesId, found.id);
        const [opened] = await tx
          .insert(dosingSession)
          .values({
            clinicId: input.clinicId,
            appointmentId: found.id,
            seriesId: found.seriesId,
            patientId: found.patientId,
            doseOrderId: order?.id ?? null,
            checkedInAt,
            openedBy: actor.id,
          })
          .returning({ id: dosingSession.id });
        let version = found.version;
        for (const to of found.status === "scheduled"
          ? (["checked_in", "in_progress"] as const)
          : (["in_progress"] as const)) {
          const moved = await changeAppointment(tx, actor, {
            clinicId: input.clinicId,
            timeZone: input.timeZone,
            appointmentId: found.id,
            expectedVersion: version,
            change: { type: "status", to },
            reason: "Dosing session started.",
          });
          if (!moved.ok) {
            throw new Refused(conflict(moved.message));
          }
          version = moved.version;
        }
        await audit(tx, actor, {
          action: "start:session",
          entityType: "dosing_session",
          entityId: opened!.id,
          patientId: found.patientId,
          detail: { appointmentId: found.id, checkedInAt: checkedInAt.toISOString() },
        });
        return { ok: true as const, sessionId: opened!.id };
      });
    } catch (error) {
      if (isUniqueViolation(error, "dosing_session_appointment_key")) {
        return conflict("This session has already started. Reload the page to see it.");
      }
      throw error;
    }
  });
}

/**
 * Runs one write to an open session. Every write bumps the session's version, so the trigger that
 * closes a discharged session refuses it too: nothing is added to a closed record, even when
 * discharge happens at the same moment.
 */
async function writeToSession<T>(
  db: Db,
  session: DosingSessionRow,
  write: (tx: Tx) => Promise<SessionResult<T>>,
  extra: Partial<DosingSessionRow> = {},
): Promise<SessionResult<T>> {
  if (session.dischargedAt) {
    return conflict(CLOSED_MESSAGE);
  }
  return withRefusals(() =>
    db.transaction(async (tx) => {
      await tx
        .update(dosingSession)
        .set({ ...extra, version: sql`${dosingSession.version} + 1` })
        .where(eq(dosingSession.id, session.id));
      return write(tx);
    }),
  );
}

export type EntryContext = { session: DosingSessionRow; timeZone: string; now: Date };

function timeProblem(at: Date, context: EntryContext): SessionFailure | null {
  const problem = entryTimeProblem(at, {
    checkedInAt: context.session.checkedInAt,
    now: context.now,
    timeZone: context.timeZone,
  });
  return problem ? invalid("time", problem) : null;
}

function entryBase(context: EntryContext, actor: Actor, at: Date) {
  return { clinicId: context.session.clinicId, dosingSessionId: context.session.id, at, recordedBy: actor.id };
}

async function auditEntry(
  tx: Tx,
  actor: Actor,
  context: EntryContext,
  entityType: string,
  entityId: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await audit(tx, actor, {
    action: "record:session",
    entityType,
    entityId,
    patientId: context.session.patientId,
    detail: { dosingSessionId: context.session.id, ...detail },
  });
}

export type AdministrationInput = {
  at: Date;
  doseMg: number;
  lotNumber: string;
  givenBy: string;
  allowedGivers: readonly string[];
  confirmedWarning: string | null;
};

/** A dose given, against the active order: its drug and route come from the order; a different dose needs confirming. */
export async function recordAdministration(
  db: Db,
  actor: Actor,
  context: EntryContext,
  input: AdministrationInput,
): Promise<SessionResult<{ id: string }>> {
  const problem = timeProblem(input.at, context);
  if (problem) {
    return problem;
  }
  if (!input.allowedGivers.includes(input.givenBy)) {
    return invalid("givenBy", "Choose a nurse or prescriber of the care team.");
  }
  if (!context.session.seriesId) {
    return conflict("This session has no dose order.");
  }
  const order = await activeDoseOrder(db, context.session.seriesId, context.session.appointmentId);
  if (!order) {
    return conflict(
      "There is no active dose order for this session: the prescriber must order the dose before it is given.",
    );
  }
  const orderedMg = Number(order.doseMg);
  const warning = doseDifference(input.doseMg, orderedMg);
  if (warning && input.confirmedWarning !== warning) {
    return {
      ok: false,
      reason: "confirm",
      field: "doseMg",
      message: `${warning} Check the dose, or confirm that this dose was given.`,
      warning,
    };
  }
  // The session follows the order the dose was given under, should the prescriber have re-ordered.
  const extra = order.id === context.session.doseOrderId ? {} : { doseOrderId: order.id };
  return writeToSession(
    db,
    context.session,
    async (tx) => {
      const [row] = await tx
        .insert(administration)
        .values({
          ...entryBase(context, actor, input.at),
          drug: order.drug,
          route: order.route,
          doseMg: input.doseMg.toFixed(2),
          lotNumber: input.lotNumber,
          givenBy: input.givenBy,
        })
        .returning({ id: administration.id });
      await auditEntry(tx, actor, context, "administration", row!.id, {
        doseMg: input.doseMg,
        orderedMg,
        doseOrderId: order.id,
        differsFromOrder: warning !== null,
      });
      return { ok: true as const, id: row!.id };
    },
    extra,
  );
}

/** Vital signs, with the alerts they raise at the clinic's thresholds stored beside them. */
export async function recordVitals(
  db: Db,
  actor: Actor,
  context: EntryContext,
  input: { at: Date; vitals: Vitals },
): Promise<SessionResult<{ id: string; alerts: string[] }>> {
  const problem = timeProblem(input.at, context);
  if (problem) {
    return problem;
  }
  const [settings] = await db
    .select({ settings: clinic.settings })
    .from(clinic)
    .where(eq(clinic.id, context.session.clinicId));
  const alerts = vitalAlerts(input.vitals, clinicalSettings(settings?.settings ?? {}).vitalThresholds);
  return writeToSession(db, context.session, async (tx) => {
    const [row] = await tx
      .insert(vitalsEntry)
      .values({ ...entryBase(context, actor, input.at), ...input.vitals, alerts })
      .returning({ id: vitalsEntry.id });
    await auditEntry(tx, actor, context, "vitals_entry", row!.id, { alerts: alerts.length });
    return { ok: true as const, id: row!.id, alerts };
  });
}

export async function recordCheck(
  db: Db,
  actor: Actor,
  context: EntryContext,
  input: { at: Date; status: MentalStatus },
): Promise<SessionResult<{ id: string }>> {
  const problem = timeProblem(input.at, context);
  if (problem) {
    return problem;
  }
  return writeToSession(db, context.session, async (tx) => {
    const [row] = await tx
      .insert(mentalStatusCheck)
      .values({
        ...entryBase(context, actor, input.at),
        moaas: input.status.moaas,
        cadssItems: input.status.cadssItems,
        cadssTotal: input.status.cadssTotal,
      })
      .returning({ id: mentalStatusCheck.id });
    await auditEntry(tx, actor, context, "mental_status_check", row!.id);
    return { ok: true as const, id: row!.id };
  });
}

export async function recordObservation(
  db: Db,
  actor: Actor,
  context: EntryContext,
  input: { at: Date; text: string },
): Promise<SessionResult<{ id: string }>> {
  const problem = timeProblem(input.at, context);
  if (problem) {
    return problem;
  }
  return writeToSession(db, context.session, async (tx) => {
    const [row] = await tx
      .insert(observation)
      .values({ ...entryBase(context, actor, input.at), text: input.text })
      .returning({ id: observation.id });
    await auditEntry(tx, actor, context, "observation", row!.id);
    return { ok: true as const, id: row!.id };
  });
}

export type AdverseEventInput = {
  at: Date;
  kind: string;
  severity: "mild" | "moderate" | "severe";
  actionTaken: string;
  resolved: boolean;
};

export async function recordAdverseEvent(
  db: Db,
  actor: Actor,
  context: EntryContext,
  input: AdverseEventInput,
): Promise<SessionResult<{ id: string }>> {
  const problem = timeProblem(input.at, context);
  if (problem) {
    return problem;
  }
  return writeToSession(db, context.session, async (tx) => {
    const [row] = await tx
      .insert(adverseEvent)
      .values({
        ...entryBase(context, actor, input.at),
        kind: input.kind,
        severity: input.severity,
        actionTaken: input.actionTaken,
        resolved: input.resolved,
      })
      .returning({ id: adverseEvent.id });
    await auditEntry(tx, actor, context, "adverse_event", row!.id, { severity: input.severity });
    return { ok: true as const, id: row!.id };
  });
}

const ENTRY_TABLES = {
  administration: { table: administration, entityType: "administration" },
  vitals: { table: vitalsEntry, entityType: "vitals_entry" },
  check: { table: mentalStatusCheck, entityType: "mental_status_check" },
  observation: { table: observation, entityType: "observation" },
  "adverse-event": { table: adverseEvent, entityType: "adverse_event" },
} as const;

/** The one change an entry allows: marking it "entered in error", once, with a reason. It stays in the record. */
export async function markEnteredInError(
  db: Db,
  actor: Actor,
  context: EntryContext,
  input: { entryType: EntryType; entryId: string; reason: string },
): Promise<SessionResult<{ id: string }>> {
  const { table, entityType } = ENTRY_TABLES[input.entryType];
  return writeToSession(db, context.session, async (tx) => {
    const [entry] = await tx
      .select({ id: table.id, enteredInErrorAt: table.enteredInErrorAt })
      .from(table)
      .where(and(eq(table.id, input.entryId), eq(table.dosingSessionId, context.session.id)));
    if (!entry) {
      throw new Refused({ ok: false, reason: "not_found", message: "This entry is not part of this session." });
    }
    if (entry.enteredInErrorAt) {
      throw new Refused(conflict("This entry is already marked entered in error."));
    }
    const marked = await tx
      .update(table)
      .set({ enteredInErrorAt: context.now, enteredInErrorBy: actor.id, enteredInErrorReason: input.reason })
      .where(and(eq(table.id, entry.id), isNull(table.enteredInErrorAt)))
      .returning({ id: table.id });
    if (marked.length === 0) {
      throw new Refused(conflict("This entry is already marked entered in error."));
    }
    await audit(tx, actor, {
      action: "mark-entered-in-error:session",
      entityType,
      entityId: entry.id,
      patientId: context.session.patientId,
      detail: { dosingSessionId: context.session.id },
    });
    return { ok: true as const, id: entry.id };
  });
}

export type DischargeInput = { at: Date; criteria: Partial<DischargeCriteria>; escortName: string; note: string };

/** The time of the latest entry not entered in error, if any: discharge cannot come before it. */
async function lastEntryAt(db: DbOrTx, sessionId: string): Promise<Date | null> {
  const tables = [administration, vitalsEntry, mentalStatusCheck, observation, adverseEvent] as const;
  const latest = await Promise.all(
    tables.map(async (table) => {
      const [row] = await db
        .select({ at: table.at })
        .from(table)
        .where(and(eq(table.dosingSessionId, sessionId), isNull(table.enteredInErrorAt)))
        .orderBy(desc(table.at))
        .limit(1);
      return row?.at ?? null;
    }),
  );
  return latest.reduce<Date | null>((max, at) => (at && (!max || at > max) ? at : max), null);
}

/**
 * Discharges the patient once every criterion is met: records time, criteria, escort and note,
 * which closes the session (a trigger refuses any later change), and completes the appointment.
 */
export async function dischargeSession(
  db: Db,
  actor: Actor,
  context: EntryContext,
  input: DischargeInput,
): Promise<SessionResult<{ totalMinutes: number }>> {
  if (context.session.dischargedAt) {
    return conflict(CLOSED_MESSAGE);
  }
  const problem = timeProblem(input.at, context);
  if (problem) {
    return problem;
  }
  const refusal = dischargeRefusal(unmetDischargeCriteria(input.criteria));
  if (refusal) {
    return invalid(null, refusal);
  }
  const criteria: DischargeCriteria = {
    vitalsNearBaseline: true,
    oriented: true,
    walksSteadily: true,
    escortPresent: true,
    toldNotToDrive: true,
  };
  const minutes = totalMinutes(context.session.checkedInAt, input.at);
  return withRefusals(() =>
    db.transaction(async (tx) => {
      // Entry writes lock the session row too, so once it is ours no entry can slip in after the check below.
      const [locked] = await tx
        .select({ dischargedAt: dosingSession.dischargedAt })
        .from(dosingSession)
        .where(eq(dosingSession.id, context.session.id))
        .for("update");
      if (!locked) {
        throw new Refused({ ok: false, reason: "not_found", message: "This session does not exist." });
      }
      if (locked.dischargedAt) {
        throw new Refused(conflict(CLOSED_MESSAGE));
      }
      const last = await lastEntryAt(tx, context.session.id);
      if (last && input.at < last) {
        throw new Refused(
          invalid(
            "time",
            `Discharge at ${formatInTimeZone(input.at, context.timeZone, "HH:mm")} would be before the last entry, at ${formatInTimeZone(last, context.timeZone, "HH:mm")}.`,
          ),
        );
      }
      const closed = await tx
        .update(dosingSession)
        .set({
          dischargedAt: input.at,
          dischargeCriteria: criteria,
          dischargeEscortName: input.escortName,
          dischargeNote: input.note,
          dischargedBy: actor.id,
          version: sql`${dosingSession.version} + 1`,
        })
        .where(eq(dosingSession.id, context.session.id))
        .returning({ id: dosingSession.id });
      if (closed.length === 0) {
        throw new Refused({ ok: false, reason: "not_found", message: "This session does not exist." });
      }
      const [current] = await tx
        .select({ version: appointment.version, status: appointment.status })
        .from(appointment)
        .where(eq(appointment.id, context.session.appointmentId))
        .for("update");
      if (current && current.status !== "completed") {
        const moved = await changeAppointment(tx, actor, {
          clinicId: context.session.clinicId,
          timeZone: context.timeZone,
          appointmentId: context.session.appointmentId,
          expectedVersion: current.version,
          change: { type: "status", to: "completed" },
          reason: "Patient discharged.",
        });
        if (!moved.ok) {
          throw new Refused(conflict(moved.message));
        }
      }
      await audit(tx, actor, {
        action: "discharge:session",
        entityType: "dosing_session",
        entityId: context.session.id,
        patientId: context.session.patientId,
        detail: { dischargedAt: input.at.toISOString(), totalMinutes: minutes },
      });
      return { ok: true as const, totalMinutes: minutes };
    }),
  );
}
