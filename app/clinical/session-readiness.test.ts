import { describe, expect, it } from "vitest";
import { readinessFrom, type ReadinessFacts } from "./session-readiness";

const READY: ReadinessFacts = {
  inSeries: true,
  clearanceMissing: [],
  hasActiveOrder: true,
  signOffGatesNextDose: false,
  earlierDoses: [],
  timeZone: "America/Los_Angeles",
};

describe("readinessFrom", () => {
  it("is ready when clearance, consent and an order are in place", () => {
    expect(readinessFrom(READY)).toEqual({ ready: true, missing: [] });
  });

  it("passes on what the clearance is missing, in its words", () => {
    const missing = ["The prescriber has not signed the clearance.", "The patient has not signed the consent."];
    expect(readinessFrom({ ...READY, clearanceMissing: missing })).toEqual({ ready: false, missing });
  });

  it("asks for a dose order", () => {
    expect(readinessFrom({ ...READY, hasActiveOrder: false })).toEqual({
      ready: false,
      missing: ["There is no active dose order: the prescriber must order the dose for this session."],
    });
  });

  it("refuses a dosing appointment outside a series", () => {
    expect(readinessFrom({ ...READY, inSeries: false, hasActiveOrder: false }).missing).toEqual([
      "This dosing session is not part of a series, so it has no screening, consent or dose order.",
    ]);
  });

  const earlierDoses = [
    { doseNumber: 2, startsAt: new Date("2030-03-07T17:00:00Z"), signedOff: false },
    { doseNumber: 1, startsAt: new Date("2030-03-04T17:00:00Z"), signedOff: false },
    { doseNumber: null, startsAt: new Date("2030-03-09T17:00:00Z"), signedOff: false },
  ];

  it("with the sign-off gate on, names each earlier dose not signed off, in order", () => {
    expect(readinessFrom({ ...READY, signOffGatesNextDose: true, earlierDoses }).missing).toEqual([
      "Dose 1 has not been signed off by the prescriber yet.",
      "Dose 2 has not been signed off by the prescriber yet.",
      "The dosing session of 9 March 2030 has not been signed off by the prescriber yet.",
    ]);
    expect(
      readinessFrom({
        ...READY,
        signOffGatesNextDose: true,
        earlierDoses: earlierDoses.map((dose) => ({ ...dose, signedOff: true })),
      }),
    ).toEqual({ ready: true, missing: [] });
  });

  it("with the gate off, ignores sign-offs", () => {
    expect(readinessFrom({ ...READY, signOffGatesNextDose: false, earlierDoses })).toEqual({
      ready: true,
      missing: [],
    });
  });
});
