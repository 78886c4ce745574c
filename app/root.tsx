import type { ReactNode } from "react";
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import { getDb } from "#db/client";
import { publicAccess } from "./auth/guard.server";
import { can } from "./auth/policy";
import { awaitingSignOffCount } from "./signoff/signoff.server";
import { useNonce } from "./nonce";
import { ErrorPage } from "./ui/error-page";
import { EmergencyAccessBanner } from "./break-glass/emergency-access-banner";
import { formatInTimeZone } from "./ui/dates";
import { navFor, ROLE_LABELS } from "./ui/nav";
import stylesheet from "./ui/app.css?url";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await publicAccess(args);
  if (!viewer) {
    return { viewer: null };
  }
  return {
    viewer: {
      name: viewer.name,
      clinicName: viewer.clinicName,
      roles: viewer.roles.map((role) => ROLE_LABELS[role]),
      nav:
        viewer.mustChangePassword || viewer.mustEnrolSecondFactor
          ? []
          : navFor(viewer).map(({ to, label }) => ({ to, label })),
      // Prescribers see at a glance how many dosing sessions await their signature.
      awaitingSignOff:
        !viewer.mustChangePassword && can(viewer, "sign:session") ? await awaitingSignOffCount(getDb(), viewer) : 0,
      emergencyAccess: (viewer.breakGlass ?? []).map((grant) => ({
        patientId: grant.patientId,
        until: formatInTimeZone(grant.expiresAt, viewer.timeZone, "HH:mm"),
      })),
    },
  };
}

export function Layout({ children }: { children: ReactNode }): ReactNode {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const viewer = data?.viewer ?? null;
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <div className="brand">
            <a href="/">KAP Care Team</a>
            {viewer ? <span className="clinic-name">{viewer.clinicName}</span> : null}
          </div>
          {viewer ? (
            <>
              <nav aria-label="Main">
                <ul>
                  {viewer.nav.map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to}>
                        {item.label}
                        {item.to === "/sign-off" && viewer.awaitingSignOff > 0 ? (
                          <>
                            {" "}
                            <span className="badge">
                              {viewer.awaitingSignOff}
                              <span className="visually-hidden"> awaiting</span>
                            </span>
                          </>
                        ) : null}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              <div className="account">
                <span>
                  {viewer.name} <span className="roles">({viewer.roles.join(", ")})</span>
                </span>
                <NavLink to="/account/password">Password</NavLink>
                <NavLink to="/account/security">Security</NavLink>
                <NavLink to="/account/sessions">Devices</NavLink>
                <Form method="post" action="/logout">
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </Form>
              </div>
            </>
          ) : null}
        </header>
        {viewer ? <EmergencyAccessBanner items={viewer.emergencyAccess} /> : null}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App(): ReactNode {
  return <Outlet />;
}

export function ErrorBoundary(): ReactNode {
  return <ErrorPage />;
}
