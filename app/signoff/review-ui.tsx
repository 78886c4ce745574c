import { Fragment, type ReactNode } from "react";
import type { ReviewSummary } from "./review-summary";

// Shared by the queue and the sign-off page; the same ReviewSummary is what the sign-off stores.

export function Item9Alert({ alert }: { alert: ReviewSummary["item9Alert"] }): ReactNode {
  if (!alert) {
    return null;
  }
  return (
    <p className="alert-banner item9-alert" role="alert">
      <strong>PHQ-9 item 9 — thoughts of self-harm: </strong>
      {alert.text} ({alert.when})
    </p>
  );
}

function AdverseEvents({ events }: { events: ReviewSummary["adverseEvents"] }): ReactNode {
  if (events.length === 0) {
    return <span className="muted">None</span>;
  }
  return (
    <ul className="plain-list">
      {events.map((event) => (
        <li key={`${event.at}-${event.kind}-${event.actionTaken}`}>
          {event.at} {event.kind} ({event.severity}); action: {event.actionTaken}
          {event.resolved ? "; resolved" : "; not resolved"}
        </li>
      ))}
    </ul>
  );
}

function Measures({ summary }: { summary: ReviewSummary }): ReactNode {
  if (summary.measures.length === 0) {
    return <span className="muted">None recorded in this series</span>;
  }
  return (
    <ul className="plain-list">
      {summary.measures.map((measure) => (
        <li key={measure.name}>
          <strong>{measure.name}</strong> {measure.score}, {measure.severity}
          {measure.item9 ? <span className="badge alert"> Item 9 above zero</span> : null}{" "}
          <span className="muted">— {measure.when}</span>
        </li>
      ))}
    </ul>
  );
}

/** The facts a prescriber reviews, as a description list. */
export function ReviewFacts({ summary }: { summary: ReviewSummary }): ReactNode {
  return (
    <dl className="facts">
      <dt>Dose ordered</dt>
      <dd>{summary.order ?? <span className="muted">No order on this session</span>}</dd>
      <dt>Dose given</dt>
      <dd>
        {summary.dose.total}
        {summary.dose.lots.length > 0 ? `, lot ${summary.dose.lots.join(", ")}` : null}
      </dd>
      {summary.vitals.map((line) => (
        <Fragment key={line.sign}>
          <dt>{line.sign}</dt>
          <dd>{line.range ?? <span className="muted">Not recorded</span>}</dd>
        </Fragment>
      ))}
      <dt>Vital-sign alerts</dt>
      <dd>
        {summary.alerts.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <ul className="plain-list vitals-alerts">
            {summary.alerts.map((alert) => (
              <li key={`${alert.at}-${alert.text}`}>
                <strong>{alert.at}</strong> {alert.text}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>Sedation, dissociation</dt>
      <dd>
        {summary.sedation.lowestMoaas === null
          ? "MOAA/S not recorded"
          : `Lowest MOAA/S ${summary.sedation.lowestMoaas}`}
        {" · "}
        {summary.sedation.highestCadss === null
          ? "CADSS-6 not recorded"
          : `highest CADSS-6 ${summary.sedation.highestCadss}`}
      </dd>
      <dt>Adverse events</dt>
      <dd>
        <AdverseEvents events={summary.adverseEvents} />
      </dd>
      <dt>Discharge</dt>
      <dd>
        {summary.discharge ? (
          <>
            {summary.discharge.at} by {summary.discharge.by}
            {summary.discharge.totalMinutes === null ? null : `, ${summary.discharge.totalMinutes} minutes in all`}
            {summary.discharge.escort ? `, home with ${summary.discharge.escort}` : null}
            {summary.discharge.unmet.length > 0 ? (
              <strong> Criteria not met: {summary.discharge.unmet.join("; ")}</strong>
            ) : null}
          </>
        ) : (
          <span className="muted">Not discharged</span>
        )}
      </dd>
      <dt>Latest measures</dt>
      <dd>
        <Measures summary={summary} />
      </dd>
    </dl>
  );
}

export function Timeline({ summary }: { summary: ReviewSummary }): ReactNode {
  return (
    <div className="table-scroll">
      <table>
        <caption>
          Everything recorded during the session, oldest first, in the clinic&apos;s time zone ({summary.timeZone}).
          Entries marked in error stay in the record, struck through.
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
            <th scope="col">Recorded by</th>
          </tr>
        </thead>
        <tbody>
          {summary.timeline.map((line, index) => (
            <tr
              key={`${index}-${line.at}-${line.what}`}
              className={line.enteredInError === null ? undefined : "entered-in-error"}
            >
              <th scope="row">{line.at}</th>
              <td>{line.what}</td>
              <td>
                {line.enteredInError === null ? line.detail : <s>{line.detail}</s>}
                {line.enteredInError === null ? null : (
                  <span className="badge"> Entered in error: {line.enteredInError}</span>
                )}
              </td>
              <td>{line.by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
