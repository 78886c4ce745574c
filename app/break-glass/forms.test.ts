import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { breakGlassRequestSchema, breakGlassReviewSchema } from "./forms";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    data.append(key, value);
  }
  return data;
}

const VALID = {
  intent: "request",
  reasonKind: "emergency",
  reason: "Patient collapsed in the waiting room.",
  acknowledged: "on",
};

describe("the break-glass request form", () => {
  it("accepts a kind, a reason of a sentence and the acknowledgement", () => {
    const submission = parseWithZod(form(VALID), { schema: breakGlassRequestSchema });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" ? submission.value : null).toEqual({
      intent: "request",
      reasonKind: "emergency",
      reason: "Patient collapsed in the waiting room.",
      acknowledged: true,
    });
  });

  it("refuses a missing or too short reason, even padded with spaces", () => {
    for (const reason of ["", "urgent", `   short reason    ${" ".repeat(30)}`]) {
      const submission = parseWithZod(form({ ...VALID, reason }), { schema: breakGlassRequestSchema });
      expect(submission.status).toBe("error");
      expect(submission.reply().error?.reason?.[0]).toMatch(/at least a sentence/u);
    }
    const long = parseWithZod(form({ ...VALID, reason: "x".repeat(2001) }), { schema: breakGlassRequestSchema });
    expect(long.reply().error?.reason?.[0]).toMatch(/at most 2000/u);
  });

  it("refuses an unknown kind and a missing acknowledgement", () => {
    const kind = parseWithZod(form({ ...VALID, reasonKind: "curiosity" }), { schema: breakGlassRequestSchema });
    expect(kind.reply().error?.reasonKind?.[0]).toBe("Choose the kind of reason.");
    const { acknowledged: _left, ...unacknowledged } = VALID;
    const submission = parseWithZod(form(unacknowledged), { schema: breakGlassRequestSchema });
    expect(submission.reply().error?.acknowledged?.[0]).toMatch(/logged/u);
  });
});

describe("the review form", () => {
  it("needs a grant id and a note", () => {
    expect(
      parseWithZod(form({ grantId: "4f0c1c4e-8f6b-4c49-9a43-6d3f0b0f2a11", note: "Checked with the on-call rota." }), {
        schema: breakGlassReviewSchema,
      }).status,
    ).toBe("success");
    expect(
      parseWithZod(form({ grantId: "4f0c1c4e-8f6b-4c49-9a43-6d3f0b0f2a11", note: "  " }), {
        schema: breakGlassReviewSchema,
      }).reply().error?.note?.[0],
    ).toMatch(/Write what you found/u);
    expect(
      parseWithZod(form({ grantId: "nope", note: "ok" }), { schema: breakGlassReviewSchema }).reply().error
        ?.grantId?.[0],
    ).toMatch(/could not be identified/u);
  });
});
