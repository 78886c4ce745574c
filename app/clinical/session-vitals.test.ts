import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { VitalThresholds } from "#db/schema/clinic";
import {
  checkVitals,
  describeVitals,
  PHYSICAL_RANGES,
  VITAL_SIGNS,
  vitalAlerts,
  vitalsRanges,
  type Vitals,
} from "./session-vitals";

const NONE: Vitals = { systolic: null, diastolic: null, heartRate: null, spo2: null, respiratoryRate: null };
const NORMAL: Vitals = { systolic: 128, diastolic: 82, heartRate: 76, spo2: 98, respiratoryRate: 14 };
const THRESHOLDS: VitalThresholds = {
  systolicMax: 160,
  diastolicMax: 100,
  systolicMin: 90,
  heartRateMax: 120,
  heartRateMin: 50,
  spo2Min: 92,
  respiratoryRateMin: 10,
  respiratoryRateMax: 24,
};

function errorsOf(vitals: Partial<Vitals>) {
  const result = checkVitals({ ...NONE, ...vitals });
  return result.ok ? {} : result.errors;
}

describe("checkVitals: physical range, as the database's CHECK", () => {
  it("accepts a normal set, and any single sign alone", () => {
    expect(checkVitals(NORMAL)).toEqual({ ok: true });
    expect(checkVitals({ ...NONE, heartRate: 80 })).toEqual({ ok: true });
    expect(checkVitals({ ...NONE, spo2: 97 })).toEqual({ ok: true });
    expect(checkVitals({ ...NONE, respiratoryRate: 12 })).toEqual({ ok: true });
    expect(checkVitals({ ...NONE, systolic: 120, diastolic: 80 })).toEqual({ ok: true });
  });

  it("refuses the examples with clear messages", () => {
    expect(errorsOf({ systolic: 400, diastolic: 80 })).toEqual({
      systolic: "Systolic pressure must be between 40 and 300 mmHg.",
    });
    expect(errorsOf({ systolic: 40, diastolic: 300 })).toEqual({
      diastolic: "Diastolic pressure must be between 20 and 200 mmHg.",
    });
    expect(errorsOf({ spo2: 120 })).toEqual({ spo2: "SpO₂ must be between 50 and 100 %." });
    expect(errorsOf({ heartRate: 0 })).toEqual({
      heartRate: "Heart rate must be between 20 and 250 beats per minute.",
    });
    expect(errorsOf({ respiratoryRate: 100 })).toEqual({
      respiratoryRate: "Respiratory rate must be between 2 and 70 breaths per minute.",
    });
  });

  it.each(VITAL_SIGNS)("accepts %s at its bounds and refuses one beyond", (sign) => {
    const { min, max } = PHYSICAL_RANGES[sign];
    const pair = (value: number): Partial<Vitals> =>
      sign === "systolic"
        ? { systolic: value, diastolic: Math.min(30, value - 1) }
        : sign === "diastolic"
          ? { systolic: 300, diastolic: value }
          : { [sign]: value };
    expect(errorsOf(pair(min))).toEqual({});
    expect(errorsOf(pair(max))).toEqual({});
    expect(errorsOf(pair(min - 1))[sign]).toMatch(/must be between/u);
    expect(errorsOf(pair(max + 1))[sign]).toMatch(/must be between/u);
  });

  it("refuses a diastolic at or above the systolic, and half a blood pressure", () => {
    expect(errorsOf({ systolic: 80, diastolic: 120 })).toEqual({
      diastolic: "The diastolic pressure must be lower than the systolic.",
    });
    expect(errorsOf({ systolic: 100, diastolic: 100 })).toEqual({
      diastolic: "The diastolic pressure must be lower than the systolic.",
    });
    expect(errorsOf({ systolic: 120 })).toEqual({ diastolic: "Enter the diastolic pressure with the systolic." });
    expect(errorsOf({ diastolic: 80 })).toEqual({ systolic: "Enter the systolic pressure with the diastolic." });
  });

  it("refuses an empty entry and fractions", () => {
    expect(errorsOf({})).toEqual({ form: "Enter at least one vital sign." });
    expect(errorsOf({ heartRate: 80.5 })).toEqual({ heartRate: "Heart rate must be a whole number." });
  });

  it("never accepts what the database's CHECK would refuse (property)", () => {
    const value = fc.option(fc.integer({ min: -50, max: 500 }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({ systolic: value, diastolic: value, heartRate: value, spo2: value, respiratoryRate: value }),
        (vitals) => {
          const inRange = (sign: keyof Vitals): boolean =>
            vitals[sign] === null ||
            (vitals[sign]! >= PHYSICAL_RANGES[sign].min && vitals[sign]! <= PHYSICAL_RANGES[sign].max);
          const databaseAccepts =
            VITAL_SIGNS.every(inRange) &&
            (vitals.systolic === null || vitals.diastolic === null || vitals.diastolic < vitals.systolic) &&
            VITAL_SIGNS.some((sign) => vitals[sign] !== null);
          if (checkVitals(vitals).ok) {
            expect(databaseAccepts).toBe(true);
          }
        },
      ),
    );
  });
});

