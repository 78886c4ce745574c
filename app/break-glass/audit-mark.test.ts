import { describe, expect, it } from "vitest";
import { markBreakGlass } from "./audit-mark";

const grants = [{ grantId: "grant-1", patientId: "patient-1", expiresAt: new Date("2030-01-01T11:00:00Z") }];

describe("marking audit entries as break-glass", () => {
  it("marks an entry about a patient the actor reaches through a grant, keeping its detail", () => {
    expect(markBreakGlass({ view: "profile" }, "patient-1", grants)).toEqual({
      view: "profile",
      breakGlass: { grantId: "grant-1" },
    });
    expect(markBreakGlass(undefined, "patient-1", grants)).toEqual({ breakGlass: { grantId: "grant-1" } });
  });

  it("leaves other patients, entries without a patient and actors without grants alone", () => {
    expect(markBreakGlass({ view: "profile" }, "patient-2", grants)).toEqual({ view: "profile" });
    expect(markBreakGlass({ n: 1 }, null, grants)).toEqual({ n: 1 });
    expect(markBreakGlass(undefined, "patient-1", undefined)).toEqual({});
    expect(markBreakGlass({ view: "profile" }, "patient-1", [])).toEqual({ view: "profile" });
  });

  it("keeps a mark the caller set itself", () => {
    expect(markBreakGlass({ breakGlass: { grantId: "grant-0" } }, "patient-1", grants)).toEqual({
      breakGlass: { grantId: "grant-0" },
    });
  });
});
