import type { ReactNode } from "react";
import { Link } from "react-router";
import type { AlertView, DueOccasionView } from "./measures-view";

/** The PHQ-9 item 9 alerts of the last 30 days, impossible to miss at the top of the page. */
export function AlertBanner({ alerts }: { alerts: readonly AlertView[] }): ReactNode {
  if (alerts.length === 0) {
    return null;
  }
  return (
    <div className="alert-banner" role="alert" aria-labelledby="self-harm-alert-title">
      <h2 id="self-harm-alert-title">Safety alert: PHQ-9 item 9 above zero</h2>
      <ul>
        {alerts.map((alert) => (
          <li key={alert.responseId}>
            {alert.text} <span className="alert-when">Completed {alert.when}.</span>
          </li>
        ))}
      </ul>
      <p>
        Review this with the patient before the next session and follow the clinic's suicide-risk protocol. The alert
        shows here for 30 days.
      </p>
    </div>
  );
}

/** Which questionnaires each session of the series needs, and which are done, due now or missing. */
export function DueList({
  seriesId,
  occasions,
  dueCount,
  overdueCount,
  canRecord,
}: {
  seriesId: string;
  occasions: readonly DueOccasionView[];
  dueCount: number;
  overdueCount: number;
  canRecord: boolean;
}): ReactNode {
  return (
    <section className="panel" aria-labelledby="due-title">
      <h2 id="due-title">When measures are due</h2>
      <p>
        {overdueCount > 0 ? <strong>{overdueCount} missing. </strong> : null}
        {dueCount > 0 ? <strong>{dueCount} due now. </strong> : null}
        PHQ-9 and GAD-7 at baseline, before each dose and at each integration session; PCL-5 at baseline, before dose 1,
        before the middle dose and at the last integration.
      </p>
      {occasions.length === 0 ? (
        <p className="muted">This series has no preparation, dosing or integration sessions booked.</p>
      ) : (
        <div className="table-scroll">
          <table className="due-table">
            <caption>Measures by session</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">When</th>
                <th scope="col">Measures</th>
              </tr>
            </thead>
            <tbody>
              {occasions.map((occasion) => (
                <tr key={occasion.appointmentId}>
                  <th scope="row">{occasion.title}</th>
                  <td>{occasion.when}</td>
                  <td>
                    <ul className="plain-list due-measures">
                      {occasion.measures.map((measure) => (
                        <li key={measure.instrument}>
                          <span className={`badge due-${measure.state}`}>{measure.stateLabel}</span> {measure.name}
                          {canRecord && (measure.state === "due" || measure.state === "overdue") ? (
                            <>
                              {" "}
                              <Link
                                to={`/series/${seriesId}/measures/new?instrument=${measure.instrument}&appointment=${occasion.appointmentId}`}
                              >
                                Record
                                <span className="visually-hidden">
                                  {" "}
                                  {measure.name} for {occasion.title}
                                </span>
                              </Link>
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
