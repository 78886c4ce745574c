import { formatInTimeZone } from "#app/ui/dates";

export type Readiness = { ready: boolean; missing: string[] };

/** An earlier dosing session of the same series, for the sign-off gate. */
export type EarlierDose = { doseNumber: number | null; startsAt: Date; signedOff: boolean };

export type ReadinessFacts = {
  /** Not part of a series: screening, consent and orders belong to a series. */
  inSeries: boolean;
  /** What clearanceStatus says is missing (signed clearance, consent), in its words. */
  clearanceMissing: readonly string[];
  hasActiveOrder: boolean;
  signOffGatesNextDose: boolean;
  earlierDoses: readonly EarlierDose[];
  timeZone: string;
};

function doseName(dose: EarlierDose, timeZone: string): string {
  return dose.doseNumber !== null
    ? `Dose ${dose.doseNumber}`
    : `The dosing session of ${formatInTimeZone(dose.startsAt, timeZone, "d MMMM yyyy")}`;
}

/** Everything that must be in place before a dosing session starts, as sentences for the care team. */
export function readinessFrom(facts: ReadinessFacts): Readiness {
  const missing: string[] = [];
  if (!facts.inSeries) {
    missing.push("This dosing session is not part of a series, so it has no screening, consent or dose order.");
  } else {
    missing.push(...facts.clearanceMissing);
    if (!facts.hasActiveOrder) {
      missing.push("There is no active dose order: the prescriber must order the dose for this session.");
    }
  }
  if (facts.signOffGatesNextDose) {
    const earlier = [...facts.earlierDoses].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (const dose of earlier) {
      if (!dose.signedOff) {
        missing.push(`${doseName(dose, facts.timeZone)} has not been signed off by the prescriber yet.`);
      }
    }
  }
  return { ready: missing.length === 0, missing };
}
