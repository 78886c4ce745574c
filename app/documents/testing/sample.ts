import type { EntryBase, SessionRecord, StaffRef, VitalsRecordEntry } from "#app/clinical/session-record.server";
import { DISCHARGE_CRITERIA } from "#app/clinical/session-rules";
import { vitalsRanges } from "#app/clinical/session-vitals";
import { PHQ9_BANDS, GAD7_BANDS } from "#app/measures/instruments";
import { formatInTimeZone } from "#app/ui/dates";
import type { ChartExtractData } from "#app/documents/chart-extract";
import type { SeriesSummaryData } from "#app/documents/series-summary";
import { sessionLine } from "#app/documents/session-lines";
import type { CourseView, Generation, NoteView } from "#app/documents/types";

// Fixed, invented data for the document tests and the benchmark: a six-dose course.

export const ZONE = "America/Los_Angeles";

export const GENERATION: Generation = {
  clinicName: "Cedar Grove KAP Clinic",
  generatedBy: "Dr. Amara Okafor, MD",
  generatedAt: new Date("2030-04-02T17:30:00Z"),
  timeZone: ZONE,
};

const PRESCRIBER: StaffRef = { id: "p1", name: "Dr. Amara Okafor", credentials: "MD" };
const NURSE: StaffRef = { id: "n1", name: "Łukasz Żółć", credentials: "RN" };

export const PATIENT = {
  id: "patient-1",
  firstName: "Zoë",
  lastName: "Nguyễn",
  preferredName: "",
  mrn: "K100042",
  dateOfBirth: "1984-07-09",
};

/** Dose n of the course, on a Tuesday or Friday in March 2030 at 09:00 local time. */
export function doseStart(doseNumber: number): Date {
  const days = [5, 8, 12, 15, 19, 22];
  return new Date(Date.UTC(2030, 2, days[(doseNumber - 1) % days.length]!, 16, 0));
}

const minutes = (start: Date, count: number): Date => new Date(start.getTime() + count * 60_000);

export const PHQ9_SCORES = [19, 17, 14, 11, 8, 6];

/** The record of one dosing session: two vitals (the second above the BP threshold), a check, an event. */
export function sampleSessionRecord(
  doseNumber: number,
  options: { signed?: boolean; withError?: boolean } = {},
): SessionRecord {
  const start = doseStart(doseNumber);
  const base = (id: string, at: Date): EntryBase => ({
    id,
    at,
    recordedBy: NURSE,
    recordedAt: minutes(at, 2),
    enteredInError: null,
  });
  const vitals: VitalsRecordEntry[] = [
    {
      ...base(`v${doseNumber}a`, minutes(start, 5)),
      systolic: 128,
      diastolic: 80,
      heartRate: 74,
      spo2: 98,
      respiratoryRate: 14,
      alerts: [],
    },
    {
      ...base(`v${doseNumber}b`, minutes(start, 35)),
      systolic: 168,
      diastolic: 104,
      heartRate: 92,
      spo2: 97,
      respiratoryRate: 16,
      alerts: ["Blood pressure 168/104 is above 160/100."],
    },
  ];
  if (options.withError) {
    vitals.push({
      ...base(`v${doseNumber}c`, minutes(start, 50)),
      systolic: 210,
      diastolic: 60,
      heartRate: 70,
      spo2: 97,
      respiratoryRate: 14,
      alerts: [],
      enteredInError: { at: minutes(start, 52), by: NURSE, reason: "Cuff slipped; re-measured." },
    });
  }
  const administrations = [
    {
      ...base(`a${doseNumber}`, minutes(start, 15)),
      drug: "ketamine" as const,
      route: "IM" as const,
      doseMg: 50 + doseNumber * 5,
      lotNumber: `KET-2030-${doseNumber}7`,
      givenBy: NURSE,
      differsFromOrder: false,
    },
  ];
  const checkedOut = minutes(start, 150);
  return {
    id: `session-${doseNumber}`,
    clinicId: "clinic-1",
    appointmentId: `appointment-${doseNumber}`,
    seriesId: "series-1",
    patient: PATIENT,
    appointment: {
      id: `appointment-${doseNumber}`,
      doseNumber,
      startsAt: start,
      endsAt: minutes(start, 180),
      status: "completed",
    },
    checkedInAt: start,
    openedBy: NURSE,
    order: {
      id: "order-1",
      drug: "ketamine",
      route: "IM",
      doseMg: 50 + doseNumber * 5,
      mgPerKg: (50 + doseNumber * 5) / 70,
      weightKg: 70,
      instructions: "Recheck BP 15 min after the dose.",
      outOfRangeReason: "",
      orderedBy: PRESCRIBER,
      orderedAt: new Date("2030-03-01T18:00:00Z"),
      discontinuedAt: null,
    },
    administrations,
    vitals,
    checks: [
      {
        ...base(`c${doseNumber}`, minutes(start, 40)),
        moaas: 4,
        moaasLabel: "Lethargic response to name spoken in normal tone",
        cadssItems: [1, 2, 1, 0, 1, 1],
        cadssTotal: 6,
      },
    ],
    observations: [
      {
        ...base(`o${doseNumber}`, minutes(start, 60)),
        text: `Calm, eyes closed, listening to music. <script>alert("dose ${doseNumber}")</script>`,
      },
    ],
    adverseEvents: [
      {
        ...base(`e${doseNumber}`, minutes(start, 70)),
        kind: "nausea",
        kindLabel: "Nausea",
        severity: "mild",
        actionTaken: "Ondansetron 4 mg ODT",
        resolved: true,
      },
    ],
    discharge: {
      at: checkedOut,
      by: NURSE,
      criteria: {
        vitalsNearBaseline: true,
        oriented: true,
        walksSteadily: true,
        escortPresent: true,
        toldNotToDrive: true,
      },
      criteriaList: DISCHARGE_CRITERIA.map((criterion) => ({ key: criterion.key, label: criterion.label, met: true })),
      escortName: "Ñuñez Robledo",
      note: "",
    },
    closed: true,
    totalMinutes: 150,
    summary: {
      totalDoseMg: 50 + doseNumber * 5,
      vitalsRanges: vitalsRanges(vitals.filter((entry) => entry.enteredInError === null)),
      alerts: [
        { at: minutes(start, 35), vitalsEntryId: `v${doseNumber}b`, text: "Blood pressure 168/104 is above 160/100." },
      ],
      adverseEventCount: 1,
      lowestMoaas: 4,
      highestCadss: 6,
    },
    signOff:
      options.signed === false
        ? null
        : {
            id: `s${doseNumber}`,
            prescriber: PRESCRIBER,
            signedAt: minutes(start, 300),
            attestation: "I reviewed the monitoring record of this session.",
          },
    version: 1,
  };
}

