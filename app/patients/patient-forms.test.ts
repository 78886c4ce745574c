import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import {
  addCareTeamMemberSchema,
  changedFields,
  detailColumns,
  isPhoneNumber,
  newPatientSchema,
  patientDetailsSchema,
  phoneDigitsOf,
  type PatientDetails,
} from "./patient-forms";

const TODAY = "2026-03-01";
const PRESCRIBER = "3f1c7a52-8d6e-4b0a-9c1e-2a7b5d4e6f10";
const THERAPIST = "7b2e9d41-1c3a-4f5b-8e6d-0a9c8b7d6e5f";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    data.append(key, value);
  }
  return data;
}

const minimal = { firstName: "Zoë", lastName: "Nguyễn", dateOfBirth: "1980-05-17", phone: "(415) 555-0101" };

function details(values: Record<string, string>) {
  return parseWithZod(form(values), { schema: patientDetailsSchema(TODAY) });
}

function errorsOf(values: Record<string, string>): Record<string, string[] | null> {
  const submission = details(values);
  if (submission.status === "success") {
    throw new Error("expected the form to be refused");
  }
  return submission.error ?? {};
}

describe("patientDetailsSchema", () => {
  it("accepts the minimum and fills the rest with empty text", () => {
    const submission = details(minimal);
    expect(submission.status).toBe("success");
    if (submission.status !== "success") {
      return;
    }
    expect(submission.value).toMatchObject({ ...minimal, preferredName: "", pronouns: "", escortName: "" });
    expect(submission.value.weightKg).toBeUndefined();
    expect(submission.value.email).toBeUndefined();
  });

  it("trims text and normalises names to composed Unicode", () => {
    const submission = details({ ...minimal, firstName: "  Zoe\u0308 ", preferredName: "  Zo  " });
    expect(submission.status === "success" && submission.value.firstName).toBe("Zo\u00eb");
    expect(submission.status === "success" && submission.value.preferredName).toBe("Zo");
  });

  it("removes direction-control characters from names, and a name made only of them is missing", () => {
    const submission = details({ ...minimal, lastName: "Doe\u202E reversed", preferredName: "\u2067Jo\u2069" });
    expect(submission.status === "success" && submission.value.lastName).toBe("Doe reversed");
    expect(submission.status === "success" && submission.value.preferredName).toBe("Jo");
    expect(errorsOf({ ...minimal, firstName: " \u202E " }).firstName).toEqual(["Enter the first name."]);
  });

  it("requires the names, the date of birth and a phone", () => {
    const errors = errorsOf({});
    expect(errors.firstName).toEqual(["Enter the first name."]);
    expect(errors.lastName).toEqual(["Enter the last name."]);
    expect(errors.dateOfBirth).toEqual(["Enter the date of birth."]);
    expect(errors.phone).toEqual(["Enter a phone number."]);
    expect(errorsOf({ ...minimal, firstName: "   " }).firstName).toEqual(["Enter the first name."]);
  });

  it("accepts both date formats and stores ISO", () => {
    const submission = details({ ...minimal, dateOfBirth: "05/17/1980" });
    expect(submission.status === "success" && submission.value.dateOfBirth).toBe("1980-05-17");
  });

  it("refuses impossible, future and pre-1900 dates of birth", () => {
    expect(errorsOf({ ...minimal, dateOfBirth: "1980-02-30" }).dateOfBirth?.[0]).toMatch(/date that exists/);
    expect(errorsOf({ ...minimal, dateOfBirth: "2026-03-02" }).dateOfBirth).toEqual([
      "The date of birth cannot be in the future.",
    ]);
    expect(errorsOf({ ...minimal, dateOfBirth: "1899-12-31" }).dateOfBirth).toEqual([
      "The date of birth cannot be before 1900.",
    ]);
    expect(details({ ...minimal, dateOfBirth: TODAY }).status).toBe("success");
    expect(details({ ...minimal, dateOfBirth: "1900-01-01" }).status).toBe("success");
  });

  it("checks phone numbers and email addresses", () => {
    expect(errorsOf({ ...minimal, phone: "12345" }).phone?.[0]).toMatch(/7 to 15 digits/);
    expect(errorsOf({ ...minimal, phone: "call me" }).phone?.[0]).toMatch(/7 to 15 digits/);
    expect(errorsOf({ ...minimal, email: "not-an-email" }).email?.[0]).toMatch(/valid email/);
    const submission = details({ ...minimal, email: " Zoe@Example.COM " });
    expect(submission.status === "success" && submission.value.email).toBe("zoe@example.com");
  });

  it("takes weight between 20 and 400 kg, to one decimal", () => {
    const ok = details({ ...minimal, weightKg: "72.5" });
    expect(ok.status === "success" && ok.value.weightKg).toBe(72.5);
    expect(details({ ...minimal, weightKg: "20" }).status).toBe("success");
    expect(details({ ...minimal, weightKg: "400" }).status).toBe("success");
    expect(errorsOf({ ...minimal, weightKg: "19.9" }).weightKg).toBeTruthy();
    expect(errorsOf({ ...minimal, weightKg: "400.1" }).weightKg).toBeTruthy();
    expect(errorsOf({ ...minimal, weightKg: "seventy" }).weightKg).toBeTruthy();
    expect(errorsOf({ ...minimal, weightKg: "72.55" }).weightKg).toEqual([
      "Give the weight to at most one decimal place.",
    ]);
  });

  it("wants a name and a phone for an emergency contact or escort that is started", () => {
    const errors = errorsOf({ ...minimal, emergencyContactRelationship: "Sister", escortName: "Invented Driver" });
    expect(errors.emergencyContactName?.[0]).toMatch(/emergency contact's name/);
    expect(errors.emergencyContactPhone?.[0]).toMatch(/emergency contact's phone/);
    expect(errors.escortName).toBeFalsy();
    expect(errors.escortPhone?.[0]).toMatch(/escort's phone/);
    expect(errorsOf({ ...minimal, escortName: "Driver", escortPhone: "555" }).escortPhone?.[0]).toMatch(
      /7 to 15 digits/,
    );
  });

  it("accepts only the listed sexes at birth", () => {
    expect(details({ ...minimal, sexAtBirth: "intersex" }).status).toBe("success");
    expect(errorsOf({ ...minimal, sexAtBirth: "other" }).sexAtBirth).toBeTruthy();
  });
});

describe("newPatientSchema", () => {
  const registration = { ...minimal, prescriberId: PRESCRIBER, therapistId: THERAPIST };

  it("needs a prescriber and a therapist, the nurse is optional", () => {
    const submission = parseWithZod(form(registration), { schema: newPatientSchema(TODAY) });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value.nurseId).toBeUndefined();
    const missing = parseWithZod(form(minimal), { schema: newPatientSchema(TODAY) });
    expect(missing.status).toBe("error");
    expect(missing.status === "error" && missing.error?.prescriberId).toEqual(["Choose a prescriber."]);
    expect(missing.status === "error" && missing.error?.therapistId).toEqual(["Choose a therapist."]);
  });

  it("reads the duplicate confirmation checkbox", () => {
    const ticked = parseWithZod(form({ ...registration, confirmDuplicate: "on" }), { schema: newPatientSchema(TODAY) });
    expect(ticked.status === "success" && ticked.value.confirmDuplicate).toBe(true);
    const unticked = parseWithZod(form(registration), { schema: newPatientSchema(TODAY) });
    expect(unticked.status === "success" && unticked.value.confirmDuplicate).toBeUndefined();
  });

  it("refuses an id that is not one", () => {
    const submission = parseWithZod(form({ ...registration, prescriberId: "1 or 1=1" }), {
      schema: newPatientSchema(TODAY),
    });
    expect(submission.status === "error" && submission.error?.prescriberId).toEqual(["Choose a prescriber."]);
  });
});

describe("addCareTeamMemberSchema", () => {
  it("wants a person and a care-team role", () => {
    expect(addCareTeamMemberSchema.safeParse({ userId: PRESCRIBER, role: "nurse" }).success).toBe(true);
    expect(addCareTeamMemberSchema.safeParse({ userId: PRESCRIBER, role: "frontdesk" }).success).toBe(false);
    expect(addCareTeamMemberSchema.safeParse({ userId: "x", role: "nurse" }).success).toBe(false);
  });
});

describe("stored columns", () => {
  function parsed(values: Record<string, string>): PatientDetails {
    const submission = details(values);
    if (submission.status !== "success") {
      throw new Error("expected valid details");
    }
    return submission.value;
  }

  it("stores weight with one decimal and absent values as empty text", () => {
    const columns = detailColumns(parsed({ ...minimal, weightKg: "72" }));
    expect(columns.weightKg).toBe("72.0");
    expect(columns.email).toBe("");
    expect(columns.sexAtBirth).toBe("");
  });

  it("names the changed fields only", () => {
    const before = detailColumns(parsed(minimal));
    const after = detailColumns(parsed({ ...minimal, phone: "415 555 0199", weightKg: "80.0", pronouns: "she/her" }));
    expect(changedFields(before, after)).toEqual(["pronouns", "phone", "weightKg"]);
    expect(changedFields(after, after)).toEqual([]);
    expect(changedFields({ ...after, weightKg: "80.0" }, { ...after, weightKg: "80" })).toEqual([]);
  });

  it("keeps only the digits of a phone number for searching", () => {
    expect(phoneDigitsOf("+1 (415) 555-0101")).toBe("14155550101");
    expect(isPhoneNumber("+1 (415) 555-0101")).toBe(true);
    expect(isPhoneNumber("415-555-01011234567")).toBe(false);
  });
});
