import type { ReactNode } from "react";
import { Link } from "react-router";
import { pageLinks } from "./page-links";

/** Previous, numbered pages (with gaps) and Next; nothing when everything fits on one page. */
export function Pagination({
  page,
  pageCount,
  href,
  label,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  label: string;
}): ReactNode {
  if (pageCount <= 1) {
    return null;
  }
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? <Link to={href(page - 1)}>Previous</Link> : null}
      <ul className="page-list">
        {pageLinks(page, pageCount).map((item, index) =>
          item === "gap" ? (
            <li key={`gap-${index}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={item}>
              {item === page ? (
                <span aria-current="page" className="current-page">
                  <span className="visually-hidden">Page </span>
                  {item}
                </span>
              ) : (
                <Link to={href(item)} aria-label={`Page ${item}`}>
                  {item}
                </Link>
              )}
            </li>
          ),
        )}
      </ul>
      {page < pageCount ? <Link to={href(page + 1)}>Next</Link> : null}
    </nav>
  );
}
