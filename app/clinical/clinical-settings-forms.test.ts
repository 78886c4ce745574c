import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import {
  addConsentFormSchema,
  doseRangesSchema,
  interactionsSchema,
  splitNames,
  thresholdsSchema,
} from "./clinical-settings-forms";
import { ADMINISTRATION_ROUTES, DEFAULT_DOSE_RANGES, DEFAULT_VITAL_THRESHOLDS } from "./clinical-settings";

/** The submission with its field errors readable whatever its status. */
function withErrors<T extends { status: unknown }>(
  submission: T,
): T & { error?: Record<string, string[] | null> | null } {
  return submission as T & { error?: Record<string, string[] | null> | null };
}

function formData(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) {
    data.append(key, value);
  }
  return data;
}

function thresholds(overrides: Record<string, string> = {}) {
  const entries = {
    intent: "thresholds",
    ...Object.fromEntries(Object.entries(DEFAULT_VITAL_THRESHOLDS).map(([key, value]) => [key, String(value)])),
    ...overrides,
  };
  return withErrors(parseWithZod(formData(entries), { schema: thresholdsSchema }));
}

function ranges(overrides: Record<string, string> = {}) {
  const entries: Record<string, string> = { intent: "dose-ranges" };
  for (const route of ADMINISTRATION_ROUTES) {
    const range = DEFAULT_DOSE_RANGES[route];
    entries[`ranges.${route}.dosedBy`] = range.weightBased ? "weight" : "fixed";
    entries[`ranges.${route}.minMgPerKg`] = String(range.minMgPerKg);
    entries[`ranges.${route}.maxMgPerKg`] = String(range.maxMgPerKg);
    entries[`ranges.${route}.minMg`] = String(range.minMg);
    entries[`ranges.${route}.maxMg`] = String(range.maxMg);
  }
  return withErrors(parseWithZod(formData({ ...entries, ...overrides }), { schema: doseRangesSchema }));
}

describe("the thresholds form", () => {
  it("turns the defaults back into the stored thresholds, without the intent", () => {
    const submission = thresholds();
    expect(submission.status).toBe("success");
    expect(submission.status === "success" ? submission.value : null).toEqual(DEFAULT_VITAL_THRESHOLDS);
  });

  it("holds each value to its physical range", () => {
    expect(thresholds({ spo2Min: "100" }).status).toBe("success");
    expect(thresholds({ spo2Min: "101" }).error?.spo2Min?.[0]).toMatch(/between 50 and 100/u);
    expect(thresholds({ heartRateMax: "251" }).error?.heartRateMax?.[0]).toMatch(/between 20 and 250/u);
    expect(thresholds({ respiratoryRateMin: "1" }).error?.respiratoryRateMin?.[0]).toMatch(/between 2 and 70/u);
  });

  it("keeps each low alert below its high one", () => {
    expect(thresholds({ heartRateMin: "120" }).error?.heartRateMin).toEqual([
      "The low heart-rate alert must be below the high one.",
    ]);
    expect(thresholds({ systolicMin: "160" }).error?.systolicMin).toEqual([
      "The low systolic alert must be below the high one.",
    ]);
    expect(thresholds({ respiratoryRateMax: "8" }).error?.respiratoryRateMin).toEqual([
      "The low respiratory-rate alert must be below the high one.",
    ]);
  });
});

describe("the dose ranges form", () => {
  it("turns the defaults back into the stored ranges", () => {
    const submission = ranges();
    expect(submission.status).toBe("success");
    expect(submission.status === "success" ? submission.value : null).toEqual(DEFAULT_DOSE_RANGES);
  });

  it("drops the mg/kg bounds of a fixed-dose route", () => {
    const submission = ranges({ "ranges.IM.dosedBy": "fixed", "ranges.IM.minMg": "20", "ranges.IM.maxMg": "50" });
    expect(submission.status === "success" ? submission.value.IM : null).toEqual({
      minMgPerKg: 0,
      maxMgPerKg: 0,
      minMg: 20,
      maxMg: 50,
      weightBased: false,
    });
  });

  it("accepts equal low and high bounds, and refuses inverted ones", () => {
    expect(ranges({ "ranges.IV.minMgPerKg": "1", "ranges.IV.maxMgPerKg": "1" }).status).toBe("success");
    expect(ranges({ "ranges.IV.minMgPerKg": "1.01" }).error?.["ranges.IV.maxMgPerKg"]).toEqual([
      "For IV, the highest mg/kg must not be below the lowest.",
    ]);
    expect(ranges({ "ranges.IN.minMg": "85" }).error?.["ranges.IN.maxMg"]).toEqual([
      "For IN, the largest dose must not be below the lowest.",
    ]);
  });

  it("needs what each kind of route is checked by", () => {
    expect(ranges({ "ranges.oral.minMgPerKg": "" }).error?.["ranges.oral.minMgPerKg"]).toEqual([
      "Enter the lowest mg/kg for oral.",
    ]);
    expect(ranges({ "ranges.IN.minMg": "0" }).error?.["ranges.IN.minMg"]).toEqual([
      "Enter the lowest dose for IN, in mg.",
    ]);
    expect(ranges({ "ranges.SL.maxMg": "" }).error?.["ranges.SL.maxMg"]).toEqual([
      "Enter the largest dose for SL, in mg.",
    ]);
    expect(ranges({ "ranges.SL.maxMgPerKg": "21" }).error?.["ranges.SL.maxMgPerKg"]?.[0]).toMatch(/between 0 and 20/u);
  });
});

describe("the interacting medications form", () => {
  it("splits names on commas, semicolons and lines", () => {
    expect(splitNames(" alprazolam, Xanax;\nlorazepam ,, ")).toEqual(["alprazolam", "Xanax", "lorazepam"]);
    expect(splitNames("")).toEqual([]);
  });

  it("keeps the filled rows, in order", () => {
    const submission = withErrors(
      parseWithZod(
        formData({
          intent: "interactions",
          "classes[0].className": "",
          "classes[0].names": "",
          "classes[1].className": "Opioids",
          "classes[1].names": "oxycodone, tramadol",
        }),
        { schema: interactionsSchema },
      ),
    );
    expect(submission.status === "success" ? submission.value : null).toEqual([
      { className: "Opioids", names: ["oxycodone", "tramadol"] },
    ]);
  });

  it("accepts an empty list", () => {
    const submission = withErrors(parseWithZod(formData({ intent: "interactions" }), { schema: interactionsSchema }));
    expect(submission.status === "success" ? submission.value : null).toEqual([]);
  });

  it("refuses names that are only punctuation, and duplicate classes in any case or accent", () => {
    const submission = withErrors(
      parseWithZod(
        formData({
          intent: "interactions",
          "classes[0].className": "Opioïds",
          "classes[0].names": "---",
          "classes[1].className": "opioids",
          "classes[1].names": "codeine",
        }),
        { schema: interactionsSchema },
      ),
    );
    expect(submission.error?.["classes[0].names"]?.[0]).toMatch(/letters or digits/u);
    expect(submission.error?.["classes[1].className"]?.[0]).toMatch(/listed twice/u);
  });
});

describe("the consent form version", () => {
  it("needs a name and the full text", () => {
    const submission = withErrors(
      parseWithZod(formData({ intent: "add-consent-form", version: " ", body: "short" }), {
        schema: addConsentFormSchema,
      }),
    );
    expect(Object.keys(submission.error ?? {}).sort()).toEqual(["body", "version"]);
  });
});
