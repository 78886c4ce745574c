import type { ReactNode } from "react";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { BreakGlassOffer, breakGlassPatientOf } from "#app/break-glass/break-glass-offer";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  403: "You do not have access",
  404: "Not found",
  409: "That changed in the meantime",
  429: "Too many requests",
};

function messageOf(data: unknown): string | null {
  return data && typeof data === "object" && "message" in data && typeof data.message === "string"
    ? data.message
    : null;
}

/** Turns thrown responses into sentences a person understands; never shows a stack trace. */
export function ErrorPage(): ReactNode {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === "string" ? error.data : (messageOf(error.data) ?? error.statusText);
    const breakGlassPatientId = error.status === 403 ? breakGlassPatientOf(error.data) : null;
    return (
      <section className="error-page" aria-labelledby="error-title">
        <h1 id="error-title">{TITLES[error.status] ?? `Error ${error.status}`}</h1>
        <p>{message}</p>
        {breakGlassPatientId ? <BreakGlassOffer patientId={breakGlassPatientId} /> : null}
        <p>
          <Link to="/">Back to the start page</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">Something went wrong</h1>
      <p>The error was recorded. Try again, and tell your administrator if it keeps happening.</p>
    </section>
  );
}
