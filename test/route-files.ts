import routes from "#app/routes";

type RouteEntry = { file: string; path?: string; index?: boolean; children?: RouteEntry[] };

/** Every route module registered in app/routes.ts, with its URL pattern. */
export function registeredRoutes(): { file: string; path: string }[] {
  const out: { file: string; path: string }[] = [];
  const walk = (entries: RouteEntry[], prefix: string): void => {
    for (const entry of entries) {
      const path = entry.index ? prefix || "/" : `${prefix}/${entry.path ?? ""}`.replace(/\/+/gu, "/");
      out.push({ file: entry.file, path });
      walk(entry.children ?? [], path === "/" ? "" : path);
    }
  };
  walk(routes as RouteEntry[], "");
  return out;
}
