import type { VitalThresholds } from "#db/schema/clinic";

/** One set of vital signs as entered; any value may be left out, but not all of them. */
export type Vitals = {
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  spo2: number | null;
  respiratoryRate: number | null;
};

export type VitalSign = keyof Vitals;

export const VITAL_SIGNS: readonly VitalSign[] = ["systolic", "diastolic", "heartRate", "spo2", "respiratoryRate"];

/**
 * What a human body (and a working monitor) can produce. The same bounds as the CHECK constraint
 * vitals_physical_range_check in migrations/0009, so a refused value never reaches the database.
 */
export const PHYSICAL_RANGES: Record<VitalSign, { min: number; max: number; name: string; unit: string }> = {
  systolic: { min: 40, max: 300, name: "Systolic pressure", unit: "mmHg" },
  diastolic: { min: 20, max: 200, name: "Diastolic pressure", unit: "mmHg" },
  heartRate: { min: 20, max: 250, name: "Heart rate", unit: "beats per minute" },
  spo2: { min: 50, max: 100, name: "SpO₂", unit: "%" },
  respiratoryRate: { min: 2, max: 70, name: "Respiratory rate", unit: "breaths per minute" },
};

export type VitalsErrors = Partial<Record<VitalSign, string>> & { form?: string };

export type VitalsCheck = { ok: true } | { ok: false; errors: VitalsErrors };

function rangeMessage(sign: VitalSign): string {
  const { name, min, max, unit } = PHYSICAL_RANGES[sign];
  return unit === "%"
    ? `${name} must be between ${min} and ${max} %.`
    : `${name} must be between ${min} and ${max} ${unit}.`;
}

/** Refuses values outside physical range, a blood pressure given by half, and an empty entry. */
export function checkVitals(vitals: Vitals): VitalsCheck {
  const errors: VitalsErrors = {};
  for (const sign of VITAL_SIGNS) {
    const value = vitals[sign];
    if (value === null) {
      continue;
    }
    const { name, min, max } = PHYSICAL_RANGES[sign];
    if (!Number.isInteger(value)) {
      errors[sign] = `${name} must be a whole number.`;
    } else if (value < min || value > max) {
      errors[sign] = rangeMessage(sign);
    }
  }
  const { systolic, diastolic } = vitals;
  if (systolic === null && diastolic !== null) {
    errors.systolic ??= "Enter the systolic pressure with the diastolic.";
  } else if (systolic !== null && diastolic === null) {
    errors.diastolic ??= "Enter the diastolic pressure with the systolic.";
  } else if (
    systolic !== null &&
    diastolic !== null &&
    !errors.systolic &&
    !errors.diastolic &&
    diastolic >= systolic
  ) {
    errors.diastolic = "The diastolic pressure must be lower than the systolic.";
  }
  if (VITAL_SIGNS.every((sign) => vitals[sign] === null)) {
    errors.form = "Enter at least one vital sign.";
  }
  return Object.keys(errors).length === 0 ? { ok: true } : { ok: false, errors };
}

/**
 * The alerts a set of vitals raises at the clinic's thresholds, as sentences shown to the nurse and
 * stored with the entry. A value equal to a threshold does not alert: the thresholds name the
 * limits ("above 160/100", "below 92 %").
 */
export function vitalAlerts(vitals: Vitals, thresholds: VitalThresholds): string[] {
  const alerts: string[] = [];
  const { systolic, diastolic, heartRate, spo2, respiratoryRate } = vitals;
  if (systolic !== null && diastolic !== null) {
    if (systolic > thresholds.systolicMax || diastolic > thresholds.diastolicMax) {
      alerts.push(
        `Blood pressure ${systolic}/${diastolic} is above ${thresholds.systolicMax}/${thresholds.diastolicMax}.`,
      );
    } else if (systolic < thresholds.systolicMin) {
      alerts.push(`Blood pressure ${systolic}/${diastolic} is below ${thresholds.systolicMin} systolic.`);
    }
  }
  if (heartRate !== null) {
    if (heartRate > thresholds.heartRateMax) {
      alerts.push(`Heart rate ${heartRate} is above ${thresholds.heartRateMax}.`);
    } else if (heartRate < thresholds.heartRateMin) {
      alerts.push(`Heart rate ${heartRate} is below ${thresholds.heartRateMin}.`);
    }
  }
  if (spo2 !== null && spo2 < thresholds.spo2Min) {
    alerts.push(`SpO₂ ${spo2} % is below ${thresholds.spo2Min} %.`);
  }
  if (respiratoryRate !== null) {
    if (respiratoryRate > thresholds.respiratoryRateMax) {
      alerts.push(`Respiratory rate ${respiratoryRate} is above ${thresholds.respiratoryRateMax}.`);
    } else if (respiratoryRate < thresholds.respiratoryRateMin) {
      alerts.push(`Respiratory rate ${respiratoryRate} is below ${thresholds.respiratoryRateMin}.`);
    }
  }
  return alerts;
}

export type ValueRange = { min: number; max: number; count: number };
export type VitalsRanges = Record<VitalSign, ValueRange | null>;

/** The lowest and highest of each vital sign across the entries given (callers leave out entries in error). */
export function vitalsRanges(entries: readonly Vitals[]): VitalsRanges {
  const ranges: VitalsRanges = { systolic: null, diastolic: null, heartRate: null, spo2: null, respiratoryRate: null };
  for (const entry of entries) {
    for (const sign of VITAL_SIGNS) {
      const value = entry[sign];
      if (value === null) {
        continue;
      }
      const current = ranges[sign];
      ranges[sign] = current
        ? { min: Math.min(current.min, value), max: Math.max(current.max, value), count: current.count + 1 }
        : { min: value, max: value, count: 1 };
    }
  }
  return ranges;
}

/** e.g. "BP 128/82 · HR 76 · SpO₂ 98 % · RR 14", for the timeline. */
export function describeVitals(vitals: Vitals): string {
  const parts: string[] = [];
  if (vitals.systolic !== null && vitals.diastolic !== null) {
    parts.push(`BP ${vitals.systolic}/${vitals.diastolic}`);
  }
  if (vitals.heartRate !== null) {
    parts.push(`HR ${vitals.heartRate}`);
  }
  if (vitals.spo2 !== null) {
    parts.push(`SpO₂ ${vitals.spo2} %`);
  }
  if (vitals.respiratoryRate !== null) {
    parts.push(`RR ${vitals.respiratoryRate}`);
  }
  return parts.join(" · ");
}
