import { and, asc, eq, isNull, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "#db/client";
import { appointment, clinic, measureResponse, series, staffUser } from "#db/schema";
import type { Instrument } from "#db/schema/measures";
import { audit, type AuditActor } from "#app/audit/audit.server";
import { DEFAULT_PCL5_CUT_OFF, INSTRUMENT_DEFINITIONS, type MeasureContext } from "./instruments";
import { REASON_MAX } from "./limits";
import { isValidPcl5CutOff, scoreMeasure, type Score } from "./scoring";

/** A refusal on one form field (item answers are `item1`, `item2`…), or on the whole form when field is null. */
export type MeasureProblem = { field: string | null; message: string };

export type RecordMeasureInput = {
  clinicId: string;
  patientId: string;
  seriesId: string;
  appointmentId: string | null;
  instrument: Instrument;
  context: MeasureContext;
  answers: readonly unknown[];
  completedAt: Date;
  pcl5CutOff?: number;
  /** The server's now, to refuse a completion time in the future. */
  now: Date;
};

export type RecordMeasureResult = { ok: true; id: string; score: Score } | { ok: false; problems: MeasureProblem[] };

// A tablet's clock a few minutes ahead of the server's is not an error worth refusing.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Scores and records one completed questionnaire with the score, its band and any alert, audited in
 * the same transaction. Incomplete or out-of-range answers, a session of another series, or a time in
 * the future are refused and nothing is written.
 */
export async function recordMeasure(
  db: Db,
  actor: AuditActor & { id: string },
  input: RecordMeasureInput,
): Promise<RecordMeasureResult> {
  const result = scoreMeasure(input.instrument, input.answers, { pcl5CutOff: input.pcl5CutOff });
  const problems: MeasureProblem[] = result.ok
    ? []
    : result.errors.map((error) => ({
        field: error.item === null ? null : `item${error.item}`,
        message: error.message,
      }));
  if (input.completedAt.getTime() > input.now.getTime() + CLOCK_SKEW_MS) {
    problems.push({
      field: "completedAt",
      message: "The time it was completed is in the future. Enter when the patient answered.",
    });
  }
  const [owner] = await db
    .select({ id: series.id })
    .from(series)
    .where(
      and(eq(series.id, input.seriesId), eq(series.clinicId, input.clinicId), eq(series.patientId, input.patientId)),
    );
  if (!owner) {
    problems.push({ field: null, message: "This series is not this patient's." });
  }
  if (input.appointmentId) {
    const [session] = await db
      .select({ id: appointment.id })
      .from(appointment)
      .where(
        and(
          eq(appointment.id, input.appointmentId),
          eq(appointment.clinicId, input.clinicId),
          eq(appointment.seriesId, input.seriesId),
        ),
      );
    if (!session) {
      problems.push({ field: "appointmentId", message: "Choose a session of this series, or none." });
    }
  }
  if (!result.ok || problems.length > 0) {
    return { ok: false, problems };
  }
  const { score } = result;
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(measureResponse)
      .values({
        clinicId: input.clinicId,
        patientId: input.patientId,
        seriesId: input.seriesId,
        appointmentId: input.appointmentId,
        instrument: input.instrument,
        context: input.context,
        items: score.items,
        total: score.total,
        severity: score.severity,
        alert: score.alert,
        completedAt: input.completedAt,
        recordedBy: actor.id,
      })
      .returning({ id: measureResponse.id });
    // Which questionnaire, not its answers: the audit log is read by admins, who do not read clinical content.
    await audit(tx, actor, {
      action: "record:measure",
      entityType: "measure_response",
      entityId: row!.id,
      patientId: input.patientId,
      detail: { instrument: input.instrument, context: input.context, seriesId: input.seriesId },
    });
    return row!.id;
  });
  return { ok: true, id, score };
}

export type EnteredInErrorInput = { clinicId: string; seriesId: string; responseId: string; reason: string; now: Date };

export type EnteredInErrorResult =
  { ok: true; instrument: Instrument } | { ok: false; status: 400 | 404 | 409; field: string | null; message: string };

/**
 * The one change a recorded response allows (the database refuses any other): marking it entered in
 * error, once, with a reason. It then leaves the charts and stays in the tables, struck through.
 */
