import { DRUG_LABELS, ROUTE_LABELS } from "#app/clinical/clinical-settings";
import type { SessionRecord } from "#app/clinical/session-record.server";
import { formatMg } from "#app/clinical/session-rules";
import { sessionTimeline, staffLabel } from "#app/clinical/session-timeline";
import { describeVitals } from "#app/clinical/session-vitals";
import { formatDateOfBirth } from "#app/patients/dates";
import { patientDisplayName } from "#app/patients/labels";
import { formatInTimeZone } from "#app/ui/dates";
import { COLORS, finishDocument, heading, mark, paragraph, startDocument, type Pdf } from "./layout";
import { notesSection, UNSIGNED_SESSION } from "./parts";
import { vitalsRangeText } from "./session-lines";
import { keyValues, table } from "./table";
import type { Generation, LabelledValue, NoteView } from "./types";

export type SessionRecordData = {
  generation: Generation;
  record: SessionRecord;
  /** e.g. "Dosing session 3". */
  title: string;
  statusLabel: string;
  seriesName: string | null;
  /** The notes written for this session (never psychotherapy notes). */
  notes: readonly NoteView[];
};

const WHEN = "EEE d MMM yyyy, HH:mm";

function orderFacts(record: SessionRecord, timeZone: string): LabelledValue[] {
  const order = record.order;
  if (!order) {
    return [["Order", "No dose order was attached to this session."]];
  }
  const perKg =
    order.mgPerKg === null
      ? ""
      : ` (${Number(order.mgPerKg.toFixed(3))} mg/kg${order.weightKg === null ? "" : ` at ${order.weightKg} kg`})`;
  const facts: LabelledValue[] = [
    ["Drug", DRUG_LABELS[order.drug]],
    ["Route", ROUTE_LABELS[order.route]],
    ["Dose", `${formatMg(order.doseMg)}${perKg}`],
    ["Ordered by", `${staffLabel(order.orderedBy)}, ${formatInTimeZone(order.orderedAt, timeZone, WHEN)}`],
  ];
  if (order.instructions) {
    facts.push(["Instructions", order.instructions]);
  }
  if (order.outOfRangeReason) {
    facts.push(["Outside the clinic's range because", order.outOfRangeReason]);
  }
  if (order.discontinuedAt) {
    facts.push(["Discontinued", formatInTimeZone(order.discontinuedAt, timeZone, WHEN)]);
  }
  return facts;
}

function summaryFacts(record: SessionRecord, timeZone: string): LabelledValue[] {
  const { summary } = record;
  return [
    ["Total dose given", formatMg(summary.totalDoseMg)],
    ["Vital signs, range", vitalsRangeText(summary.vitalsRanges)],
    [
      "Alerts",
      summary.alerts.length > 0
        ? summary.alerts.map((alert) => `${formatInTimeZone(alert.at, timeZone, "HH:mm")} ${alert.text}`).join("\n")
        : "None",
    ],
    ["Deepest sedation (MOAA/S)", summary.lowestMoaas === null ? "Not checked" : String(summary.lowestMoaas)],
    ["Highest dissociation (CADSS-6)", summary.highestCadss === null ? "Not checked" : `${summary.highestCadss} of 24`],
    ["Adverse events", String(summary.adverseEventCount)],
  ];
}

function sameDay(a: Date, b: Date, timeZone: string): boolean {
  return formatInTimeZone(a, timeZone, "yyyy-MM-dd") === formatInTimeZone(b, timeZone, "yyyy-MM-dd");
}

function timelineTable(pdf: Pdf, record: SessionRecord, timeZone: string): void {
  const recordedAt = new Map<string, Date>();
  for (const entry of [
    ...record.administrations,
    ...record.vitals,
    ...record.checks,
    ...record.observations,
    ...record.adverseEvents,
  ]) {
    recordedAt.set(entry.id, entry.recordedAt);
  }
  table(pdf, {
    caption:
      "Timeline, in the order things happened (times are when they happened; entries show when they were written down)",
    columns: [
      { header: "Time", width: 0.6 },
      { header: "Entry", width: 1.5 },
      { header: "Details and alerts", width: 3.4 },
      { header: "Recorded by", width: 1.7 },
    ],
    rows: sessionTimeline(record, timeZone).map((row) => {
      const written = row.entryId ? recordedAt.get(row.entryId) : undefined;
      const details = [
        ...row.details,
        ...row.alerts.map((alert) => `ALERT: ${alert}`),
        ...(row.warning ? [`Warning: ${row.warning}`] : []),
      ];
      const writtenAt = written
        ? formatInTimeZone(written, timeZone, sameDay(written, record.checkedInAt, timeZone) ? "HH:mm" : WHEN)
        : null;
      return {
        cells: [row.time, row.what, details.join("\n"), writtenAt ? `${row.by}\nwritten ${writtenAt}` : row.by],
        struck: row.enteredInError !== null,
        note: row.enteredInError
          ? `ENTERED IN ERROR — marked by ${row.enteredInError.by}, ${row.enteredInError.at}: ${row.enteredInError.reason}`
          : null,
      };
    }),
  });
}

