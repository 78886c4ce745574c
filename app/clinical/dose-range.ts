import type { RouteOfAdministration } from "#db/schema/clinical-safety";
import type { DoseLimits } from "./clinical-settings";

/** "0.25", "1", "72.5": a number as a clinician writes it, at most three decimals. */
export function formatAmount(value: number): string {
  return String(Number(value.toFixed(3)));
}

/**
 * mg/kg to three decimals (what the order keeps), or null when the weight is unknown. The range is
 * checked on this rounded value, so what the page shows and what is checked never disagree.
 */
export function mgPerKgOf(doseMg: number, weightKg: number | null): number | null {
  if (weightKg === null || !Number.isFinite(weightKg) || weightKg <= 0) {
    return null;
  }
  return Math.round((doseMg / weightKg) * 1000) / 1000;
}

/** "0.25–1 mg/kg, at most 100 mg" or, for a fixed-dose route, "56–84 mg". */
export function describeRange(limits: DoseLimits): string {
  if (!limits.weightBased) {
    return `${formatAmount(limits.minMg)}–${formatAmount(limits.maxMg)} mg`;
  }
  const floor = limits.minMg > 0 ? `at least ${formatAmount(limits.minMg)} mg and ` : "";
  return `${formatAmount(limits.minMgPerKg)}–${formatAmount(limits.maxMgPerKg)} mg/kg, ${floor}at most ${formatAmount(limits.maxMg)} mg`;
}

export type DoseCheck = {
  mgPerKg: number | null;
  /** True only when every check the route needs could be made and passed. */
  withinRange: boolean;
  warnings: string[];
};

/**
 * Checks a dose against the clinic's range for its route. An unknown weight on a weight-based route is
 * a warning too: the dose could not be checked, so ordering it needs the same reason as one outside.
 */
export function checkDose(
  route: RouteOfAdministration,
  limits: DoseLimits,
  doseMg: number,
  weightKg: number | null,
): DoseCheck {
  const mgPerKg = mgPerKgOf(doseMg, weightKg);
  const range = `the clinic's ${route} range of ${describeRange(limits)}`;
  const warnings: string[] = [];
  const dose = `${formatAmount(doseMg)} mg`;
  if (limits.weightBased) {
    if (mgPerKg === null) {
      warnings.push(`The patient's weight is not recorded, so ${dose} cannot be checked against ${range}.`);
    } else if (mgPerKg < limits.minMgPerKg) {
      warnings.push(`${formatAmount(mgPerKg)} mg/kg is below ${range}.`);
    } else if (mgPerKg > limits.maxMgPerKg) {
      warnings.push(`${formatAmount(mgPerKg)} mg/kg is above ${range}.`);
    }
    if (doseMg > limits.maxMg) {
      warnings.push(`${dose} is above the clinic's ${route} maximum of ${formatAmount(limits.maxMg)} mg.`);
    } else if (doseMg < limits.minMg) {
      warnings.push(`${dose} is below the clinic's ${route} minimum of ${formatAmount(limits.minMg)} mg.`);
    }
  } else if (doseMg < limits.minMg) {
    warnings.push(`${dose} is below ${range}.`);
  } else if (doseMg > limits.maxMg) {
    warnings.push(`${dose} is above ${range}.`);
  }
  return { mgPerKg, withinRange: warnings.length === 0, warnings };
}
