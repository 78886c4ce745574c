import type { ReactNode } from "react";
import { EnteredInErrorForm, type SessionReply } from "./session-entry-forms";
import type { TimelineRow } from "./session-timeline";

/**
 * The session's timeline, oldest first: rows whose vitals raised an alert are highlighted and carry
 * the alert as role="alert"; entries in error stay, struck through, with who marked them and why.
 */
export function TimelineTable({
  rows,
  timeZone,
  canMark,
  actionData,
}: {
  rows: TimelineRow[];
  timeZone: string;
  canMark: (row: TimelineRow) => boolean;
  actionData: SessionReply | undefined;
}): ReactNode {
  return (
    <div className="table-scroll">
      <table className="session-timeline">
        <caption>
          Everything recorded in this session, oldest first, the newest at the bottom. Times are in the clinic&apos;s
          time zone ({timeZone}).
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Entry</th>
            <th scope="col">Details</th>
            <th scope="col">Recorded by</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const classes = [
              row.alerts.length > 0 && !row.enteredInError ? "has-alert" : "",
              row.enteredInError ? "in-error" : "",
              row.kind,
            ]
              .filter(Boolean)
              .join(" ");
            return (
              <tr key={row.key} className={classes}>
                <th scope="row">{row.time}</th>
                <td>
                  {row.what}
                  {row.enteredInError ? <span className="badge in-error-badge">Entered in error</span> : null}
                </td>
                <td>
                  <ul className="plain-list entry-details">
                    {row.details.map((detail, index) => (
                      <li key={`${index}-${detail}`}>{detail}</li>
                    ))}
                  </ul>
                  {row.alerts.length > 0 ? (
                    <div className="vital-alerts" role="alert">
                      <strong>{row.enteredInError ? "Alert (entry in error):" : "Alert:"}</strong>
                      <ul>
                        {row.alerts.map((alert) => (
                          <li key={alert}>{alert}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {row.warning ? <p className="entry-warning">{row.warning}</p> : null}
                  {row.enteredInError ? (
                    <p className="in-error-note">
                      Marked entered in error by {row.enteredInError.by} on {row.enteredInError.at}:{" "}
                      {row.enteredInError.reason}
                    </p>
                  ) : null}
                  {row.entryId &&
                  row.kind !== "check-in" &&
                  row.kind !== "discharge" &&
                  !row.enteredInError &&
                  canMark(row) ? (
                    <EnteredInErrorForm
                      actionData={actionData}
                      entryType={row.kind}
                      entryId={row.entryId}
                      what={`${row.what} at ${row.time}`}
                    />
                  ) : null}
                </td>
                <td>{row.by}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
