import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { answersOf, enteredInErrorSchema, itemField, measureFormSchema } from "./measure-forms";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    data.append(key, value);
  }
  return data;
}

const base = { instrument: "gad7", context: "pre_dose", completedAt: "2030-03-09T09:30" };
const allAnswered = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((item) => [itemField(item), String(item % 4)]));

describe("the measure entry form", () => {
  it("reads every item's answer as a number, in item order", () => {
    const submission = parseWithZod(form({ ...base, ...allAnswered }), { schema: measureFormSchema("gad7") });
    expect(submission.status).toBe("success");
    if (submission.status === "success") {
      expect(answersOf("gad7", submission.value)).toEqual([1, 2, 3, 0, 1, 2, 3]);
      expect(submission.value).toMatchObject({ context: "pre_dose", completedAt: "2030-03-09T09:30" });
      expect(submission.value.appointmentId).toBeUndefined();
    }
  });

  it("names each unanswered or impossible item on its own field", () => {
    const values: Record<string, string> = { ...base, ...allAnswered, item3: "4", item5: "1.5" };
    delete values.item6;
    const submission = parseWithZod(form(values), { schema: measureFormSchema("gad7") });
    expect(submission.status).toBe("error");
    const errors = submission.reply().error ?? {};
    expect(errors.item3).toEqual(["Item 3 must be one of the answers, scored 0 to 3."]);
    expect(errors.item5).toEqual(["Item 5 must be one of the answers, scored 0 to 3."]);
    expect(errors.item6).toEqual([
      "Choose an answer for item 6: the GAD-7 is only scored when every item is answered.",
    ]);
    expect(errors.item1).toBeUndefined();
  });

  it("refuses a form for another instrument, an unknown context or a malformed time", () => {
    const submission = parseWithZod(
      form({ ...allAnswered, instrument: "phq9", context: "later", completedAt: "yesterday" }),
      { schema: measureFormSchema("gad7") },
    );
    const errors = submission.reply().error ?? {};
    expect(Object.keys(errors).sort()).toEqual(["completedAt", "context", "instrument"]);
  });

  it("requires a reason to mark a response entered in error", () => {
    const id = "0b6f1c8e-2f7a-4c39-9d57-1f1a2b3c4d5e";
    expect(
      parseWithZod(form({ responseId: id, reason: "   " }), { schema: enteredInErrorSchema }).reply().error?.reason,
    ).toEqual(["Say why it was entered in error."]);
    expect(
      parseWithZod(form({ responseId: id, reason: "x".repeat(501) }), { schema: enteredInErrorSchema }).reply().error
        ?.reason,
    ).toEqual(["Keep the reason under 500 characters."]);
    const ok = parseWithZod(form({ responseId: id, reason: " wrong patient " }), { schema: enteredInErrorSchema });
    expect(ok.status === "success" && ok.value.reason).toBe("wrong patient");
  });
});
