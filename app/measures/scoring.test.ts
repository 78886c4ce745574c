import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Instrument } from "#db/schema/measures";
import { GAD7, INSTRUMENT_DEFINITIONS, INSTRUMENT_ORDER, PCL5, PHQ9 } from "./instruments";
import { scoreMeasure, SELF_HARM_ALERT_TEXT, type Score } from "./scoring";

/** Answers adding up to `total`, filled from the first item (so item 9 stays 0 when it can). */
function answersFor(instrument: Instrument, total: number): number[] {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  let left = total;
  return definition.items.map(() => {
    const value = Math.min(definition.maxItem, left);
    left -= value;
    return value;
  });
}

function scored(instrument: Instrument, answers: readonly unknown[], options = {}): Score {
  const result = scoreMeasure(instrument, answers, options);
  if (!result.ok) {
    throw new Error(`not scored: ${result.errors.map((error) => error.message).join(" ")}`);
  }
  return result.score;
}

function expectRefused(instrument: Instrument, answers: readonly unknown[], options = {}) {
  const result = scoreMeasure(instrument, answers, options);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe("the instruments", () => {
  it("have the published number of items, answers and maximum totals", () => {
    expect(PHQ9.items).toHaveLength(9);
    expect(GAD7.items).toHaveLength(7);
    expect(PCL5.items).toHaveLength(20);
    expect(PHQ9.options.map((option) => option.value)).toEqual([0, 1, 2, 3]);
    expect(GAD7.options.map((option) => option.value)).toEqual([0, 1, 2, 3]);
    expect(PCL5.options.map((option) => option.value)).toEqual([0, 1, 2, 3, 4]);
    for (const instrument of INSTRUMENT_ORDER) {
      const definition = INSTRUMENT_DEFINITIONS[instrument];
      expect(definition.maxTotal).toBe(definition.items.length * definition.maxItem);
      expect(definition.items.map((item) => item.number)).toEqual(definition.items.map((_item, index) => index + 1));
      expect(definition.items.every((item) => item.text.length > 5)).toBe(true);
    }
    expect(PHQ9.items[8]?.text).toMatch(/better off dead or of hurting yourself/u);
  });
});

describe("PHQ-9 scoring", () => {
  const bands: [number, number, string][] = [
    [0, 4, "minimal"],
    [5, 9, "mild"],
    [10, 14, "moderate"],
    [15, 19, "moderately severe"],
    [20, 27, "severe"],
  ];

  it.each(bands)("names every total from %i to %i %s", (from, to, severity) => {
    for (let total = from; total <= to; total += 1) {
      const score = scored("phq9", answersFor("phq9", total));
      expect(score.total).toBe(total);
      expect(score.severity).toBe(severity);
      expect(score.maxTotal).toBe(27);
    }
  });

  it("changes band exactly at 5, 10, 15 and 20", () => {
    const severityAt = (total: number) => scored("phq9", answersFor("phq9", total)).severity;
    expect([4, 5, 9, 10, 14, 15, 19, 20, 27].map(severityAt)).toEqual([
      "minimal",
      "mild",
      "mild",
      "moderate",
      "moderate",
      "moderately severe",
      "moderately severe",
      "severe",
      "severe",
    ]);
  });

  it("alerts when item 9 is above zero, whatever the total, and names the answer", () => {
    const answers = [0, 0, 0, 0, 0, 0, 0, 0, 1];
    const score = scored("phq9", answers);
    expect(score.total).toBe(1);
    expect(score.severity).toBe("minimal");
    expect(score.alert).toContain(SELF_HARM_ALERT_TEXT);
    expect(score.alert).toContain("Several days");
    expect(scored("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 2]).alert).toContain("More than half the days");
    expect(scored("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 3]).alert).toContain("Nearly every day");
  });

  it("does not alert when item 9 is zero, even at the highest total of the other items", () => {
    const score = scored("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0]);
    expect(score.total).toBe(24);
    expect(score.severity).toBe("severe");
    expect(score.alert).toBe("");
  });

  it("keeps the answers as given", () => {
    const answers = [1, 2, 3, 0, 1, 2, 3, 0, 1];
    expect(scored("phq9", answers).items).toEqual(answers);
  });
});

describe("GAD-7 scoring", () => {
  const bands: [number, number, string][] = [
    [0, 4, "minimal"],
    [5, 9, "mild"],
    [10, 14, "moderate"],
    [15, 21, "severe"],
  ];

  it.each(bands)("names every total from %i to %i %s", (from, to, severity) => {
    for (let total = from; total <= to; total += 1) {
      const score = scored("gad7", answersFor("gad7", total));
      expect(score.total).toBe(total);
      expect(score.severity).toBe(severity);
    }
  });

  it("changes band exactly at 5, 10 and 15, and never alerts", () => {
    expect([4, 5, 9, 10, 14, 15, 21].map((total) => scored("gad7", answersFor("gad7", total)).severity)).toEqual([
      "minimal",
      "mild",
      "mild",
      "moderate",
      "moderate",
      "severe",
      "severe",
    ]);
    expect(scored("gad7", [3, 3, 3, 3, 3, 3, 3]).alert).toBe("");
  });
});

describe("PCL-5 scoring", () => {
  it("reports every total below 33 as below the provisional cut-off and 33 and above as at or above it", () => {
    for (let total = 0; total <= 80; total += 1) {
      const score = scored("pcl5", answersFor("pcl5", total));
      expect(score.total).toBe(total);
      expect(score.severity).toBe(
        total >= 33 ? "at or above the provisional cut-off (33)" : "below the provisional cut-off (33)",
      );
      expect(score.alert).toBe("");
    }
  });

  it("uses the clinic's cut-off when it sets one (31 to 33 in published guidance)", () => {
    expect(scored("pcl5", answersFor("pcl5", 30), { pcl5CutOff: 31 }).severity).toBe(
      "below the provisional cut-off (31)",
    );
    expect(scored("pcl5", answersFor("pcl5", 31), { pcl5CutOff: 31 }).severity).toBe(
      "at or above the provisional cut-off (31)",
    );
    expect(scored("pcl5", answersFor("pcl5", 32), { pcl5CutOff: 33 }).severity).toBe(
      "below the provisional cut-off (33)",
    );
    expect(scored("pcl5", answersFor("pcl5", 80), { pcl5CutOff: 80 }).band.key).toBe("at_or_above_cut_off");
    expect(scored("pcl5", answersFor("pcl5", 0), { pcl5CutOff: 1 }).band.key).toBe("below_cut_off");
  });

  it("refuses a cut-off that is not a whole number from 1 to 80", () => {
    for (const pcl5CutOff of [0, 81, 32.5, Number.NaN]) {
      expect(expectRefused("pcl5", answersFor("pcl5", 10), { pcl5CutOff })[0]?.message).toMatch(/cut-off/u);
    }
  });

  it("adds cluster scores and the DSM-5 rule: one B, one C, two D and two E items rated 2 or more", () => {
    // B: item 1; C: item 6; D: items 8 and 9; E: items 15 and 16.
    const answers = Array.from({ length: 20 }, () => 1);
    for (const item of [1, 6, 8, 9, 15, 16]) {
      answers[item - 1] = 2;
    }
    const score = scored("pcl5", answers);
    expect(score.total).toBe(26);
    expect(score.severity).toBe("below the provisional cut-off (33)");
    expect(score.pcl5?.meetsDsm5Rule).toBe(true);
    expect(score.pcl5?.clusters.map((cluster) => [cluster.key, cluster.score, cluster.endorsed, cluster.met])).toEqual([
      ["B", 6, 1, true],
      ["C", 3, 1, true],
      ["D", 9, 2, true],
      ["E", 8, 2, true],
    ]);
    answers[15] = 1;
    const short = scored("pcl5", answers);
    expect(short.pcl5?.meetsDsm5Rule).toBe(false);
    expect(short.pcl5?.clusters.find((cluster) => cluster.key === "E")?.met).toBe(false);
    expect(scored("phq9", answersFor("phq9", 3)).pcl5).toBeNull();
  });
});

describe("refusing answers that cannot be scored", () => {
  it.each(INSTRUMENT_ORDER)(
    "%s: refuses a missing answer, naming each missing item, and scores nothing",
    (instrument) => {
      const definition = INSTRUMENT_DEFINITIONS[instrument];
      const answers: unknown[] = answersFor(instrument, 3);
      answers[1] = undefined;
      answers[definition.items.length - 1] = null;
      const errors = expectRefused(instrument, answers);
      expect(errors.map((error) => error.item)).toEqual([2, definition.items.length]);
      expect(errors[0]?.message).toBe(
        `Choose an answer for item 2: the ${definition.name} is only scored when every item is answered.`,
      );
      expect(expectRefused(instrument, answersFor(instrument, 3).slice(0, -1)).map((error) => error.item)).toEqual([
        definition.items.length,
      ]);
      expect(expectRefused(instrument, []).map((error) => error.item)).toEqual(
        definition.items.map((item) => item.number),
      );
      expect(
        expectRefused(
          instrument,
          answers.map((value) => (value === undefined ? "" : value)),
        )[0]?.item,
      ).toBe(2);
    },
  );

  it.each(INSTRUMENT_ORDER)("%s: refuses answers out of range or not whole numbers", (instrument) => {
    const definition = INSTRUMENT_DEFINITIONS[instrument];
    for (const bad of [-1, definition.maxItem + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "2", true, {}]) {
      const answers: unknown[] = answersFor(instrument, 0);
      answers[2] = bad;
      const errors = expectRefused(instrument, answers);
      expect(errors).toEqual([
        { item: 3, message: `Item 3 must be one of the answers, scored 0 to ${definition.maxItem}.` },
      ]);
    }
  });

  it.each(INSTRUMENT_ORDER)("%s: refuses more answers than items", (instrument) => {
    const definition = INSTRUMENT_DEFINITIONS[instrument];
    const errors = expectRefused(instrument, [...answersFor(instrument, 0), 0]);
    expect(errors).toEqual([
      {
        item: null,
        message: `The ${definition.name} has ${definition.items.length} items, but ${definition.items.length + 1} answers were sent.`,
      },
    ]);
  });

  it("refuses something that is not a list of answers", () => {
    expect(expectRefused("phq9", "123" as unknown as unknown[])[0]?.message).toBe("The PHQ-9 answers are missing.");
  });
});

describe("any complete set of answers", () => {
  it.each(INSTRUMENT_ORDER)("%s: scores the sum of the items, inside the scale, in exactly one band", (instrument) => {
    const definition = INSTRUMENT_DEFINITIONS[instrument];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: definition.maxItem }), {
          minLength: definition.items.length,
          maxLength: definition.items.length,
        }),
        (answers) => {
          const score = scored(instrument, answers);
          expect(score.total).toBe(answers.reduce((sum, value) => sum + value, 0));
          expect(score.total).toBeGreaterThanOrEqual(0);
          expect(score.total).toBeLessThanOrEqual(definition.maxTotal);
          expect(score.total >= score.band.min && score.total <= score.band.max).toBe(true);
          expect(score.alert !== "").toBe(instrument === "phq9" && answers[8]! > 0);
        },
      ),
    );
  });
});
