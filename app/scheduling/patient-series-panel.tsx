import type { ReactNode } from "react";
import { Link } from "react-router";
import { formatInTimeZone } from "#app/ui/dates";
import { appointmentTitle, SERIES_STATUS_LABELS } from "./labels";
import type { PatientSeriesSummary } from "./patient-series.server";

/**
 * The patient's courses of treatment on the profile page, with a link to plan a new one for those
 * who schedule. Times are shown in the clinic's zone.
 */
export function PatientSeriesPanel({
  patientId,
  series,
  canPlan,
  timeZone,
}: {
  patientId: string;
  series: PatientSeriesSummary[];
  canPlan: boolean;
  timeZone: string;
}): ReactNode {
  return (
    <section className="panel" aria-labelledby="patient-series-title">
      <div className="page-heading">
        <h2 id="patient-series-title">Series</h2>
        {canPlan ? (
          <Link to={`/patients/${patientId}/series/new`} className="button secondary">
            Plan a series
          </Link>
        ) : null}
      </div>
      {series.length === 0 ? (
        <p>No series planned yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Courses of treatment, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Status</th>
              <th scope="col">Planned window</th>
              <th scope="col">Doses completed</th>
              <th scope="col">Next session ({timeZone})</th>
            </tr>
          </thead>
          <tbody>
            {series.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  <Link to={`/series/${item.id}`}>{item.templateName}</Link>
                </th>
                <td>
                  <span className={`badge series-${item.status}`}>{SERIES_STATUS_LABELS[item.status]}</span>
                </td>
                <td>
                  {item.plannedStart} to {item.plannedEnd}
                </td>
                <td>
                  {item.dosesCompleted} of {item.dosesPlanned}
                </td>
                <td>
                  {item.next ? (
                    <Link to={`/appointments/${item.next.id}`}>
                      {appointmentTitle(item.next.kind, item.next.doseNumber)},{" "}
                      {formatInTimeZone(item.next.start, timeZone, "EEE d MMM yyyy, HH:mm")}
                    </Link>
                  ) : (
                    <span className="muted">None</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
