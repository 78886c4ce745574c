import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "./errors";
import { isUuid } from "./ids";

describe("isUniqueViolation", () => {
  it("finds the driver error inside drizzle's wrapper", () => {
    expect(
      isUniqueViolation(
        { message: "Failed query", cause: { code: "23505", constraint: "room_clinic_name_key" } },
        "room_clinic_name_key",
      ),
    ).toBe(true);
    expect(
      isUniqueViolation({ cause: { code: "23505", constraint_name: "room_clinic_name_key" } }, "room_clinic_name_key"),
    ).toBe(true);
  });

  it("is false for another constraint or another error", () => {
    expect(
      isUniqueViolation({ cause: { code: "23505", constraint: "staff_user_email_key" } }, "room_clinic_name_key"),
    ).toBe(false);
    expect(isUniqueViolation({ cause: { code: "23514" } }, "room_clinic_name_key")).toBe(false);
    expect(isUniqueViolation(new Error("boom"), "room_clinic_name_key")).toBe(false);
    expect(isUniqueViolation(null, "room_clinic_name_key")).toBe(false);
  });
});

describe("isUuid", () => {
  it("tells ids from anything else", () => {
    expect(isUuid("2f1b7c1e-8d2a-4a6b-9a51-0c9f5b1e2d3a")).toBe(true);
    expect(isUuid("not-a-uuid")).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});
