import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registeredRoutes } from "./route-files";

// The guards that decide who may use a loader or action. A route that means to be public says so
// by calling publicAccess or requireAnonymous, so "forgot to check" is never the same as "public".
const GUARDS = ["requirePermission", "requireUser", "requireAnonymous", "publicAccess", "requireFeedToken"];

function exportedHandlers(source: string): { name: string; body: string }[] {
  const handlers: { name: string; body: string }[] = [];
  const pattern = /export\s+(?:async\s+)?function\s+(loader|action)\s*\([^)]*\)[^{]*\{/gu;
  for (const match of source.matchAll(pattern)) {
    const start = (match.index ?? 0) + match[0].length;
    let depth = 1;
    let end = start;
    while (depth > 0 && end < source.length) {
      const char = source[end];
      depth += char === "{" ? 1 : char === "}" ? -1 : 0;
      end += 1;
    }
    handlers.push({ name: match[1]!, body: source.slice(start, end) });
  }
  return handlers;
}

describe("every route module checks permission", () => {
  const modules = [{ file: "root.tsx", path: "(layout)" }, ...registeredRoutes()];

  it.each(modules)("$file", ({ file }) => {
    const source = readFileSync(path.join("app", file), "utf8");
    expect(source, "loaders and actions must be declared as `export async function`").not.toMatch(
      /export\s+const\s+(loader|action)\b/u,
    );
    const handlers = exportedHandlers(source);
    for (const handler of handlers) {
      const firstStatement = handler.body.trim().split("\n")[0] ?? "";
      const guarded = GUARDS.some((guard) => new RegExp(`\\bawait ${guard}\\(args`, "u").test(firstStatement));
      expect(
        guarded,
        `${file} ${handler.name} must start with one of ${GUARDS.join(", ")}; it starts with: ${firstStatement}`,
      ).toBe(true);
    }
  });

  it("finds the handlers it checks", () => {
    const count = modules.reduce(
      (sum, { file }) => sum + exportedHandlers(readFileSync(path.join("app", file), "utf8")).length,
      0,
    );
    expect(count).toBeGreaterThanOrEqual(modules.length);
  });
});
