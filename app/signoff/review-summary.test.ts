import { describe, expect, it } from "vitest";
import type { SessionRecord } from "#app/clinical/session-record.server";
import { canonicalJson, reviewSummary, vitalsRangeLines } from "./review-summary";

const nurse = { id: "n", name: "Nia Nurse", credentials: "RN" };
const prescriber = { id: "p", name: "Pat Prescriber", credentials: "MD" };
const base = (at: string) => ({
  id: at,
  at: new Date(at),
  recordedBy: nurse,
  recordedAt: new Date(at),
  enteredInError: null,
});
const inError = { at: new Date("2030-03-04T17:40:00Z"), by: nurse, reason: "wrong patient" };

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: "session-1",
    clinicId: "clinic",
    appointmentId: "appointment",
    seriesId: "series",
    patient: {
      id: "patient",
      firstName: "Robin",
      lastName: "Example",
      preferredName: "",
      mrn: "MRN-1",
      dateOfBirth: "1980-01-01",
    },
    appointment: {
      id: "appointment",
      doseNumber: 2,
      startsAt: new Date("2030-03-04T17:00:00Z"),
      endsAt: new Date("2030-03-04T20:00:00Z"),
      status: "completed",
    },
    checkedInAt: new Date("2030-03-04T17:00:00Z"),
    openedBy: nurse,
    order: {
      id: "o",
      drug: "ketamine",
      route: "IM",
      doseMg: 50,
      mgPerKg: 0.7,
      weightKg: 71,
      instructions: "",
      outOfRangeReason: "",
      orderedBy: prescriber,
      orderedAt: new Date("2030-03-01T17:00:00Z"),
      discontinuedAt: null,
    },
    administrations: [
      {
        ...base("2030-03-04T17:10:00Z"),
        drug: "ketamine",
        route: "IM",
        doseMg: 50,
        lotNumber: "KX-1",
        givenBy: nurse,
        differsFromOrder: false,
      },
      {
        ...base("2030-03-04T17:30:00Z"),
        drug: "ketamine",
        route: "IM",
        doseMg: 25,
        lotNumber: "KX-2",
        givenBy: nurse,
        differsFromOrder: true,
        enteredInError: inError,
      },
    ],
    vitals: [],
    checks: [],
    observations: [],
    adverseEvents: [
      {
        ...base("2030-03-04T17:45:00Z"),
        kind: "nausea",
        kindLabel: "Nausea",
        severity: "mild",
        actionTaken: "Ondansetron 4 mg",
        resolved: true,
      },
      {
        ...base("2030-03-04T17:50:00Z"),
        kind: "vomiting",
        kindLabel: "Vomiting",
        severity: "mild",
        actionTaken: "none",
        resolved: true,
        enteredInError: inError,
      },
    ],
    discharge: {
      at: new Date("2030-03-04T19:30:00Z"),
      by: nurse,
      criteria: {
        vitalsNearBaseline: true,
        oriented: true,
        walksSteadily: true,
        escortPresent: true,
        toldNotToDrive: true,
      },
      criteriaList: [{ key: "oriented", label: "Oriented to person, place and time", met: true }],
      escortName: "Sam Example",
      note: "",
    },
    closed: true,
    totalMinutes: 150,
    summary: {
      totalDoseMg: 50,
      vitalsRanges: {
        systolic: { min: 118, max: 164, count: 4 },
        diastolic: { min: 76, max: 102, count: 4 },
        heartRate: { min: 72, max: 72, count: 4 },
        spo2: null,
        respiratoryRate: { min: 12, max: 16, count: 2 },
      },
      alerts: [{ at: new Date("2030-03-04T17:25:00Z"), vitalsEntryId: "v", text: "BP 164/102 above 160/100" }],
      adverseEventCount: 1,
      lowestMoaas: 3,
      highestCadss: 9,
    },
    signOff: null,
    version: 3,
    ...overrides,
  };
}

