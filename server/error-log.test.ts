import { describe, expect, it } from "vitest";
import { loggableError, redactMessage } from "./error-log";
import { loggablePath } from "./request-log";

describe("redactMessage", () => {
  it.each([
    ['invalid input syntax for type uuid: "Jane Doe"', 'invalid input syntax for type uuid: "…"'],
    ["Failed query: select 1\nparams: Jane,1980-01-01", "Failed query: select 1\nparams: [redacted]"],
    ["value 'O''Brien' too long", "value '…''…' too long"],
  ])("blanks the values in %j", (message, expected) => {
    expect(redactMessage(message)).toBe(expected);
  });
});

describe("loggableError", () => {
  it("keeps the kind and the stack frames, not the message's values", () => {
    const logged = loggableError(new TypeError('Cannot read "Jane Doe"'));
    expect(logged).toMatchObject({ name: "TypeError", message: 'Cannot read "…"' });
    expect(logged.stack).toMatch(/^\s+at /u);
    expect(logged.stack).not.toContain("Jane");
  });

  it("says nothing of a thrown value that is not an Error", () => {
    expect(loggableError({ patient: "Jane Doe" })).toEqual({
      name: "object",
      message: "[a thrown value that is not an Error]",
    });
  });
});

describe("loggablePath", () => {
  it("blanks the secret of a calendar feed link and leaves other paths alone", () => {
    expect(loggablePath("/calendar/feed/abcdefghijklmnopqrstuvwxyz234567.ics")).toBe("/calendar/feed/[redacted]");
    expect(loggablePath("/patients/0b7c")).toBe("/patients/0b7c");
  });
});
