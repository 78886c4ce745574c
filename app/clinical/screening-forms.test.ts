import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import {
  CONTRAINDICATION_KEYS,
  contraindicationLabel,
  presentContraindications,
  screeningContent,
  screeningSchema,
  signingProblems,
  type ScreeningContent,
} from "./screening-forms";

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

function parse(entries: Record<string, string>) {
  return withErrors(
    parseWithZod(formData({ intent: "save-screening", version: "0", ...entries }), { schema: screeningSchema }),
  );
}

const COMPLETE: ScreeningContent = {
  contraindications: Object.fromEntries(CONTRAINDICATION_KEYS.map((key) => [key, { present: false, note: "" }])),
  medications: [],
  baselineSystolic: 120,
  baselineDiastolic: 80,
  baselineHeartRate: 70,
  baselineWeightKg: 70,
  notes: "",
};

describe("the screening form", () => {
  it("lists the ten contraindications of the checklist", () => {
    expect(CONTRAINDICATION_KEYS).toHaveLength(10);
    expect(contraindicationLabel("vascularDisease")).toBe("Aneurysmal vascular disease or intracerebral haemorrhage");
    expect(contraindicationLabel("unknown")).toBe("unknown");
  });

  it("accepts an empty draft", () => {
    const submission = parse({});
    expect(submission.status).toBe("success");
    if (submission.status === "success") {
      expect(screeningContent(submission.value)).toEqual({
        contraindications: {},
        medications: [],
        baselineSystolic: null,
        baselineDiastolic: null,
        baselineHeartRate: null,
        baselineWeightKg: null,
        notes: "",
      });
    }
  });

  it("keeps only answered items and named medications", () => {
    const submission = parse({
      "contraindications.glaucoma.answer": "present",
      "contraindications.glaucoma.note": " treated ",
      "contraindications.cystitis.answer": "absent",
      "medications[0].name": "Sertraline",
      "medications[0].dose": "50 mg",
      "medications[1].name": "",
      "medications[2].name": "Lamotrigine",
      baselineWeightKg: "64.5",
    });
    expect(submission.status).toBe("success");
    if (submission.status === "success") {
      const content = screeningContent(submission.value);
      expect(content.contraindications).toEqual({
        glaucoma: { present: true, note: "treated" },
        cystitis: { present: false, note: "" },
      });
      expect(content.medications).toEqual([
        { name: "Sertraline", dose: "50 mg" },
        { name: "Lamotrigine", dose: "" },
      ]);
      expect(content.baselineWeightKg).toBe(64.5);
      expect(presentContraindications(content)).toEqual(["Glaucoma"]);
    }
  });

  it("accepts the physical limits and refuses values beyond them", () => {
    expect(
      parse({ baselineSystolic: "300", baselineDiastolic: "200", baselineHeartRate: "250", baselineWeightKg: "400" })
        .status,
    ).toBe("success");
    expect(
      parse({ baselineSystolic: "40", baselineDiastolic: "20", baselineHeartRate: "20", baselineWeightKg: "20" })
        .status,
    ).toBe("success");
    const beyond = parse({
      baselineSystolic: "301",
      baselineDiastolic: "19",
      baselineHeartRate: "251",
      baselineWeightKg: "19.9",
    });
    expect(Object.keys(beyond.error ?? {}).sort()).toEqual([
      "baselineDiastolic",
      "baselineHeartRate",
      "baselineSystolic",
      "baselineWeightKg",
    ]);
  });

  it("asks for both pressures, in the right order, and whole numbers", () => {
    expect(parse({ baselineSystolic: "120" }).error?.baselineDiastolic).toEqual([
      "Enter the diastolic pressure too, e.g. 80 for 120/80.",
    ]);
    expect(parse({ baselineDiastolic: "80" }).error?.baselineSystolic).toEqual([
      "Enter the systolic pressure too, e.g. 120 for 120/80.",
    ]);
    expect(parse({ baselineSystolic: "80", baselineDiastolic: "80" }).error?.baselineDiastolic?.[0]).toMatch(
      /lower than the systolic \(80\)/u,
    );
    expect(parse({ baselineHeartRate: "70.5" }).error?.baselineHeartRate?.[0]).toMatch(/whole number/u);
  });

  it("refuses a note without an answer and a dose without a medication", () => {
    const submission = parse({ "contraindications.pregnancy.note": "unsure", "medications[1].dose": "10 mg" });
    expect(submission.error?.["contraindications.pregnancy.answer"]).toEqual([
      "Choose present or absent for the note you wrote.",
    ]);
    expect(submission.error?.["medications[1].name"]).toEqual(["Enter the medication's name, or clear its dose."]);
  });

  it("refuses an unknown answer or decision", () => {
    expect(
      parse({ "contraindications.glaucoma.answer": "maybe" }).error?.["contraindications.glaucoma.answer"],
    ).toEqual(["Choose present or absent."]);
    expect(parse({ decision: "perhaps" }).error?.decision).toEqual(["Choose cleared or not cleared."]);
  });
});

describe("what stops signing", () => {
  it("lets a complete screening with nothing present be cleared", () => {
    expect(signingProblems(COMPLETE, "cleared", false, [])).toEqual({});
  });

  it("needs a decision and every item answered", () => {
    const { glaucoma: _glaucoma, ...rest } = COMPLETE.contraindications;
    expect(signingProblems({ ...COMPLETE, contraindications: rest }, undefined, false, [])).toEqual({
      "contraindications.glaucoma.answer": ["Answer present or absent before signing."],
      decision: ["Choose cleared or not cleared."],
    });
  });

  it("needs the reason in the notes to sign not cleared, and nothing else", () => {
    const bare = {
      ...COMPLETE,
      baselineSystolic: null,
      baselineDiastolic: null,
      baselineHeartRate: null,
      baselineWeightKg: null,
    };
    expect(signingProblems(bare, "not_cleared", false, [])).toEqual({
      notes: ["Write in the notes why the patient is not cleared."],
    });
    expect(signingProblems({ ...bare, notes: "Pregnant." }, "not_cleared", false, ["x"])).toEqual({});
  });

  it("needs the baseline to clear", () => {
    expect(
      Object.keys(
        signingProblems(
          { ...COMPLETE, baselineDiastolic: null, baselineHeartRate: null, baselineWeightKg: null },
          "cleared",
          false,
          [],
        ),
      ).sort(),
    ).toEqual(["baselineHeartRate", "baselineSystolic", "baselineWeightKg"]);
  });

  it("needs the acknowledgement to clear despite a present contraindication or an interacting medication", () => {
    const present = {
      ...COMPLETE,
      contraindications: {
        ...COMPLETE.contraindications,
        glaucoma: { present: true, note: "" },
        cystitis: { present: true, note: "" },
      },
    };
    expect(signingProblems(present, "cleared", false, [])).toEqual({
      acknowledge: [
        "To clear the patient despite contraindications present: Glaucoma, Cystitis, tick the acknowledgement.",
      ],
    });
    expect(signingProblems(COMPLETE, "cleared", false, ["Xanax interacts"])).toEqual({
      acknowledge: ["To clear the patient despite interacting medications listed, tick the acknowledgement."],
    });
    expect(signingProblems(present, "cleared", false, ["Xanax interacts"]).acknowledge?.[0]).toMatch(
      /Glaucoma, Cystitis and interacting medications listed/u,
    );
    expect(signingProblems(present, "cleared", true, ["Xanax interacts"])).toEqual({});
  });
});
