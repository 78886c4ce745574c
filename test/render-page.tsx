import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { expect } from "vitest";

/** Server-renders a route's page from what its loader (and action) answered. */
export function renderPage(
  path: string,
  Component: ComponentType<never>,
  loaderData: unknown,
  actionData?: unknown,
): string {
  const Stub = createRoutesStub([
    { id: "page", path: path.split("?")[0], Component: Component as ComponentType, loader: () => loaderData },
  ]);
  const html = renderToString(
    <Stub
      initialEntries={[path]}
      hydrationData={{ loaderData: { page: loaderData }, actionData: actionData ? { page: actionData } : undefined }}
    />,
  );
  return html.replaceAll("<!-- -->", "");
}

/**
 * Every visible control has a label pointing at it, every table a caption and scoped headers, every
 * fieldset a legend. `controls` also asserts whether the page has any form controls at all.
 */
export function expectAccessible(html: string, options: { controls?: boolean } = {}): void {
  const controls = [...html.matchAll(/<(input|select|textarea)\b[^>]*>/gu)]
    .map((match) => match[0])
    .filter((tag) => !/type="hidden"/u.test(tag));
  if (options.controls !== undefined) {
    expect(controls.length > 0).toBe(options.controls);
  }
  for (const tag of controls) {
    const id = /\bid="([^"]+)"/u.exec(tag)?.[1];
    expect(id, tag).toBeDefined();
    expect(html, `label for ${id}`).toContain(`for="${id}"`);
  }
  const tables = html.match(/<table\b/gu)?.length ?? 0;
  expect(html.match(/<caption\b/gu)?.length ?? 0).toBe(tables);
  expect(html).not.toMatch(/<th>/u);
  expect(html.match(/<fieldset\b/gu)?.length ?? 0).toBe(html.match(/<legend\b/gu)?.length ?? 0);
}