/** A note whose last sentence names it, so tests can find that nothing was cut. */
export function sampleNote(
  index: number,
  options: { paragraphs?: number; signed?: boolean; kind?: NoteView["kind"]; body?: string } = {},
): NoteView {
  const paragraph = `The patient described the session in detail, returning to images of the sea and of a childhood home in Huế; we linked them to the intentions set in preparation and to what has changed at work since the course began.`;
  const body =
    options.body ??
    `${Array.from({ length: options.paragraphs ?? 3 }, () => paragraph).join("\n\n")}\nEnd of note ${index}: plan reviewed with Zoë.`;
  return {
    id: `note-${index}`,
    kind: options.kind ?? "integration",
    kindLabel: options.kind === "psychotherapy" ? "Psychotherapy note" : "Integration note",
    session: `Integration after dose ${index}, ${formatInTimeZone(doseStart(index), ZONE, "EEE d MMM yyyy")}`,
    author: "Rowan Ellery, LMFT",
    signedAt: options.signed === false ? null : formatInTimeZone(doseStart(index), ZONE, "EEE d MMM yyyy, HH:mm"),
    lastSaved: formatInTimeZone(doseStart(index), ZONE, "EEE d MMM yyyy, HH:mm"),
    fields: [
      { label: "The experience", text: "Felt held; a sense of distance from the usual self-criticism." },
      { label: "Plan", text: "Continue the course; journal daily." },
    ],
    body,
    addenda:
      index === 2
        ? [
            {
              author: "Rowan Ellery, LMFT",
              at: "Mon 11 Mar 2030, 10:00",
              reason: "Corrected the date of the next session.",
              body: "The next session is on Tuesday, not Monday.",
            },
          ]
        : [],
  };
}

