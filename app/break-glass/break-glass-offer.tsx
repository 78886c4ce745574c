import type { ReactNode } from "react";
import { Link } from "react-router";

/** What a 403 carries when breaking the glass would open the record (app/auth/guard.server.ts). */
export function breakGlassPatientOf(data: unknown): string | null {
  if (
    data &&
    typeof data === "object" &&
    "breakGlassPatientId" in data &&
    typeof data.breakGlassPatientId === "string"
  ) {
    return data.breakGlassPatientId;
  }
  return null;
}

/** Shown under the refusal: the way in for an emergency, and what it costs. */
export function BreakGlassOffer({ patientId }: { patientId: string }): ReactNode {
  return (
    <section className="panel" aria-labelledby="break-glass-offer-title">
      <h2 id="break-glass-offer-title">In an emergency</h2>
      <p>
        If this patient needs care now and their care team cannot help, you may open the record for a limited time. You
        will be asked for a reason; every access is logged, the care team and the clinic&apos;s admins are told, and it
        is reviewed.
      </p>
      <p>
        <Link to={`/patients/${patientId}/break-glass`} className="button danger">
          Emergency access (break the glass)
        </Link>
      </p>
    </section>
  );
}