describe("vitalAlerts", () => {
  it("raises nothing for normal vitals, nor at the thresholds themselves", () => {
    expect(vitalAlerts(NORMAL, THRESHOLDS)).toEqual([]);
    expect(
      vitalAlerts({ systolic: 160, diastolic: 100, heartRate: 120, spo2: 92, respiratoryRate: 24 }, THRESHOLDS),
    ).toEqual([]);
    expect(
      vitalAlerts({ systolic: 90, diastolic: 60, heartRate: 50, spo2: 92, respiratoryRate: 10 }, THRESHOLDS),
    ).toEqual([]);
    expect(vitalAlerts(NONE, THRESHOLDS)).toEqual([]);
  });

  it("words each alert as the care team reads it", () => {
    expect(vitalAlerts({ ...NORMAL, systolic: 168, diastolic: 104 }, THRESHOLDS)).toEqual([
      "Blood pressure 168/104 is above 160/100.",
    ]);
    expect(vitalAlerts({ ...NORMAL, spo2: 89 }, THRESHOLDS)).toEqual(["SpO₂ 89 % is below 92 %."]);
    expect(vitalAlerts({ ...NORMAL, heartRate: 128 }, THRESHOLDS)).toEqual(["Heart rate 128 is above 120."]);
    expect(vitalAlerts({ ...NORMAL, heartRate: 44 }, THRESHOLDS)).toEqual(["Heart rate 44 is below 50."]);
    expect(vitalAlerts({ ...NORMAL, systolic: 85, diastolic: 50 }, THRESHOLDS)).toEqual([
      "Blood pressure 85/50 is below 90 systolic.",
    ]);
    expect(vitalAlerts({ ...NORMAL, respiratoryRate: 8 }, THRESHOLDS)).toEqual(["Respiratory rate 8 is below 10."]);
    expect(vitalAlerts({ ...NORMAL, respiratoryRate: 30 }, THRESHOLDS)).toEqual(["Respiratory rate 30 is above 24."]);
  });

  it("alerts on either pressure alone above its limit", () => {
    expect(vitalAlerts({ ...NORMAL, systolic: 161, diastolic: 80 }, THRESHOLDS)).toEqual([
      "Blood pressure 161/80 is above 160/100.",
    ]);
    expect(vitalAlerts({ ...NORMAL, systolic: 150, diastolic: 101 }, THRESHOLDS)).toEqual([
      "Blood pressure 150/101 is above 160/100.",
    ]);
  });

  it("lists several alerts in a fixed order", () => {
    expect(
      vitalAlerts({ systolic: 170, diastolic: 110, heartRate: 130, spo2: 88, respiratoryRate: 6 }, THRESHOLDS),
    ).toEqual([
      "Blood pressure 170/110 is above 160/100.",
      "Heart rate 130 is above 120.",
      "SpO₂ 88 % is below 92 %.",
      "Respiratory rate 6 is below 10.",
    ]);
  });

  it("follows the clinic's own thresholds", () => {
    expect(
      vitalAlerts({ ...NORMAL, systolic: 150, diastolic: 95 }, { ...THRESHOLDS, systolicMax: 140, diastolicMax: 90 }),
    ).toEqual(["Blood pressure 150/95 is above 140/90."]);
  });
});

describe("vitalsRanges and describeVitals", () => {
  it("gives the lowest and highest of each sign, ignoring blanks", () => {
    const ranges = vitalsRanges([
      NORMAL,
      { ...NONE, heartRate: 110 },
      { ...NORMAL, systolic: 150, diastolic: 95, spo2: 95 },
    ]);
    expect(ranges.systolic).toEqual({ min: 128, max: 150, count: 2 });
    expect(ranges.heartRate).toEqual({ min: 76, max: 110, count: 3 });
    expect(ranges.spo2).toEqual({ min: 95, max: 98, count: 2 });
    expect(vitalsRanges([]).systolic).toBeNull();
  });

  it("describes an entry in one line", () => {
    expect(describeVitals(NORMAL)).toBe("BP 128/82 · HR 76 · SpO₂ 98 % · RR 14");
    expect(describeVitals({ ...NONE, spo2: 95 })).toBe("SpO₂ 95 %");
  });
});
