import { describe, expect, it } from "vitest";
import { chartExtractPdf, EXTRACT_SCOPE } from "./chart-extract";
import { sampleChartExtract, sampleNote } from "./testing/sample";
import { pdfText, qpdfCheck } from "./testing/pdf-tools";

describe("the chart extract", () => {
  it("holds demographics, contact, care team, the course with its measures, and the notes", async () => {
    const bytes = await chartExtractPdf(sampleChartExtract());
    const text = pdfText(bytes);
    for (const fact of [
      "Chart extract: Zoë Nguyễn",
      "July 9, 1984",
      "K100042",
      "she/her",
      "(415) 555-0142",
      "Ñuñez Robledo (partner)",
      "Łukasz Żółć, RN",
      "Standard KAP course",
      "Dosing session 6",
      "19 of 27",
      "End of note 6: plan reviewed with Zoë.",
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).toContain(EXTRACT_SCOPE);
    expect(qpdfCheck(bytes).ok).toBe(true);
  });

  it("never prints a psychotherapy note", async () => {
    const extract = sampleChartExtract();
    const text = pdfText(
      await chartExtractPdf({
        ...extract,
        notes: [...extract.notes, sampleNote(7, { kind: "psychotherapy", body: "Therapist's process notes." })],
      }),
    );
    expect(text).not.toContain("Therapist's process notes.");
  });

  it("says so when there is no course and no note", async () => {
    const text = pdfText(await chartExtractPdf({ ...sampleChartExtract(), courses: [], notes: [] }));
    expect(text).toContain("No course of treatment is on record.");
    expect(text).toContain("No notes are on record.");
  });
});
