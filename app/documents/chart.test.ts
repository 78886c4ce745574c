import { describe, expect, it } from "vitest";
import { PHQ9_BANDS } from "#app/measures/instruments";
import { chartX, chartY, measureChart } from "./chart";
import { finishDocument, startDocument } from "./layout";
import { GENERATION, PHQ9_SCORES, doseStart } from "./testing/sample";
import { pdfImageCount, pdfText, qpdfCheck } from "./testing/pdf-tools";

const points = PHQ9_SCORES.map((total, index) => ({
  at: new Date(doseStart(index + 1).getTime() - 1_800_000).toISOString(),
  total,
  severity: "",
  alert: index === 0,
}));
const doses = PHQ9_SCORES.map((_score, index) => ({ doseNumber: index + 1, at: doseStart(index + 1).toISOString() }));

async function chartDocument(chartPoints = points): Promise<Buffer> {
  const pdf = startDocument({ ...GENERATION, title: "Chart test", subject: "Zoë Nguyễn" });
  measureChart(pdf, {
    name: "PHQ-9",
    maxTotal: 27,
    bands: PHQ9_BANDS,
    points: chartPoints,
    doses,
    timeZone: GENERATION.timeZone,
  });
  return finishDocument(pdf);
}

describe("chart scales", () => {
  it("puts 0 at the bottom and the maximum at the top, clamping what lies outside", () => {
    expect(chartY(0, 27, 100, 150)).toBe(250);
    expect(chartY(27, 27, 100, 150)).toBe(100);
    expect(chartY(13.5, 27, 100, 150)).toBe(175);
    expect(chartY(40, 27, 100, 150)).toBe(100);
    expect(chartY(-3, 27, 100, 150)).toBe(250);
  });

  it("maps the time domain onto the plot's width", () => {
    expect(chartX(0, [0, 10], 50, 300)).toBe(50);
    expect(chartX(10, [0, 10], 50, 300)).toBe(350);
    expect(chartX(5, [0, 10], 50, 300)).toBe(200);
  });
});

describe("measureChart", () => {
  it("draws the bands, every total, the dose dates and the axes as vectors", async () => {
    const bytes = await chartDocument();
    const text = pdfText(bytes);
    expect(text).toContain("PHQ-9 totals across the course (out of 27)");
    for (const label of [
      "minimal (0–4)",
      "mild (5–9)",
      "moderate (10–14)",
      "moderately severe (15–19)",
      "severe (20–27)",
    ]) {
      expect(text).toContain(label);
    }
    for (const dose of ["D1", "D2", "D3", "D4", "D5", "D6"]) {
      expect(text).toContain(dose);
    }
    for (const total of PHQ9_SCORES) {
      expect(text).toMatch(new RegExp(`\\b${total}\\b`, "u"));
    }
    expect(text).toContain("Ringed points: item 9 above zero.");
    expect(pdfImageCount(bytes)).toBe(0);
    expect(qpdfCheck(bytes).ok).toBe(true);
  });

  it("draws nothing without a point (the section says so instead)", async () => {
    expect(pdfText(await chartDocument([]))).not.toContain("totals across the course");
  });
});
