import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { discontinueSchema, orderDoseSchema } from "./dose-order-forms";

/** The submission with its field errors readable whatever its status. */
function withErrors<T extends { status: unknown }>(
  submission: T,
): T & { error?: Record<string, string[] | null> | null } {
  return submission as T & { error?: Record<string, string[] | null> | null };
}

function parse(entries: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries({
    intent: "order",
    drug: "ketamine",
    route: "IM",
    doseMg: "50",
    scope: "series",
    ...entries,
  })) {
    data.append(key, value);
  }
  return withErrors(parseWithZod(data, { schema: orderDoseSchema }));
}

describe("the dose order form", () => {
  it("accepts a dose for the series or for one session", () => {
    expect(parse({}).status).toBe("success");
    expect(parse({ scope: "6f1c3e0a-3b1d-4d8e-9b1a-2f4c5d6e7f80", doseMg: "0.01" }).status).toBe("success");
    expect(parse({ doseMg: "999.99" }).status).toBe("success");
  });

  it("refuses doses of 0, 1000 mg or more, or more than two decimals", () => {
    for (const doseMg of ["0", "-5", "1000", "abc", ""]) {
      expect(parse({ doseMg }).error?.doseMg, doseMg).toEqual([
        "Enter the dose in mg, more than 0 and below 1000, e.g. 50.",
      ]);
    }
    expect(parse({ doseMg: "50.005" }).error?.doseMg).toEqual(["Give the dose to at most two decimal places."]);
  });

  it("names the field for an unknown drug, route or scope", () => {
    expect(parse({ drug: "mdma" }).error?.drug).toEqual(["Choose ketamine or esketamine."]);
    expect(parse({ route: "IO" }).error?.route).toEqual(["Choose the route of administration."]);
    expect(parse({ scope: "session-2" }).error?.scope).toEqual(["Choose the whole series or one dosing session."]);
  });

  it("needs a reason to discontinue", () => {
    const data = new FormData();
    data.append("intent", "discontinue");
    data.append("orderId", "6f1c3e0a-3b1d-4d8e-9b1a-2f4c5d6e7f80");
    expect(withErrors(parseWithZod(data, { schema: discontinueSchema })).error?.reason).toEqual([
      "Give the reason for discontinuing the order.",
    ]);
  });
});
