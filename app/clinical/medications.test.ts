import { describe, expect, it } from "vitest";
import type { InteractingClass } from "./clinical-settings";
import { DEFAULT_INTERACTING_MEDICATIONS } from "./clinical-settings";
import { flagMedications, foldedWords, foldText, interactionsOf, interactionWarnings, sameName } from "./medications";

const CLASSES: InteractingClass[] = [
  { className: "Benzodiazepines", names: ["alprazolam", "Xanax", "lorazepam"] },
  { className: "Stimulants", names: ["amphetamine", "dextroamphetamine", "Adderall"] },
  { className: "Herbal", names: ["St John's wort"] },
  { className: "Serotonergic", names: ["tramadol"] },
  { className: "Opioids", names: ["tramadol", "oxycodone"] },
];

describe("folding text", () => {
  it("drops case and accents, including letters decomposition leaves alone", () => {
    expect(foldText("Zoë NGUYỄN")).toBe("zoe nguyen");
    expect(foldText("Łukasz Øster Straße")).toBe("lukasz oster strasse");
    expect(foldText("Æsir Œuvre Đorđe")).toBe("aesir oeuvre dorde");
  });

  it("splits into words on anything but letters and digits", () => {
    expect(foldedWords("Adderall-XR 20mg, (daily)")).toEqual(["adderall", "xr", "20mg", "daily"]);
    expect(foldedWords("  ")).toEqual([]);
  });
});

describe("matching names", () => {
  it("compares names without case, accents, or spacing and punctuation differences", () => {
    expect(sameName("zoe nguyen", "Zoë Nguyễn")).toBe(true);
    expect(sameName("  Mary-Jane   O'Neil ", "mary jane o neil")).toBe(true);
    expect(sameName("Mary Jane", "Mary Janet")).toBe(false);
    expect(sameName("Nguyen Zoe", "Zoe Nguyen")).toBe(false);
  });

  it("never matches an empty name", () => {
    expect(sameName("", "")).toBe(false);
    expect(sameName(" - ", "")).toBe(false);
  });
});

describe("interaction flags", () => {
  it("matches a listed name case- and accent-insensitively", () => {
    expect(interactionsOf("ALPRAZOLAM", CLASSES)).toEqual([
      { className: "Benzodiazepines", matchedName: "alprazolam" },
    ]);
    expect(interactionsOf("Xánax", CLASSES)).toEqual([{ className: "Benzodiazepines", matchedName: "Xanax" }]);
  });

  it("matches whole words only, anywhere in the name", () => {
    expect(interactionsOf("Adderall XR 20 mg", CLASSES)).toEqual([
      { className: "Stimulants", matchedName: "Adderall" },
    ]);
    expect(interactionsOf("dextroamphetamine", CLASSES)).toEqual([
      { className: "Stimulants", matchedName: "dextroamphetamine" },
    ]);
    expect(interactionsOf("dextroamphetamine-amphetamine", CLASSES)).toEqual([
      { className: "Stimulants", matchedName: "amphetamine" },
    ]);
    expect(interactionsOf("Xanaxx", CLASSES)).toEqual([]);
    expect(interactionsOf("prelorazepam", CLASSES)).toEqual([]);
  });

  it("matches a name of several words only when all appear in order", () => {
    expect(interactionsOf("St. John’s Wort 300 mg", CLASSES)).toEqual([
      { className: "Herbal", matchedName: "St John's wort" },
    ]);
    expect(interactionsOf("wort", CLASSES)).toEqual([]);
    expect(interactionsOf("John's St wort", CLASSES)).toEqual([]);
  });

  it("flags every class a medication belongs to", () => {
    expect(interactionsOf("Tramadol 50 mg", CLASSES).map((flag) => flag.className)).toEqual([
      "Serotonergic",
      "Opioids",
    ]);
  });

  it("flags nothing for an unrelated or empty name, or when the clinic lists no classes", () => {
    expect(interactionsOf("sertraline", CLASSES)).toEqual([]);
    expect(interactionsOf("", CLASSES)).toEqual([]);
    expect(interactionsOf("alprazolam", [])).toEqual([]);
    expect(interactionsOf("alprazolam", [{ className: "Empty", names: ["", "  "] }])).toEqual([]);
  });

  it("flags the defaults' examples, e.g. benzodiazepines, MAOIs, stimulants, lamotrigine and opioids", () => {
    const classesOf = (name: string): string[] =>
      interactionsOf(name, DEFAULT_INTERACTING_MEDICATIONS).map((flag) => flag.className);
    expect(classesOf("Lorazepam 1 mg")).toEqual(["Benzodiazepines"]);
    expect(classesOf("Phenelzine")).toEqual(["MAOIs"]);
    expect(classesOf("Vyvanse 30mg")).toEqual(["Stimulants"]);
    expect(classesOf("Lamictal")).toEqual(["Lamotrigine"]);
    expect(classesOf("Oxycodone")).toEqual(["Opioids"]);
    expect(classesOf("Zolpidem")).toEqual(["Sedative hypnotics"]);
    expect(classesOf("Sertraline")).toEqual([]);
  });

  it("turns flagged medications into warnings, one per medication", () => {
    const flagged = flagMedications(
      [
        { name: "Xanax", dose: "0.5 mg" },
        { name: "Sertraline", dose: "50 mg" },
        { name: "Tramadol", dose: "" },
      ],
      CLASSES,
    );
    expect(flagged[1]?.interactions).toEqual([]);
    expect(interactionWarnings(flagged)).toEqual([
      "Xanax 0.5 mg interacts with ketamine: Benzodiazepines (Xanax).",
      "Tramadol interacts with ketamine: Serotonergic (tramadol), Opioids (tramadol).",
    ]);
  });
});
