import type { ReactNode } from "react";
import { Link } from "react-router";
import type { MeasuresSummaryView } from "./measures-summary.server";

/**
 * The latest PHQ-9, GAD-7 and PCL-5 of a series in a few lines, with any open item 9 alert first
 * (for the sign-off queue and other pages about a series). Build `view` with measuresSummaryView.
 */
export function MeasuresSummaryPanel({
  view,
  seriesId,
  headingLevel = 3,
}: {
  view: MeasuresSummaryView;
  seriesId?: string;
  headingLevel?: 2 | 3 | 4;
}): ReactNode {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="measures-summary">
      <Heading>Latest outcome measures</Heading>
      {view.alert ? (
        <p className="alert-banner compact">
          <strong>Safety alert: </strong>
          {view.alert.text} ({view.alert.when})
        </p>
      ) : null}
      {view.measures.length > 0 ? (
        <ul className="plain-list">
          {view.measures.map((measure) => (
            <li key={measure.instrument}>
              <strong>{measure.name}</strong> {measure.score}, {measure.severity}
              {measure.alert ? <span className="badge alert">Item 9</span> : null}{" "}
              <span className="muted">— {measure.when}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {view.missing.length > 0 ? (
        <p className="muted">Not recorded in this series: {view.missing.join(", ")}.</p>
      ) : null}
      {seriesId ? <Link to={`/series/${seriesId}/measures`}>All measures and charts</Link> : null}
    </div>
  );
}