describe("the review summary of a dosing session", () => {
  it("gives the dose given, with its lots, leaving out entries in error from the totals", () => {
    const summary = reviewSummary(record(), null, "America/Los_Angeles");
    expect(summary.title).toBe("Dosing session 2");
    expect(summary.date).toBe("Mon 4 Mar 2030");
    expect(summary.order).toBe("Ketamine 50 mg Intramuscular (IM) (0.7 mg/kg), ordered by Pat Prescriber, MD");
    expect(summary.dose).toMatchObject({ totalMg: 50, total: "50 mg", lots: ["KX-1"] });
    expect(summary.dose.administrations).toEqual([
      { at: "09:10", text: "Ketamine 50 mg IM, lot KX-1", givenBy: "Nia Nurse, RN", enteredInError: false },
      { at: "09:30", text: "Ketamine 25 mg IM, lot KX-2", givenBy: "Nia Nurse, RN", enteredInError: true },
    ]);
  });

  it("gives the vitals ranges and alerts in the clinic's time", () => {
    const summary = reviewSummary(record(), null, "America/Los_Angeles");
    expect(summary.vitals).toEqual([
      { sign: "Blood pressure", range: "118–164 / 76–102 mmHg" },
      { sign: "Heart rate", range: "72 /min" },
      { sign: "SpO₂", range: null },
      { sign: "Respiratory rate", range: "12–16 /min" },
    ]);
    expect(summary.alerts).toEqual([{ at: "09:25", text: "BP 164/102 above 160/100" }]);
  });

  it("lists adverse events not entered in error, and the discharge", () => {
    const summary = reviewSummary(record(), null, "America/Los_Angeles");
    expect(summary.adverseEvents).toEqual([
      { at: "09:45", kind: "Nausea", severity: "mild", actionTaken: "Ondansetron 4 mg", resolved: true },
    ]);
    expect(summary.discharge).toEqual({
      at: "11:30",
      by: "Nia Nurse, RN",
      totalMinutes: 150,
      unmet: [],
      escort: "Sam Example",
      note: "",
    });
    expect(summary.sedation).toEqual({ lowestMoaas: 3, highestCadss: 9 });
  });

  it("says when no dose was recorded", () => {
    const summary = reviewSummary(
      record({ administrations: [], summary: { ...record().summary, totalDoseMg: 0 } }),
      null,
      "UTC",
    );
    expect(summary.dose).toMatchObject({ total: "No dose recorded", lots: [] });
  });

  it("carries the latest measures and puts an item 9 alert apart", () => {
    const summary = reviewSummary(
      record(),
      {
        measures: [
          {
            instrument: "phq9",
            name: "PHQ-9",
            score: "14 of 27",
            severity: "moderate",
            when: "Mon 4 Mar 2030 (before dose)",
            alert: true,
          },
        ],
        missing: ["PCL-5"],
        alert: { text: "PHQ-9 item 9 answered 1: thoughts of self-harm", when: "Mon 4 Mar 2030, 08:50" },
      },
      "UTC",
    );
    expect(summary.measures).toEqual([
      { name: "PHQ-9", score: "14 of 27", severity: "moderate", when: "Mon 4 Mar 2030 (before dose)", item9: true },
    ]);
    expect(summary.missingMeasures).toEqual(["PCL-5"]);
    expect(summary.item9Alert?.text).toMatch(/item 9/u);
  });
});

describe("the timeline", () => {
  it("lists every entry oldest first, in the clinic's time, with entries in error marked", () => {
    const summary = reviewSummary(
      record({
        vitals: [
          {
            ...base("2030-03-04T17:25:00Z"),
            systolic: 164,
            diastolic: 102,
            heartRate: 88,
            spo2: null,
            respiratoryRate: null,
            alerts: ["BP 164/102 above 160/100"],
          },
        ],
        observations: [{ ...base("2030-03-04T17:05:00Z"), text: "Calm, eyes shaded" }],
      }),
      null,
      "America/Los_Angeles",
    );
    expect(summary.timeline.map((line) => [line.at, line.what, line.enteredInError])).toEqual([
      ["09:00", "Check-in", null],
      ["09:05", "Observation", null],
      ["09:10", "Dose given", null],
      ["09:25", "Vital signs", null],
      ["09:30", "Dose given", "wrong patient"],
      ["09:45", "Adverse event", null],
      ["09:50", "Adverse event", "wrong patient"],
      ["11:30", "Discharge", null],
    ]);
    expect(summary.timeline[3]?.detail).toBe("BP 164/102 · HR 88 · Alert: BP 164/102 above 160/100");
  });
});

describe("vital-sign ranges", () => {
  it("shows one value when lowest and highest agree, and partial blood pressures", () => {
    const none = { systolic: null, diastolic: null, heartRate: null, spo2: null, respiratoryRate: null };
    expect(vitalsRangeLines({ ...none, systolic: { min: 120, max: 120, count: 1 } })[0]).toEqual({
      sign: "Blood pressure",
      range: "120 mmHg systolic",
    });
    expect(vitalsRangeLines({ ...none, spo2: { min: 93, max: 99, count: 3 } })[2]).toEqual({
      sign: "SpO₂",
      range: "93–99 %",
    });
  });
});

describe("canonical JSON", () => {
  it("does not depend on the order of keys", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }] })).toBe(canonicalJson({ a: [{ c: "x", d: null }], b: 1 }));
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});
