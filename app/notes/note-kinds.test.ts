import { describe, expect, it } from "vitest";
import {
  fieldsFor,
  isEmptyNote,
  isNoteKind,
  kindsWritableBy,
  mayWriteKind,
  NOTE_FIELD_LABELS,
  NOTE_FIELD_NAMES,
  NOTE_KIND_VALUES,
  pickFields,
} from "./note-kinds";

describe("the structured fields of each kind of note", () => {
  it("gives each kind the fields clinicians fill in, in order", () => {
    expect(fieldsFor("preparation")).toEqual(["intentions", "setAndSetting", "plan"]);
    expect(fieldsFor("dosing_session")).toEqual(["intentions", "setAndSetting", "experience", "plan"]);
    expect(fieldsFor("integration")).toEqual(["experience", "integrationThemes", "plan"]);
    expect(fieldsFor("medical")).toEqual(["assessment", "plan"]);
  });

  it("keeps a psychotherapy note to free text", () => {
    expect(fieldsFor("psychotherapy")).toEqual([]);
  });

  it("uses every field somewhere, each with a label", () => {
    const used = new Set(NOTE_KIND_VALUES.flatMap((kind) => fieldsFor(kind)));
    expect([...used].sort()).toEqual([...NOTE_FIELD_NAMES].sort());
    for (const name of NOTE_FIELD_NAMES) {
      expect(NOTE_FIELD_LABELS[name]).not.toBe("");
    }
  });

  it("keeps only the kind's own fields, and drops empty ones", () => {
    expect(
      pickFields("medical", {
        assessment: "Tolerated well",
        plan: "",
        intentions: "not a medical field",
        experience: "  ",
      }),
    ).toEqual({ assessment: "Tolerated well" });
    expect(pickFields("psychotherapy", { plan: "x" })).toEqual({});
    expect(
      pickFields("integration", { experience: " felt held ", integrationThemes: "grief", plan: "weekly" }),
    ).toEqual({ experience: " felt held ", integrationThemes: "grief", plan: "weekly" });
  });

  it("calls a note empty when neither the free text nor any of its fields says anything", () => {
    expect(isEmptyNote("medical", { fields: {}, body: " \n " })).toBe(true);
    expect(isEmptyNote("medical", { fields: { intentions: "ignored: not a medical field" }, body: "" })).toBe(true);
    expect(isEmptyNote("medical", { fields: { plan: "Continue" }, body: "" })).toBe(false);
    expect(isEmptyNote("psychotherapy", { fields: {}, body: "Process" })).toBe(false);
  });
});

describe("who writes which kind", () => {
  it("lets therapists write all but the medical note", () => {
    expect(kindsWritableBy(["therapist"])).toEqual(["preparation", "dosing_session", "integration", "psychotherapy"]);
  });

  it("lets prescribers write every kind", () => {
    expect(kindsWritableBy(["prescriber"])).toEqual([...NOTE_KIND_VALUES]);
  });

  it("lets nurses, front desk and admin write none", () => {
    expect(kindsWritableBy(["nurse", "frontdesk", "admin"])).toEqual([]);
    expect(mayWriteKind(["nurse"], "dosing_session")).toBe(false);
  });

  it("adds up the roles of someone who holds several", () => {
    expect(mayWriteKind(["admin", "prescriber"], "medical")).toBe(true);
    expect(mayWriteKind(["therapist", "nurse"], "medical")).toBe(false);
  });

  it("recognises kinds from a URL", () => {
    expect(isNoteKind("integration")).toBe(true);
    expect(isNoteKind("Integration")).toBe(false);
    expect(isNoteKind(null)).toBe(false);
  });
});
