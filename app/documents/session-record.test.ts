import { describe, expect, it } from "vitest";
import { sessionRecordPdf, type SessionRecordData } from "./session-record";
import { GENERATION, sampleNote, sampleSessionRecord } from "./testing/sample";
import { pdfPages, pdfText, qpdfCheck } from "./testing/pdf-tools";

function data(
  options: { signed?: boolean; withError?: boolean; notes?: SessionRecordData["notes"] } = {},
): SessionRecordData {
  return {
    generation: GENERATION,
    record: sampleSessionRecord(3, options),
    title: "Dosing session 3",
    statusLabel: "Completed",
    seriesName: "Standard KAP course",
    notes: options.notes ?? [sampleNote(3)],
  };
}

describe("the dosing-session record", () => {
  it("holds the whole timeline: order, dose with lot, every vitals entry and alert, checks, observations, events, discharge, minutes, sign-off", async () => {
    const bytes = await sessionRecordPdf(data());
    const text = pdfText(bytes);
    for (const fact of [
      "Dosing-session record: Dosing session 3",
      "Zoë Nguyễn",
      "K100042",
      "Intramuscular (IM)",
      "65 mg (0.929 mg/kg at 70 kg)",
      "Recheck BP 15 min after the dose.",
      "Lot KET-2030-37",
      "Given by Łukasz Żółć, RN",
      "BP 128/80 · HR 74 · SpO₂ 98 % · RR 14",
      "BP 168/104 · HR 92 · SpO₂ 97 % · RR 16",
      "ALERT: Blood pressure 168/104 is above 160/100.",
      "MOAA/S 4 (Lethargic response to name spoken in normal tone)",
      "CADSS-6 6/24",
      "Nausea, mild",
      "Action taken: Ondansetron 4 mg ODT",
      "Escort: Ñuñez Robledo",
      "Walks steadily without help",
      "150 minutes",
      "Signed off by",
      "Dr. Amara Okafor, MD",
      "I reviewed the monitoring record of this session.",
      "End of note 3: plan reviewed with Zoë.",
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).not.toContain("DRAFT");
    expect(qpdfCheck(bytes).ok).toBe(true);
  });

  it("prints an observation's markup literally", async () => {
    expect(pdfText(await sessionRecordPdf(data()))).toContain('<script>alert("dose 3")</script>');
  });

  it("keeps an entry marked entered in error, struck, with the reason", async () => {
    const text = pdfText(await sessionRecordPdf(data({ withError: true })));
    expect(text).toContain("BP 210/60");
    expect(text).toContain("ENTERED IN ERROR — marked by Łukasz Żółć, RN");
    expect(text).toContain("Cuff slipped; re-measured.");
  });

  it("marks every page DRAFT until the prescriber signs off", async () => {
    const bytes = await sessionRecordPdf(data({ signed: false }));
    const pages = pdfPages(bytes);
    for (const page of pages) {
      expect(page).toContain("DRAFT — not signed off by the prescriber");
    }
    expect(pdfText(bytes)).toContain("This record is a draft until the prescriber reviews and signs it.");
  });

  it("leaves out a psychotherapy note tied to the session", async () => {
    const text = pdfText(
      await sessionRecordPdf(
        data({ notes: [sampleNote(3, { kind: "psychotherapy", body: "Countertransference, private." })] }),
      ),
    );
    expect(text).not.toContain("Countertransference");
    expect(text).toContain("No notes were written for this session.");
  });
});
