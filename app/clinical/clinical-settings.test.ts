import { describe, expect, it } from "vitest";
import {
  ADMINISTRATION_ROUTES,
  clinicalSettings,
  DEFAULT_DOSE_RANGES,
  DEFAULT_INTERACTING_MEDICATIONS,
  DEFAULT_VITAL_THRESHOLDS,
  doseRangesReviewed,
} from "./clinical-settings";

describe("clinical settings", () => {
  it("fills every value from the defaults when the clinic saved nothing", () => {
    const settings = clinicalSettings({});
    expect(settings.vitalThresholds).toEqual({
      systolicMax: 160,
      diastolicMax: 100,
      systolicMin: 90,
      heartRateMax: 120,
      heartRateMin: 50,
      spo2Min: 92,
      respiratoryRateMin: 8,
      respiratoryRateMax: 24,
    });
    expect(settings.doseRanges).toEqual(DEFAULT_DOSE_RANGES);
    expect(Object.keys(settings.doseRanges).sort()).toEqual([...ADMINISTRATION_ROUTES].sort());
    expect(settings.doseRanges.IM).toMatchObject({ minMgPerKg: 0.25, maxMgPerKg: 1, maxMg: 100, weightBased: true });
    expect(settings.doseRanges.IN).toMatchObject({ minMg: 56, maxMg: 84, weightBased: false });
    expect(settings.interactingMedications.map((entry) => entry.className)).toEqual([
      "Benzodiazepines",
      "MAOIs",
      "Stimulants",
      "Lamotrigine",
      "Opioids",
      "Sedative hypnotics",
    ]);
    expect(settings.signOffGatesNextDose).toBe(true);
  });

  it("never hands out the defaults themselves, so a caller cannot change them", () => {
    const settings = clinicalSettings({});
    settings.vitalThresholds.spo2Min = 10;
    settings.doseRanges.IM.maxMg = 1;
    settings.interactingMedications[0]!.names.push("x");
    expect(DEFAULT_VITAL_THRESHOLDS.spo2Min).toBe(92);
    expect(DEFAULT_DOSE_RANGES.IM.maxMg).toBe(100);
    expect(DEFAULT_INTERACTING_MEDICATIONS[0]!.names).not.toContain("x");
  });

  it("takes each threshold the clinic saved and the default for the others", () => {
    const settings = clinicalSettings({ vitalThresholds: { systolicMax: 150, spo2Min: 90 } });
    expect(settings.vitalThresholds).toEqual({ ...DEFAULT_VITAL_THRESHOLDS, systolicMax: 150, spo2Min: 90 });
  });

  it("ignores stored values that are not numbers", () => {
    const stored = {
      vitalThresholds: { systolicMax: "150", heartRateMax: Number.NaN, spo2Min: null },
    } as unknown as Parameters<typeof clinicalSettings>[0];
    expect(clinicalSettings(stored).vitalThresholds).toEqual(DEFAULT_VITAL_THRESHOLDS);
  });

  it("takes each route's saved range, field by field, and the defaults for routes not saved", () => {
    const settings = clinicalSettings({
      doseRanges: {
        IM: { minMgPerKg: 0.3, maxMgPerKg: 0.8, maxMg: 80 },
        nonsense: { minMgPerKg: 1, maxMgPerKg: 2, maxMg: 3 },
      },
    });
    expect(settings.doseRanges.IM).toEqual({
      minMgPerKg: 0.3,
      maxMgPerKg: 0.8,
      maxMg: 80,
      minMg: 0,
      weightBased: true,
    });
    expect(settings.doseRanges.IV).toEqual(DEFAULT_DOSE_RANGES.IV);
    expect(Object.keys(settings.doseRanges)).not.toContain("nonsense");
  });

  it("keeps the saved fixed-dose fields of a route", () => {
    const stored = {
      doseRanges: {
        IN: { minMgPerKg: 0, maxMgPerKg: 0, maxMg: 90, minMg: 28, weightBased: false },
        IV: { weightBased: "no" },
      },
    } as unknown as Parameters<typeof clinicalSettings>[0];
    const settings = clinicalSettings(stored);
    expect(settings.doseRanges.IN).toEqual({ minMgPerKg: 0, maxMgPerKg: 0, maxMg: 90, minMg: 28, weightBased: false });
    expect(settings.doseRanges.IV).toEqual(DEFAULT_DOSE_RANGES.IV);
  });

  it("uses the clinic's own list of interacting medications, even an empty one", () => {
    expect(
      clinicalSettings({ interactingMedications: [{ className: "Opioids", names: ["oxycodone"] }] })
        .interactingMedications,
    ).toEqual([{ className: "Opioids", names: ["oxycodone"] }]);
    expect(clinicalSettings({ interactingMedications: [] }).interactingMedications).toEqual([]);
  });

  it("drops unreadable entries of the list", () => {
    const stored = {
      interactingMedications: [
        null,
        { className: "" },
        { className: "Opioids", names: ["oxycodone", 3, " "] },
        { className: "Other" },
      ],
    } as unknown as Parameters<typeof clinicalSettings>[0];
    expect(clinicalSettings(stored).interactingMedications).toEqual([
      { className: "Opioids", names: ["oxycodone"] },
      { className: "Other", names: [] },
    ]);
  });

  it("takes the clinic's choice on sign-off gating", () => {
    expect(clinicalSettings({ signOffGatesNextDose: false }).signOffGatesNextDose).toBe(false);
    expect(clinicalSettings({ signOffGatesNextDose: true }).signOffGatesNextDose).toBe(true);
  });

  it("says whether the dose ranges were ever saved", () => {
    expect(doseRangesReviewed({})).toBe(false);
    expect(doseRangesReviewed({ doseRanges: {} })).toBe(true);
  });
});
