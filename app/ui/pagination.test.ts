import { describe, expect, it } from "vitest";
import { requestedPage } from "./pagination";

describe("requestedPage", () => {
  it("keeps the page asked for within the pages there are", () => {
    expect(requestedPage("3", 5)).toBe(3);
    expect(requestedPage("9", 5)).toBe(5);
    expect(requestedPage("-2", 5)).toBe(1);
    expect(requestedPage("0", 5)).toBe(1);
  });

  it("gives page 1 for nothing, words, or an empty list", () => {
    expect(requestedPage(null, 5)).toBe(1);
    expect(requestedPage("two", 5)).toBe(1);
    expect(requestedPage("4", 0)).toBe(1);
  });
});
