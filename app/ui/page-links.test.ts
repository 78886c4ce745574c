import { describe, expect, it } from "vitest";
import { pageLinks, requestedPage } from "./page-links";

describe("pageLinks", () => {
  it("lists every page when there are few", () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(2, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps the ends and the neighbourhood of the current page", () => {
    expect(pageLinks(1, 800)).toEqual([1, 2, 3, "gap", 800]);
    expect(pageLinks(400, 800)).toEqual([1, "gap", 398, 399, 400, 401, 402, "gap", 800]);
    expect(pageLinks(800, 800)).toEqual([1, "gap", 798, 799, 800]);
  });

  it("shows a single left-out page rather than a gap", () => {
    expect(pageLinks(5, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

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
