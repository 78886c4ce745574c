import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { recordConsentSchema, signatureMatches, withdrawConsentSchema } from "./consent-forms";

/** The submission with its field errors readable whatever its status. */
function withErrors<T extends { status: unknown }>(
  submission: T,
): T & { error?: Record<string, string[] | null> | null } {
  return submission as T & { error?: Record<string, string[] | null> | null };
}

const TODAY = "2026-03-10";

function formData(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) {
    data.append(key, value);
  }
  return data;
}

const VALID = {
  intent: "record-consent",
  consentFormId: "6f1c3e0a-3b1d-4d8e-9b1a-2f4c5d6e7f80",
  patientSignature: "Zoë Nguyễn",
  signedOn: TODAY,
  witnessName: "Wren Witness",
  escortName: "Lan Nguyễn",
  escortPhone: "415-555-0123",
  transportPlan: "Lan drives her home.",
};

describe("the consent form", () => {
  it("accepts a complete consent signed today", () => {
    expect(withErrors(parseWithZod(formData(VALID), { schema: recordConsentSchema(TODAY) })).status).toBe("success");
  });

  it("refuses a date in the future or one that does not exist", () => {
    expect(
      withErrors(parseWithZod(formData({ ...VALID, signedOn: "2026-03-11" }), { schema: recordConsentSchema(TODAY) }))
        .error?.signedOn,
    ).toEqual(["The date signed cannot be in the future."]);
    expect(
      withErrors(parseWithZod(formData({ ...VALID, signedOn: "2026-02-30" }), { schema: recordConsentSchema(TODAY) }))
        .error?.signedOn?.[0],
    ).toMatch(/Enter the date/u);
  });

  it("needs every field, and a phone number for the escort", () => {
    const result = withErrors(
      parseWithZod(formData({ intent: "record-consent", escortPhone: "call me" }), {
        schema: recordConsentSchema(TODAY),
      }),
    );
    expect(Object.keys(result.error ?? {}).sort()).toEqual([
      "consentFormId",
      "escortName",
      "escortPhone",
      "patientSignature",
      "signedOn",
      "transportPlan",
      "witnessName",
    ]);
  });

  it("dates a withdrawal no later than today", () => {
    expect(
      withErrors(
        parseWithZod(formData({ intent: "withdraw-consent", withdrawnOn: TODAY, witnessName: "Nell" }), {
          schema: withdrawConsentSchema(TODAY),
        }),
      ).status,
    ).toBe("success");
    expect(
      withErrors(
        parseWithZod(formData({ intent: "withdraw-consent", withdrawnOn: "2026-04-01", witnessName: "Nell" }), {
          schema: withdrawConsentSchema(TODAY),
        }),
      ).error?.withdrawnOn,
    ).toEqual(["The date of withdrawal cannot be in the future."]);
  });
});

describe("the typed signature", () => {
  const patient = { firstName: "Zoë", lastName: "Nguyễn" };

  it("matches the patient's name in any case, with or without accents", () => {
    expect(signatureMatches("Zoë Nguyễn", patient)).toBe(true);
    expect(signatureMatches("zoe nguyen", patient)).toBe(true);
    expect(signatureMatches("  ZOE   NGUYEN ", patient)).toBe(true);
  });

  it("refuses another name, a partial one, or the names reversed", () => {
    expect(signatureMatches("Zoe", patient)).toBe(false);
    expect(signatureMatches("Nguyen Zoe", patient)).toBe(false);
    expect(signatureMatches("Zoe Nguyen-Tran", patient)).toBe(false);
    expect(signatureMatches("", patient)).toBe(false);
  });
});
