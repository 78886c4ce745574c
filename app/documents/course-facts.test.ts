import { describe, expect, it } from "vitest";
import type { ConsentEntry } from "#app/clinical/consent.server";
import type { DoseOrderEntry } from "#app/clinical/dose-orders.server";
import type { ScreeningView } from "#app/clinical/screening.server";
import { clearanceFacts, orderLines } from "./course-facts";

const SCREENING: ScreeningView = {
  state: "cleared",
  version: 3,
  content: {
    contraindications: {
      glaucoma: { present: true, note: "controlled, seen by ophthalmology" },
      pregnancy: { present: false, note: "" },
    },
    medications: [{ name: "Lorazepam", dose: "1 mg" }],
    baselineSystolic: 124,
    baselineDiastolic: 78,
    baselineHeartRate: 72,
    baselineWeightKg: 70,
    notes: "",
  },
  medications: [{ name: "Lorazepam", dose: "1 mg", interactionClass: "Benzodiazepines" }],
  warnings: [],
  signedBy: "Inés Ñuñez, MD",
  signedAt: "Fri 1 Mar 2030, 10:00",
  updatedAt: "Fri 1 Mar 2030, 10:00",
};

const CONSENT: ConsentEntry = {
  id: "c1",
  withdrawn: false,
  formVersion: "2030-01",
  patientSignature: "Zoë Nguyễn",
  signedOn: "2030-03-01",
  witnessName: "Wren Witness",
  escortName: "Ñuñez Robledo",
  escortPhone: "555-0100",
  transportPlan: "Driven home by the escort.",
  recordedBy: "Łukasz Żółć",
  recordedAt: "Fri 1 Mar 2030, 10:30",
};

describe("clearanceFacts", () => {
  it("names who cleared the patient, the baseline, what is present, interacting medications and the consent", () => {
    expect(clearanceFacts(SCREENING, CONSENT)).toEqual([
      ["Medical clearance", "Cleared for dosing by Inés Ñuñez, MD on Fri 1 Mar 2030, 10:00"],
      ["Baseline", "BP 124/78, HR 72, weight 70 kg"],
      ["Contraindications", "Glaucoma (controlled, seen by ophthalmology)"],
      ["Current medications", "Lorazepam 1 mg — interacts: Benzodiazepines"],
      ["Consent", 'Consent text version 2030-01, signed "Zoë Nguyễn" on 2030-03-01, witnessed by Wren Witness'],
      ["Transport plan", "Driven home by the escort.\nEscort: Ñuñez Robledo, 555-0100"],
    ]);
  });

  it("says DRAFT for an unsigned screening, and when consent is missing or withdrawn", () => {
    expect(clearanceFacts({ ...SCREENING, state: "draft" }, null)[0]).toEqual([
      "Medical clearance",
      "DRAFT — the screening is not signed",
    ]);
    expect(clearanceFacts(null, null)).toEqual([
      ["Medical clearance", "No screening recorded"],
      ["Consent", "No consent recorded"],
    ]);
    expect(clearanceFacts({ ...SCREENING, state: "not_cleared" }, { ...CONSENT, withdrawn: true })).toContainEqual([
      "Consent",
      "WITHDRAWN — recorded Fri 1 Mar 2030, 10:30 by Łukasz Żółć",
    ]);
    expect(clearanceFacts({ ...SCREENING, state: "not_cleared" }, null)[0]![1]).toBe(
      "NOT cleared for dosing, signed by Inés Ñuñez, MD on Fri 1 Mar 2030, 10:00",
    );
  });
});

describe("orderLines", () => {
  it("lists orders oldest first, with a discontinuation and an out-of-range reason", () => {
    const base: DoseOrderEntry = {
      id: "o1",
      drug: "Ketamine",
      route: "IM",
      dose: "50 mg",
      mgPerKg: "0.714 mg/kg",
      weight: "70 kg",
      scope: "Whole series",
      instructions: "",
      outOfRangeReason: "",
      orderedBy: "Inés Ñuñez, MD",
      orderedAt: "Fri 1 Mar 2030, 10:00",
      discontinued: null,
    };
    const lines = orderLines([
      { ...base, id: "o2", dose: "70 mg", outOfRangeReason: "Tolerated 50 mg without effect." },
      { ...base, discontinued: { at: "Tue 12 Mar 2030, 09:00", by: "Inés Ñuñez", reason: "Dose raised." } },
    ]);
    expect(lines).toEqual([
      {
        order: "Ketamine 50 mg IM (0.714 mg/kg at 70 kg)",
        scope: "Whole series",
        orderedBy: "Inés Ñuñez, MD\nFri 1 Mar 2030, 10:00",
        status: "Discontinued Tue 12 Mar 2030, 09:00 by Inés Ñuñez: Dose raised.",
      },
      {
        order: "Ketamine 70 mg IM (0.714 mg/kg at 70 kg)\nOutside the clinic's range: Tolerated 50 mg without effect.",
        scope: "Whole series",
        orderedBy: "Inés Ñuñez, MD\nFri 1 Mar 2030, 10:00",
        status: "Active",
      },
    ]);
  });
});
