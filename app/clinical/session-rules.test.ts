import { describe, expect, it } from "vitest";
import {
  ADVERSE_EVENT_KINDS,
  adverseEventKindLabel,
  dischargeRefusal,
  doseDifference,
  entryInstant,
  entryTimeProblem,
  formatMg,
  sameDose,
  storedAdverseEventKind,
  totalMinutes,
  unmetDischargeCriteria,
} from "./session-rules";

const TZ = "America/Los_Angeles";
const checkedInAt = new Date("2030-03-04T17:00:00Z"); // 09:00 in Los Angeles
const now = new Date("2030-03-04T18:30:00Z"); // 10:30

describe("entryTimeProblem", () => {
  it("accepts check-in itself, now, and up to a minute ahead", () => {
    for (const at of [checkedInAt, now, new Date(now.getTime() + 60_000), new Date("2030-03-04T18:00:00Z")]) {
      expect(entryTimeProblem(at, { checkedInAt, now, timeZone: TZ })).toBeNull();
    }
  });

  it("refuses a time before check-in, in the clinic's time", () => {
    expect(entryTimeProblem(new Date("2030-03-04T16:59:00Z"), { checkedInAt, now, timeZone: TZ })).toBe(
      "08:59 is before check-in at 09:00. Enter a time after check-in.",
    );
  });

  it("refuses a time more than a minute ahead", () => {
    expect(entryTimeProblem(new Date(now.getTime() + 61_000), { checkedInAt, now, timeZone: TZ })).toBe(
      "10:31 is in the future. Enter the time it happened.",
    );
  });

  it("accepts a time in the same minute as a check-in recorded with seconds", () => {
    const withSeconds = new Date("2030-03-04T17:00:41Z");
    expect(
      entryTimeProblem(new Date("2030-03-04T17:00:00Z"), { checkedInAt: withSeconds, now, timeZone: TZ }),
    ).toBeNull();
  });

  it("checks only the future before check-in exists", () => {
    expect(entryTimeProblem(new Date("2030-03-03T10:00:00Z"), { checkedInAt: null, now, timeZone: TZ })).toBeNull();
  });
});

describe("entryInstant", () => {
  it("reads a time on the date the page sent, in the clinic's zone", () => {
    expect(entryInstant({ time: "10:15", date: "2030-03-04" }, TZ, now)).toEqual({
      ok: true,
      at: new Date("2030-03-04T18:15:00Z"),
    });
  });

  it("uses today in the clinic's zone when no date was sent", () => {
    // 03:30 UTC on 5 March is still 4 March, 19:30, in Los Angeles.
    expect(entryInstant({ time: "19:00" }, TZ, new Date("2030-03-05T03:30:00Z"))).toEqual({
      ok: true,
      at: new Date("2030-03-05T03:00:00Z"),
    });
  });

  it("refuses a time the clocks skipped", () => {
    expect(entryInstant({ time: "02:30", date: "2026-03-08" }, TZ, now)).toEqual({
      ok: false,
      message: "02:30 does not exist on 2026-03-08: the clocks changed that night. Enter the time the clock showed.",
    });
  });
});

describe("totalMinutes", () => {
  it("counts whole minutes from check-in to discharge", () => {
    expect(totalMinutes(checkedInAt, new Date("2030-03-04T19:35:00Z"))).toBe(155);
    expect(totalMinutes(checkedInAt, new Date("2030-03-04T17:00:29Z"))).toBe(0);
    expect(totalMinutes(checkedInAt, new Date("2030-03-04T17:00:31Z"))).toBe(1);
    expect(totalMinutes(checkedInAt, checkedInAt)).toBe(0);
  });

  it("counts real minutes across a daylight-saving change", () => {
    // 8 March 2026: Los Angeles clocks go from 02:00 to 03:00.
    expect(totalMinutes(new Date("2026-03-08T09:30:00Z"), new Date("2026-03-08T10:30:00Z"))).toBe(60);
  });
});

describe("discharge criteria", () => {
  const all = {
    vitalsNearBaseline: true,
    oriented: true,
    walksSteadily: true,
    escortPresent: true,
    toldNotToDrive: true,
  };

  it("are met only when all five are ticked", () => {
    expect(unmetDischargeCriteria(all)).toEqual([]);
    expect(dischargeRefusal([])).toBeNull();
    expect(unmetDischargeCriteria({})).toHaveLength(5);
  });

  it("name what is missing", () => {
    const unmet = unmetDischargeCriteria({ ...all, walksSteadily: false, escortPresent: undefined });
    expect(unmet).toEqual(["Walks steadily without help", "Escort present to take the patient home"]);
    expect(dischargeRefusal(unmet)).toBe(
      "The patient cannot be discharged until every criterion is met. Not met yet: walks steadily without help; escort present to take the patient home.",
    );
  });
});

describe("adverse event kinds", () => {
  it("lists the kinds the clinic records", () => {
    expect(ADVERSE_EVENT_KINDS.map((kind) => kind.key)).toEqual([
      "nausea",
      "vomiting",
      "hypertension",
      "tachycardia",
      "bradycardia",
      "desaturation",
      "agitation",
      "anxiety_panic",
      "dysphoric_emergence",
      "headache",
      "dizziness",
      "other",
    ]);
  });

  it("stores a key, or other with its description, and reads both back", () => {
    expect(storedAdverseEventKind("anxiety_panic", "ignored")).toBe("anxiety_panic");
    expect(adverseEventKindLabel("anxiety_panic")).toBe("Anxiety or panic");
    expect(storedAdverseEventKind("other", "  jaw tension ")).toBe("other: jaw tension");
    expect(adverseEventKindLabel("other: jaw tension")).toBe("Other: jaw tension");
    expect(adverseEventKindLabel("something older")).toBe("something older");
  });
});

describe("doses", () => {
  it("compare to the hundredth of a milligram", () => {
    expect(sameDose(50, 50.001)).toBe(true);
    expect(sameDose(50, 50.01)).toBe(false);
    expect(formatMg(37.5)).toBe("37.5 mg");
    expect(formatMg(50)).toBe("50 mg");
  });

  it("warn when the dose given differs from the order", () => {
    expect(doseDifference(50, 50)).toBeNull();
    expect(doseDifference(60, 50)).toBe("60 mg is more than the 50 mg ordered.");
    expect(doseDifference(37.5, 50)).toBe("37.5 mg is less than the 50 mg ordered.");
  });
});
