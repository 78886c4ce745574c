import { describe, expect, it } from "vitest";
import { groupBy } from "./group-by";

describe("groupBy", () => {
  it("groups rows by key and keeps each group's order", () => {
    const groups = groupBy(
      [
        { k: "a", n: 1 },
        { k: "b", n: 2 },
        { k: "a", n: 3 },
      ],
      (row) => row.k,
    );
    expect([...groups.keys()]).toEqual(["a", "b"]);
    expect(groups.get("a")?.map((row) => row.n)).toEqual([1, 3]);
    expect(groups.get("b")?.map((row) => row.n)).toEqual([2]);
  });

  it("gives an empty map for no rows", () => {
    expect(groupBy([], () => "x").size).toBe(0);
  });
});
