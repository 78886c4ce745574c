import { describe, expect, it } from "vitest";
import { CADSS_TOTAL_MAX, checkMentalStatus, describeMentalStatus, MOAAS_LEVELS, moaasLabel } from "./session-checks";

const BLANK = [null, null, null, null, null, null];

describe("MOAA/S", () => {
  it("labels every score from 0 to 5 with the scale's wording", () => {
    expect(MOAAS_LEVELS.map((level) => level.score).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(moaasLabel(5)).toBe("Responds readily to name spoken in normal tone");
    expect(moaasLabel(0)).toBe("No response after painful trapezius squeeze");
    expect(moaasLabel(6)).toBeNull();
  });

  it("accepts 0 to 5 alone and refuses anything else", () => {
    for (const score of [0, 1, 2, 3, 4, 5]) {
      expect(checkMentalStatus({ moaas: score, cadssItems: BLANK })).toEqual({
        ok: true,
        value: { moaas: score, cadssItems: null, cadssTotal: null },
      });
    }
    for (const score of [-1, 6, 2.5]) {
      expect(checkMentalStatus({ moaas: score, cadssItems: BLANK })).toEqual({
        ok: false,
        errors: { moaas: "The MOAA/S score must be a whole number from 0 to 5." },
      });
    }
  });
});

describe("CADSS-6", () => {
  it("totals six items of 0–4", () => {
    expect(checkMentalStatus({ moaas: null, cadssItems: [1, 2, 0, 3, 4, 0] })).toEqual({
      ok: true,
      value: { moaas: null, cadssItems: [1, 2, 0, 3, 4, 0], cadssTotal: 10 },
    });
    expect(checkMentalStatus({ moaas: 4, cadssItems: [4, 4, 4, 4, 4, 4] })).toEqual({
      ok: true,
      value: { moaas: 4, cadssItems: [4, 4, 4, 4, 4, 4], cadssTotal: CADSS_TOTAL_MAX },
    });
    expect(checkMentalStatus({ moaas: null, cadssItems: [0, 0, 0, 0, 0, 0] })).toEqual({
      ok: true,
      value: { moaas: null, cadssItems: [0, 0, 0, 0, 0, 0], cadssTotal: 0 },
    });
  });

  it("refuses a partly scored form, items out of range and the wrong number of items", () => {
    expect(checkMentalStatus({ moaas: 5, cadssItems: [1, 2, null, null, null, null] })).toEqual({
      ok: false,
      errors: { cadss: "Score all 6 CADSS-6 items, or leave them all blank (2 of 6 scored)." },
    });
    expect(checkMentalStatus({ moaas: null, cadssItems: [1, 5, 0, 0, 0, -1] })).toEqual({
      ok: false,
      errors: { items: { 1: "Item 2 must be scored from 0 to 4.", 5: "Item 6 must be scored from 0 to 4." } },
    });
    expect(checkMentalStatus({ moaas: null, cadssItems: [1, 2, 3] })).toMatchObject({
      ok: false,
      errors: { cadss: "The CADSS-6 has 6 items." },
    });
  });

  it("refuses a check with nothing in it", () => {
    expect(checkMentalStatus({ moaas: null, cadssItems: BLANK })).toEqual({
      ok: false,
      errors: { form: "Enter a MOAA/S score, the CADSS-6 items, or both." },
    });
  });

  it("describes a check in one line", () => {
    expect(describeMentalStatus({ moaas: 4, cadssItems: [1, 2, 0, 3, 4, 0], cadssTotal: 10 })).toBe(
      "MOAA/S 4 (Lethargic response to name spoken in normal tone) · CADSS-6 10/24 (items 1, 2, 0, 3, 4, 0)",
    );
    expect(describeMentalStatus({ moaas: null, cadssItems: null, cadssTotal: 3 })).toBe("CADSS-6 3/24");
  });
});
