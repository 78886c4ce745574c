import { describe, expect, it } from "vitest";
import { DEFAULT_DOSE_RANGES, type DoseLimits } from "./clinical-settings";
import { checkDose, describeRange, formatAmount, mgPerKgOf } from "./dose-range";

const IM = DEFAULT_DOSE_RANGES.IM;
const IN = DEFAULT_DOSE_RANGES.IN;

describe("mg/kg", () => {
  it("divides the dose by the weight, to three decimals", () => {
    expect(mgPerKgOf(50, 70)).toBe(0.714);
    expect(mgPerKgOf(70, 70)).toBe(1);
    expect(mgPerKgOf(100, 3)).toBe(33.333);
    expect(mgPerKgOf(0.5, 400)).toBe(0.001);
  });

  it("is unknown without a usable weight", () => {
    expect(mgPerKgOf(50, null)).toBeNull();
    expect(mgPerKgOf(50, 0)).toBeNull();
    expect(mgPerKgOf(50, -70)).toBeNull();
    expect(mgPerKgOf(50, Number.NaN)).toBeNull();
  });
});

describe("describing a range", () => {
  it("writes amounts as clinicians do", () => {
    expect(formatAmount(1)).toBe("1");
    expect(formatAmount(0.25)).toBe("0.25");
    expect(formatAmount(0.7142857)).toBe("0.714");
  });

  it("names mg/kg and the maximum for a weight-based route, mg for a fixed-dose one", () => {
    expect(describeRange(IM)).toBe("0.25–1 mg/kg, at most 100 mg");
    expect(describeRange({ ...IM, minMg: 10 })).toBe("0.25–1 mg/kg, at least 10 mg and at most 100 mg");
    expect(describeRange(IN)).toBe("56–84 mg");
  });
});

describe("checking a weight-based dose", () => {
  it("accepts a dose within the range, including both boundaries", () => {
    expect(checkDose("IM", IM, 50, 70)).toEqual({ mgPerKg: 0.714, withinRange: true, warnings: [] });
    expect(checkDose("IM", IM, 17.5, 70)).toEqual({ mgPerKg: 0.25, withinRange: true, warnings: [] });
    expect(checkDose("IM", IM, 70, 70)).toEqual({ mgPerKg: 1, withinRange: true, warnings: [] });
    expect(checkDose("IM", IM, 100, 100)).toEqual({ mgPerKg: 1, withinRange: true, warnings: [] });
  });

  it("warns just outside either end of the mg/kg range", () => {
    expect(checkDose("IM", IM, 17.4, 70)).toEqual({
      mgPerKg: 0.249,
      withinRange: false,
      warnings: ["0.249 mg/kg is below the clinic's IM range of 0.25–1 mg/kg, at most 100 mg."],
    });
    expect(checkDose("IM", IM, 70.1, 70).warnings).toEqual([
      "1.001 mg/kg is above the clinic's IM range of 0.25–1 mg/kg, at most 100 mg.",
    ]);
  });

  it("checks the rounded mg/kg it shows", () => {
    // 70.03 / 70 = 1.00043 shows as 1 mg/kg, and 1 mg/kg is in range.
    expect(checkDose("IM", IM, 70.03, 70)).toMatchObject({ mgPerKg: 1, withinRange: true });
  });

  it("warns above the maximum in mg even when mg/kg is in range", () => {
    expect(checkDose("IM", IM, 101, 120)).toEqual({
      mgPerKg: 0.842,
      withinRange: false,
      warnings: ["101 mg is above the clinic's IM maximum of 100 mg."],
    });
  });

  it("gives both warnings when mg/kg and the maximum are both exceeded", () => {
    expect(checkDose("IV", DEFAULT_DOSE_RANGES.IV, 150, 100).warnings).toEqual([
      "1.5 mg/kg is above the clinic's IV range of 0.5–1 mg/kg, at most 100 mg.",
      "150 mg is above the clinic's IV maximum of 100 mg.",
    ]);
  });

  it("warns below a minimum in mg when the clinic set one", () => {
    const limits: DoseLimits = { ...IM, minMg: 20 };
    expect(checkDose("IM", limits, 19, 40).warnings).toEqual(["19 mg is below the clinic's IM minimum of 20 mg."]);
    expect(checkDose("IM", limits, 20, 40).withinRange).toBe(true);
  });

  it("cannot check mg/kg without a weight: unknown, and a warning", () => {
    expect(checkDose("SL", DEFAULT_DOSE_RANGES.SL, 200, null)).toEqual({
      mgPerKg: null,
      withinRange: false,
      warnings: [
        "The patient's weight is not recorded, so 200 mg cannot be checked against the clinic's SL range of 1–4 mg/kg, at most 400 mg.",
      ],
    });
  });

  it("still checks the maximum in mg without a weight", () => {
    expect(checkDose("oral", DEFAULT_DOSE_RANGES.oral, 350, null).warnings).toHaveLength(2);
    expect(checkDose("oral", DEFAULT_DOSE_RANGES.oral, 350, null).warnings[1]).toBe(
      "350 mg is above the clinic's oral maximum of 300 mg.",
    );
  });
});

describe("checking a fixed dose", () => {
  it("accepts the range's ends and between, with or without a weight", () => {
    expect(checkDose("IN", IN, 56, 70)).toEqual({ mgPerKg: 0.8, withinRange: true, warnings: [] });
    expect(checkDose("IN", IN, 84, null)).toEqual({ mgPerKg: null, withinRange: true, warnings: [] });
  });

  it("warns below and above, in mg", () => {
    expect(checkDose("IN", IN, 28, 70).warnings).toEqual(["28 mg is below the clinic's IN range of 56–84 mg."]);
    expect(checkDose("IN", IN, 84.5, 70).warnings).toEqual(["84.5 mg is above the clinic's IN range of 56–84 mg."]);
  });
});