export async function markEnteredInError(
  db: Db,
  actor: AuditActor & { id: string },
  input: EnteredInErrorInput,
): Promise<EnteredInErrorResult> {
  const reason = input.reason.trim();
  if (reason === "" || reason.length > REASON_MAX) {
    return {
      ok: false,
      status: 400,
      field: "reason",
      message: reason === "" ? "Say why it was entered in error." : `Keep the reason under ${REASON_MAX} characters.`,
    };
  }
  const where = and(
    eq(measureResponse.id, input.responseId),
    eq(measureResponse.clinicId, input.clinicId),
    eq(measureResponse.seriesId, input.seriesId),
  );
  return db.transaction(async (tx) => {
    const [marked] = await tx
      .update(measureResponse)
      .set({ enteredInErrorAt: input.now, enteredInErrorBy: actor.id, enteredInErrorReason: reason })
      .where(and(where, isNull(measureResponse.enteredInErrorAt)))
      .returning({
        id: measureResponse.id,
        patientId: measureResponse.patientId,
        instrument: measureResponse.instrument,
      });
    if (!marked) {
      const [existing] = await tx.select({ instrument: measureResponse.instrument }).from(measureResponse).where(where);
      return existing
        ? {
            ok: false as const,
            status: 409 as const,
            field: null,
            message: `This ${INSTRUMENT_DEFINITIONS[existing.instrument].name} was already marked entered in error; it stays in the record, struck through.`,
          }
        : {
            ok: false as const,
            status: 404 as const,
            field: null,
            message: "This response is not part of this series.",
          };
    }
    await audit(tx, actor, {
      action: "mark-entered-in-error:measure",
      entityType: "measure_response",
      entityId: marked.id,
      patientId: marked.patientId,
      detail: { instrument: marked.instrument, seriesId: input.seriesId },
    });
    return { ok: true as const, instrument: marked.instrument };
  });
}

export type MeasureRecord = {
  id: string;
  seriesId: string | null;
  appointmentId: string | null;
  instrument: Instrument;
  context: MeasureContext;
  items: number[];
  total: number;
  severity: string;
  alert: string;
  completedAt: Date;
  recordedAt: Date;
  recordedByName: string;
  enteredInError: { at: Date; byName: string; reason: string } | null;
};

const markedBy = alias(staffUser, "marked_by");

async function measureRecords(db: DbOrTx, clinicId: string, where: SQL): Promise<MeasureRecord[]> {
  const rows = await db
    .select({
      id: measureResponse.id,
      seriesId: measureResponse.seriesId,
      appointmentId: measureResponse.appointmentId,
      instrument: measureResponse.instrument,
      context: measureResponse.context,
      items: measureResponse.items,
      total: measureResponse.total,
      severity: measureResponse.severity,
      alert: measureResponse.alert,
      completedAt: measureResponse.completedAt,
      recordedAt: measureResponse.recordedAt,
      recordedByName: staffUser.name,
      enteredInErrorAt: measureResponse.enteredInErrorAt,
      enteredInErrorReason: measureResponse.enteredInErrorReason,
      enteredInErrorByName: markedBy.name,
    })
    .from(measureResponse)
    .innerJoin(staffUser, eq(staffUser.id, measureResponse.recordedBy))
    .leftJoin(markedBy, eq(markedBy.id, measureResponse.enteredInErrorBy))
    .where(and(eq(measureResponse.clinicId, clinicId), where))
    .orderBy(asc(measureResponse.completedAt), asc(measureResponse.recordedAt));
  return rows.map((row) => ({
    id: row.id,
    seriesId: row.seriesId,
    appointmentId: row.appointmentId,
    instrument: row.instrument,
    context: row.context,
    items: row.items,
    total: row.total,
    severity: row.severity,
    alert: row.alert,
    completedAt: row.completedAt,
    recordedAt: row.recordedAt,
    recordedByName: row.recordedByName,
    enteredInError: row.enteredInErrorAt
      ? { at: row.enteredInErrorAt, byName: row.enteredInErrorByName ?? "Unknown", reason: row.enteredInErrorReason }
      : null,
  }));
}

/** Every response of the series in the order they were completed, entered-in-error ones included (tables strike them through). */
export async function listSeriesMeasures(db: DbOrTx, clinicId: string, seriesId: string): Promise<MeasureRecord[]> {
  return measureRecords(db, clinicId, eq(measureResponse.seriesId, seriesId));
}

/** A patient's responses, per series (null: recorded outside a series), each in completion order. */
export async function listPatientMeasures(
  db: DbOrTx,
  clinicId: string,
  patientId: string,
): Promise<{ seriesId: string | null; responses: MeasureRecord[] }[]> {
  const records = await measureRecords(db, clinicId, eq(measureResponse.patientId, patientId));
  const groups = new Map<string | null, MeasureRecord[]>();
  for (const record of records) {
    groups.set(record.seriesId, [...(groups.get(record.seriesId) ?? []), record]);
  }
  return [...groups].map(([seriesId, responses]) => ({ seriesId, responses }));
}

/** What a chart plots: the responses not entered in error. */
export function chartable(records: readonly MeasureRecord[]): MeasureRecord[] {
  return records.filter((record) => record.enteredInError === null);
}

/**
 * The clinic's PCL-5 provisional cut-off: `settings.pcl5CutOff` when it is a whole number from 1 to
 * 80, otherwise the default 33 (published guidance: 31–33).
 */
export async function clinicPcl5CutOff(db: DbOrTx, clinicId: string): Promise<number> {
  const [row] = await db.select({ settings: clinic.settings }).from(clinic).where(eq(clinic.id, clinicId));
  const value = (row?.settings as Record<string, unknown> | undefined)?.pcl5CutOff;
  return isValidPcl5CutOff(value) ? value : DEFAULT_PCL5_CUT_OFF;
}