export function sampleCourse(options: { doses?: number; unsignedLast?: boolean } = {}): CourseView {
  const doses = options.doses ?? 6;
  const sessions = Array.from({ length: doses }, (_unused, index) => {
    const doseNumber = index + 1;
    const start = doseStart(doseNumber);
    const record = sampleSessionRecord(doseNumber, { signed: !(options.unsignedLast && doseNumber === doses) });
    return sessionLine(
      {
        kind: "dosing",
        title: `Dosing session ${doseNumber}`,
        statusLabel: "Completed",
        date: formatInTimeZone(start, ZONE, "EEE d MMM yyyy"),
        time: `${formatInTimeZone(start, ZONE, "HH:mm")}–${formatInTimeZone(minutes(start, 180), ZONE, "HH:mm")}`,
      },
      record,
      ZONE,
    );
  });
  const phq9Rows = PHQ9_SCORES.slice(0, doses).map((score, index) => ({
    id: `m${index}`,
    when: formatInTimeZone(minutes(doseStart(index + 1), -30), ZONE, "EEE d MMM yyyy, HH:mm"),
    context: "Before a dose",
    session: `Dosing session ${index + 1}`,
    score: `${score} of 27`,
    severity: PHQ9_BANDS.find((band) => score >= band.min && score <= band.max)?.label ?? "",
    alert: index === 0 ? "Several days" : "",
    recordedBy: "Rowan Ellery",
    enteredInError: null,
  }));
  return {
    name: "Standard KAP course",
    facts: [
      ["Status", "Completed"],
      ["Planned window", "2030-03-01 to 2030-03-31"],
      ["Prescriber", "Dr. Amara Okafor, MD"],
      ["Therapist", "Rowan Ellery, LMFT"],
      ["Doses", `${doses} of 6 completed`],
    ],
    clearance: [
      ["Medical clearance", "Cleared by Dr. Amara Okafor, MD on Fri 1 Mar 2030, 10:00"],
      ["Consent", "Version 2030-01, signed by the patient on 2030-03-01, witnessed by Wren Witness"],
    ],
    orders: [
      {
        order: "Ketamine 55 mg IM (0.786 mg/kg)",
        scope: "Whole series",
        orderedBy: "Dr. Amara Okafor, MD",
        status: "Active",
      },
    ],
    sessions,
    measures: {
      sections: [
        {
          instrument: "phq9",
          name: "PHQ-9",
          fullName: "Patient Health Questionnaire (PHQ-9)",
          maxTotal: 27,
          bands: [...PHQ9_BANDS],
          points: PHQ9_SCORES.slice(0, doses).map((total, index) => ({
            at: minutes(doseStart(index + 1), -30).toISOString(),
            total,
            severity: "",
            alert: index === 0,
          })),
          rows: phq9Rows,
        },
        {
          instrument: "gad7",
          name: "GAD-7",
          fullName: "Generalized Anxiety Disorder scale (GAD-7)",
          maxTotal: 21,
          bands: [...GAD7_BANDS],
          points: [],
          rows: [],
        },
      ],
      doses: Array.from({ length: doses }, (_unused, index) => ({
        doseNumber: index + 1,
        at: doseStart(index + 1).toISOString(),
      })),
    },
  };
}

/** The six-session summary the benchmark builds: long notes on every dose. */
export function sampleSeriesSummary(options: { notes?: NoteView[]; unsignedLast?: boolean } = {}): SeriesSummaryData {
  return {
    generation: GENERATION,
    patient: {
      name: "Zoë Nguyễn",
      mrn: PATIENT.mrn,
      identity: [
        ["Patient", "Zoë Nguyễn"],
        ["Date of birth", "July 9, 1984"],
        ["MRN", PATIENT.mrn],
      ],
    },
    careTeam: [
      { name: "Dr. Amara Okafor, MD", role: "Prescriber", active: true },
      { name: "Rowan Ellery, LMFT", role: "Therapist", active: true },
      { name: "Łukasz Żółć, RN", role: "Nurse", active: true },
    ],
    course: sampleCourse({ unsignedLast: options.unsignedLast }),
    notes: options.notes ?? Array.from({ length: 6 }, (_unused, index) => sampleNote(index + 1, { paragraphs: 6 })),
  };
}

export function sampleChartExtract(): ChartExtractData {
  const summary = sampleSeriesSummary();
  return {
    generation: GENERATION,
    patient: {
      name: summary.patient.name,
      mrn: PATIENT.mrn,
      demographics: [...summary.patient.identity, ["Pronouns", "she/her"]],
      contact: [
        ["Phone", "(415) 555-0142"],
        ["Escort for dosing days", "Ñuñez Robledo (partner)"],
      ],
    },
    careTeam: summary.careTeam,
    courses: [summary.course],
    notes: summary.notes,
  };
}
