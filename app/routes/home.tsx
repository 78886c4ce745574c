import type { ReactNode } from "react";
import { Link } from "react-router";
import { getDb } from "#db/client";
import { auditEach } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { openAlerts } from "#app/measures/alerts.server";
import { startPageBreakGlass } from "#app/break-glass/start-page.server";
import { BreakGlassStartPanel } from "#app/break-glass/start-page-panel";
import { formatInTimeZone } from "#app/ui/dates";
import { navFor, ROLE_LABELS } from "#app/ui/nav";
import type { Route } from "./+types/home";

export const meta: Route.MetaFunction = () => [{ title: "KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "use:app");
  const db = getDb();
  // A PHQ-9 item 9 answer above zero must reach the care team: it is the first thing a clinician sees.
  const alerts = can(viewer, "read:clinical") ? await openAlerts(db, viewer.clinicId, viewer.id) : [];
  // One entry per alert, each with its patient: filtering the audit log by MRN finds who saw it.
  await auditEach(
    db,
    auditActor(viewer),
    alerts.map((alert) => ({
      action: "read:alerts",
      entityType: "measure_response",
      entityId: alert.responseId,
      patientId: alert.patientId,
    })),
  );
  return {
    name: viewer.name,
    roles: viewer.roles.map((role) => ROLE_LABELS[role]),
    links: navFor(viewer).map(({ to, label }) => ({ to, label })),
    // Emergency accesses to the viewer's patients (all of the clinic's, for admins); audited as shown.
    breakGlass: await startPageBreakGlass(db, viewer),
    alerts: alerts.map((alert) => ({
      id: alert.responseId,
      patientId: alert.patientId,
      seriesId: alert.seriesId,
      patient: `${alert.patientName} (${alert.mrn})`,
      when: formatInTimeZone(alert.completedAt, viewer.timeZone, "MMM d, HH:mm"),
      alert: alert.alert,
    })),
  };
}

export default function Home({ loaderData }: Route.ComponentProps): ReactNode {
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Welcome, {loaderData.name}</h1>
      <p>You are signed in as {loaderData.roles.join(", ")}.</p>
      {loaderData.alerts.length > 0 ? (
        <section className="alert-banner" role="alert" aria-labelledby="alerts-title">
          <h2 id="alerts-title">Safety alerts on your patients</h2>
          <ul>
            {loaderData.alerts.map((alert) => (
              <li key={alert.id}>
                <strong>{alert.patient}</strong>, {alert.when}: {alert.alert}{" "}
                <Link to={alert.seriesId ? `/series/${alert.seriesId}/measures` : `/patients/${alert.patientId}`}>
                  Open
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <BreakGlassStartPanel items={loaderData.breakGlass} />
      <ul className="home-links">
        {loaderData.links.map((link) => (
          <li key={link.to}>
            <Link to={link.to}>{link.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
