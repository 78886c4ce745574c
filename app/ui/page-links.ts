/**
 * Which page numbers to link: the first, the last, and two either side of the current page, with
 * "gap" where numbers are left out, so 800 pages never become 800 links.
 */
export function pageLinks(page: number, pageCount: number): (number | "gap")[] {
  const shown = new Set<number>([1, pageCount]);
  for (let n = page - 2; n <= page + 2; n += 1) {
    if (n >= 1 && n <= pageCount) {
      shown.add(n);
    }
  }
  const sorted = [...shown].sort((a, b) => a - b);
  const links: (number | "gap")[] = [];
  for (const n of sorted) {
    const previous = links[links.length - 1];
    if (typeof previous === "number" && n - previous > 1) {
      links.push(n - previous === 2 ? n - 1 : "gap");
    }
    links.push(n);
  }
  return links;
}

/** A page number kept within 1..pageCount (page 1 for no number, and when there are no pages). */
export function clampPage(asked: number, pageCount: number): number {
  return Math.min(Math.max(1, Math.trunc(asked) || 1), Math.max(1, pageCount));
}

/** The page a `page` search parameter asks for, kept within 1..pageCount. */
export function requestedPage(value: string | null, pageCount: number): number {
  return clampPage(Number.parseInt(value ?? "1", 10), pageCount);
}
