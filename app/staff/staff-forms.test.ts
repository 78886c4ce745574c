import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { editStaffSchema, newStaffSchema, resetPasswordSchema } from "./staff-forms";

function form(entries: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      data.append(key, item);
    }
  }
  return data;
}

const valid = {
  name: "Rowan Ellery",
  email: "  Rowan.Ellery@Clinic.Example ",
  roles: ["prescriber", "admin"],
  credentials: "MD",
  licenseNumber: "A-12345",
  npi: "1234567893",
  deaNumber: "be1234563",
  password: "lantern-orchard-quietly-7",
};

describe("new staff form", () => {
  it("normalizes what it accepts", () => {
    const submission = parseWithZod(form(valid), { schema: newStaffSchema });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual({
      name: "Rowan Ellery",
      email: "rowan.ellery@clinic.example",
      roles: ["admin", "prescriber"],
      credentials: "MD",
      licenseNumber: "A-12345",
      npi: "1234567893",
      deaNumber: "BE1234563",
      password: "lantern-orchard-quietly-7",
    });
  });

  it("takes a single role as a list", () => {
    const submission = parseWithZod(form({ ...valid, roles: "therapist", npi: "", deaNumber: "" }), {
      schema: newStaffSchema,
    });
    expect(submission.status === "success" && submission.value.roles).toEqual(["therapist"]);
    expect(submission.status === "success" && submission.value.npi).toBe("");
  });

  it("wants at least one role", () => {
    const { roles: _roles, ...noRoles } = valid;
    const submission = parseWithZod(form(noRoles), { schema: newStaffSchema });
    expect(submission.reply().error?.roles).toEqual(["Choose at least one role."]);
  });

  it("refuses an unknown role", () => {
    const submission = parseWithZod(form({ ...valid, roles: ["superuser"] }), { schema: newStaffSchema });
    expect(submission.status).toBe("error");
  });

  it("wants an NPI for a prescriber, and only for one", () => {
    expect(parseWithZod(form({ ...valid, npi: "" }), { schema: newStaffSchema }).reply().error?.npi).toEqual([
      "A prescriber needs an NPI.",
    ]);
    expect(parseWithZod(form({ ...valid, roles: ["nurse"], npi: "" }), { schema: newStaffSchema }).status).toBe(
      "success",
    );
  });

  it("checks NPI and DEA check digits", () => {
    const submission = parseWithZod(form({ ...valid, npi: "1234567890", deaNumber: "BE1234564" }), {
      schema: newStaffSchema,
    });
    expect(submission.reply().error?.npi?.[0]).toMatch(/check digit/u);
    expect(submission.reply().error?.deaNumber?.[0]).toMatch(/check digit/u);
  });

  it("checks email and password shape", () => {
    const submission = parseWithZod(form({ ...valid, email: "not-an-address", password: "short" }), {
      schema: newStaffSchema,
    });
    expect(submission.reply().error?.email).toBeDefined();
    expect(submission.reply().error?.password).toEqual(["Use at least 12 characters."]);
  });
});

describe("edit staff form", () => {
  it("is the same fields with an intent", () => {
    const { password: _password, ...details } = valid;
    expect(parseWithZod(form({ intent: "update", ...details }), { schema: editStaffSchema }).status).toBe("success");
    expect(
      parseWithZod(form({ intent: "update", ...details, npi: "" }), { schema: editStaffSchema }).reply().error?.npi,
    ).toEqual(["A prescriber needs an NPI."]);
  });

  it("wants a password to reset to", () => {
    expect(
      parseWithZod(form({ intent: "reset-password" }), { schema: resetPasswordSchema }).reply().error?.password,
    ).toEqual(["Type a temporary password."]);
  });
});