function vitalsTable(pdf: Pdf, record: SessionRecord, timeZone: string): void {
  if (record.vitals.length === 0) {
    paragraph(pdf, "No vital signs were recorded.", { color: COLORS.muted });
    return;
  }
  table(pdf, {
    caption: "Vital signs, every entry",
    columns: [
      { header: "Time", width: 0.6 },
      { header: "Values", width: 2.4 },
      { header: "Alerts at the clinic's thresholds", width: 3 },
      { header: "Recorded by", width: 1.6 },
    ],
    rows: record.vitals.map((entry) => ({
      cells: [
        formatInTimeZone(entry.at, timeZone, "HH:mm"),
        describeVitals(entry),
        entry.alerts.length > 0 ? entry.alerts.map((alert) => `ALERT: ${alert}`).join("\n") : "—",
        staffLabel(entry.recordedBy),
      ],
      struck: entry.enteredInError !== null,
      note: entry.enteredInError ? `ENTERED IN ERROR — ${entry.enteredInError.reason}` : null,
    })),
  });
}

function dischargeSection(pdf: Pdf, record: SessionRecord, timeZone: string): void {
  const discharge = record.discharge;
  if (!discharge) {
    mark(pdf, "Not discharged: the session is still open and this record is incomplete.", "draft");
    return;
  }
  keyValues(pdf, [
    ["Discharged", `${formatInTimeZone(discharge.at, timeZone, WHEN)} by ${staffLabel(discharge.by)}`],
    ...discharge.criteriaList.map((criterion): LabelledValue => [criterion.label, criterion.met ? "Met" : "NOT MET"]),
    ["Escort", discharge.escortName || "Not recorded"],
    ...(discharge.note ? [["Discharge note", discharge.note] as const] : []),
    ["Total time", `${record.totalMinutes ?? 0} minutes, from check-in to discharge`],
  ]);
}

function signOffSection(pdf: Pdf, record: SessionRecord, timeZone: string): void {
  const givers = [
    ...new Set(
      record.administrations.filter((entry) => entry.enteredInError === null).map((entry) => staffLabel(entry.givenBy)),
    ),
  ];
  keyValues(pdf, [
    ["Session opened by", `${staffLabel(record.openedBy)}, ${formatInTimeZone(record.checkedInAt, timeZone, WHEN)}`],
    ["Doses given by", givers.length > 0 ? givers.join("; ") : "No dose was given"],
    ...(record.discharge ? [["Discharged by", staffLabel(record.discharge.by)] as const] : []),
  ]);
  if (!record.signOff) {
    mark(pdf, `${UNSIGNED_SESSION}. This record is a draft until the prescriber reviews and signs it.`, "draft");
    return;
  }
  keyValues(pdf, [
    ["Signed off by", staffLabel(record.signOff.prescriber)],
    ["Signed", formatInTimeZone(record.signOff.signedAt, timeZone, WHEN)],
    ["Attestation", record.signOff.attestation],
  ]);
}

/** One dosing session's complete monitoring record: what an auditor or a REMS program asks for. */
export async function sessionRecordPdf(data: SessionRecordData): Promise<Buffer> {
  const { record, generation } = data;
  const zone = generation.timeZone;
  const patient = record.patient;
  const draftMark = record.signOff ? null : `${UNSIGNED_SESSION}${record.closed ? "" : " · session still open"}`;
  const pdf = startDocument({
    ...generation,
    title: "Dosing-session record",
    subject: `${patientDisplayName(patient)} · MRN ${patient.mrn}`,
    draftMark,
  });
  heading(pdf, `Dosing-session record: ${data.title}`, 1);
  keyValues(pdf, [
    ["Patient", patientDisplayName(patient)],
    ["Date of birth", formatDateOfBirth(patient.dateOfBirth)],
    ["MRN", patient.mrn],
    [
      "Session",
      `${data.title}, booked ${formatInTimeZone(record.appointment.startsAt, zone, WHEN)}–${formatInTimeZone(record.appointment.endsAt, zone, "HH:mm")}`,
    ],
    ["Series", data.seriesName ?? "Not part of a series"],
    ["Status", data.statusLabel],
    ["Checked in", formatInTimeZone(record.checkedInAt, zone, WHEN)],
    ["Total time", record.totalMinutes === null ? "Still open" : `${record.totalMinutes} minutes`],
  ]);
  heading(pdf, "Dose order", 2);
  keyValues(pdf, orderFacts(record, zone));
  heading(pdf, "Summary", 2);
  keyValues(pdf, summaryFacts(record, zone));
  heading(pdf, "Timeline", 2);
  timelineTable(pdf, record, zone);
  heading(pdf, "Vital signs", 2);
  vitalsTable(pdf, record, zone);
  heading(pdf, "Discharge", 2);
  dischargeSection(pdf, record, zone);
  heading(pdf, "Signatures and sign-off", 2);
  signOffSection(pdf, record, zone);
  heading(pdf, "Notes for this session", 2);
  notesSection(pdf, data.notes, "No notes were written for this session.");
  return finishDocument(pdf);
}
