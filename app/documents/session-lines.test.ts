import { describe, expect, it } from "vitest";
import { sessionLine, vitalsRangeText } from "./session-lines";
import { sampleSessionRecord, ZONE } from "./testing/sample";

const booked = {
  kind: "dosing" as const,
  title: "Dosing session 2",
  statusLabel: "Completed",
  date: "Fri 8 Mar 2030",
  time: "08:00–11:00",
};

describe("sessionLine", () => {
  it("describes a signed dosing session from its record", () => {
    const line = sessionLine(booked, sampleSessionRecord(2), ZONE);
    expect(line.when).toBe("Fri 8 Mar 2030\n08:00–11:00");
    expect(line.status).toBe("Completed; 150 min");
    expect(line.dose).toBe("Ketamine 60 mg IM, lot KET-2030-27");
    expect(line.vitals.split("\n")).toEqual([
      "BP 128–168/80–104 · HR 74–92 · SpO₂ 97–98 % · RR 14–16",
      "ALERT 08:35: Blood pressure 168/104 is above 160/100.",
      "Lowest MOAA/S 4",
      "Highest CADSS-6 6/24",
    ]);
    expect(line.adverseEvents).toBe("Nausea, mild: Ondansetron 4 mg ODT (resolved)");
    expect(line.signOff).toBe("Dr. Amara Okafor, MD\nFri 8 Mar 2030, 13:00");
    expect(line.unsigned).toBe(false);
  });

  it("marks a session without sign-off as a draft", () => {
    const line = sessionLine(booked, sampleSessionRecord(2, { signed: false }), ZONE);
    expect(line.signOff).toBe("DRAFT — not signed off by the prescriber");
    expect(line.unsigned).toBe(true);
  });

  it("leaves entries entered in error out of the summary", () => {
    const record = sampleSessionRecord(2);
    record.administrations = record.administrations.map((entry) => ({
      ...entry,
      enteredInError: { at: entry.at, by: entry.recordedBy, reason: "Wrong patient" },
    }));
    record.adverseEvents = [];
    const line = sessionLine(booked, record, ZONE);
    expect(line.dose).toBe("None given (ordered: Ketamine 60 mg IM)");
    expect(line.adverseEvents).toBe("None");
  });

  it("describes a session without a record by its booking alone", () => {
    expect(sessionLine(booked, null, ZONE)).toMatchObject({ dose: "No session record", signOff: "—", unsigned: false });
    expect(
      sessionLine({ ...booked, kind: "integration", title: "Integration after dose 2" }, null, ZONE),
    ).toMatchObject({ dose: "—", vitals: "—" });
  });
});

describe("vitalsRangeText", () => {
  it("gives single values once and leaves out signs never measured", () => {
    const none = { min: 0, max: 0, count: 0 };
    expect(
      vitalsRangeText({
        systolic: { ...none, min: 120, max: 120 },
        diastolic: { ...none, min: 80, max: 84 },
        heartRate: null,
        spo2: { ...none, min: 97, max: 99 },
        respiratoryRate: null,
      }),
    ).toBe("BP 120/80–84 · SpO₂ 97–99 %");
    expect(
      vitalsRangeText({ systolic: null, diastolic: null, heartRate: null, spo2: null, respiratoryRate: null }),
    ).toBe("None recorded");
  });
});
