import { describe, expect, it } from "vitest";
import type { EntryBase, SessionRecord } from "./session-record.server";
import { rangeRows, sessionTimeline } from "./session-timeline";
import { vitalsRanges } from "./session-vitals";

const TZ = "America/Los_Angeles";
const nurse = { id: "n", name: "Nia Nurse", credentials: "RN" };
const therapist = { id: "t", name: "Theo Therapist", credentials: "" };
const prescriber = { id: "p", name: "Pat Prescriber", credentials: "MD" };

function base(id: string, at: string, recordedBy = nurse, recordedAt = at): EntryBase {
  return { id, at: new Date(at), recordedBy, recordedAt: new Date(recordedAt), enteredInError: null };
}

const vitals = [
  {
    ...base("v1", "2030-03-04T17:06:00Z"),
    systolic: 126,
    diastolic: 80,
    heartRate: 74,
    spo2: 98,
    respiratoryRate: 14,
    alerts: [],
  },
  {
    ...base("v2", "2030-03-04T17:20:00Z"),
    systolic: 170,
    diastolic: 96,
    heartRate: 88,
    spo2: null,
    respiratoryRate: null,
    alerts: ["Blood pressure 170/96 is above 160/100."],
  },
];

const record: SessionRecord = {
  id: "s",
  clinicId: "c",
  appointmentId: "a",
  seriesId: "x",
  patient: {
    id: "pt",
    firstName: "Test",
    lastName: "Patient",
    preferredName: "",
    mrn: "K100001",
    dateOfBirth: "1980-05-17",
  },
  appointment: {
    id: "a",
    doseNumber: 1,
    startsAt: new Date("2030-03-04T17:00:00Z"),
    endsAt: new Date("2030-03-04T20:00:00Z"),
    status: "completed",
  },
  checkedInAt: new Date("2030-03-04T17:05:00Z"),
  openedBy: nurse,
  order: {
    id: "o",
    drug: "ketamine",
    route: "IM",
    doseMg: 50,
    mgPerKg: 0.714,
    weightKg: 70,
    instructions: "",
    outOfRangeReason: "",
    orderedBy: prescriber,
    orderedAt: new Date("2030-03-01T17:00:00Z"),
    discontinuedAt: null,
  },
  administrations: [
    {
      ...base("d1", "2030-03-04T17:10:00Z"),
      drug: "ketamine",
      route: "IM",
      doseMg: 60,
      lotNumber: "KET-1",
      givenBy: prescriber,
      differsFromOrder: true,
    },
  ],
  vitals,
  checks: [
    {
      ...base("c1", "2030-03-04T17:10:00Z", nurse, "2030-03-04T17:30:00Z"),
      moaas: 4,
      moaasLabel: "Lethargic response to name spoken in normal tone",
      cadssItems: null,
      cadssTotal: null,
    },
  ],
  observations: [
    {
      ...base("o1", "2030-03-04T17:25:00Z", therapist),
      text: "Describes floating.",
      enteredInError: { at: new Date("2030-03-04T17:40:00Z"), by: therapist, reason: "Wrong patient." },
    },
  ],
  adverseEvents: [
    {
      ...base("e1", "2030-03-04T17:26:00Z"),
      kind: "other: jaw tension",
      kindLabel: "Other: jaw tension",
      severity: "severe",
      actionTaken: "Observed.",
      resolved: false,
    },
  ],
  discharge: {
    at: new Date("2030-03-04T19:15:00Z"),
    by: nurse,
    criteria: {
      vitalsNearBaseline: true,
      oriented: true,
      walksSteadily: true,
      escortPresent: true,
      toldNotToDrive: true,
    },
    criteriaList: [],
    escortName: "Robin Escort",
    note: "Left steady.",
  },
  closed: true,
  totalMinutes: 130,
  summary: {
    totalDoseMg: 60,
    vitalsRanges: vitalsRanges(vitals),
    alerts: [],
    adverseEventCount: 1,
    lowestMoaas: 4,
    highestCadss: null,
  },
  signOff: null,
  version: 9,
};

describe("sessionTimeline", () => {
  const rows = sessionTimeline(record, TZ);

  it("lists check-in first, entries by time (then by when they were recorded), and discharge last", () => {
    expect(rows.map((row) => [row.time, row.kind])).toEqual([
      ["09:05", "check-in"],
      ["09:06", "vitals"],
      ["09:10", "administration"],
      ["09:10", "check"],
      ["09:20", "vitals"],
      ["09:25", "observation"],
      ["09:26", "adverse-event"],
      ["11:15", "discharge"],
    ]);
  });

  it("words each entry, with who recorded it", () => {
    expect(rows[0]).toMatchObject({ what: "Check-in", by: "Nia Nurse, RN", entryId: null });
    expect(rows[2]).toMatchObject({
      details: ["Ketamine 60 mg IM", "Lot KET-1", "Given by Pat Prescriber, MD"],
      warning: "Differs from the 50 mg ordered (confirmed when recorded).",
    });
    expect(rows[3]?.details).toEqual(["MOAA/S 4 (Lethargic response to name spoken in normal tone)"]);
    expect(rows[4]).toMatchObject({
      details: ["BP 170/96 · HR 88"],
      alerts: ["Blood pressure 170/96 is above 160/100."],
    });
    expect(rows[6]).toMatchObject({
      what: "Adverse event: Other: jaw tension",
      details: ["Other: jaw tension, severe", "Action taken: Observed.", "Not resolved"],
      warning: "Severe adverse event.",
    });
    expect(rows[7]).toMatchObject({
      details: ["Escort: Robin Escort", "All discharge criteria met.", "Total time: 130 minutes.", "Left steady."],
      by: "Nia Nurse, RN",
    });
  });

  it("keeps an entry in error, with who marked it, when and why", () => {
    expect(rows[5]).toMatchObject({
      by: "Theo Therapist",
      enteredInError: { by: "Theo Therapist", at: "Mon 4 Mar 2030, 09:40", reason: "Wrong patient." },
    });
  });
});

describe("rangeRows", () => {
  it("shows the range of each sign recorded", () => {
    expect(rangeRows(record)).toEqual([
      { sign: "systolic", label: "Systolic", range: "126–170" },
      { sign: "diastolic", label: "Diastolic", range: "80–96" },
      { sign: "heartRate", label: "Heart rate", range: "74–88" },
      { sign: "spo2", label: "SpO₂", range: "98 %" },
      { sign: "respiratoryRate", label: "Respiratory rate", range: "14" },
    ]);
  });
});
