import type { Db } from "#db/client";
import { clock } from "#app/auth/clock";
import type { Viewer } from "#app/auth/guard.server";
import { can } from "#app/auth/policy";
import { formatInTimeZone } from "#app/ui/dates";
import { REASON_LABELS } from "./forms";
import { breakGlassForStartPage } from "./review.server";
import { isLive } from "./window";

export type StartPageBreakGlass = {
  id: string;
  who: string;
  patient: string;
  /** Where the viewer can follow it up: the patient for the care team, the review for admins. */
  link: { to: string; label: string };
  when: string;
  status: string;
  live: boolean;
  reason: string;
};

/** The start page's list of recent emergency accesses, ready to show. */
export async function startPageBreakGlass(db: Db, viewer: Viewer): Promise<StartPageBreakGlass[]> {
  const grants = await breakGlassForStartPage(db, viewer);
  const now = clock.now();
  const reviewer = can(viewer, "review:break-glass");
  const time = (at: Date): string => formatInTimeZone(at, viewer.timeZone, "HH:mm");
  return grants.map((grant) => {
    const live = isLive(grant, now);
    const status = live
      ? `open until ${time(grant.expiresAt)}`
      : grant.endedAt
        ? `ended at ${time(grant.endedAt)}`
        : `expired at ${time(grant.expiresAt)}`;
    return {
      id: grant.id,
      who: grant.userName,
      patient: `${grant.patientName} (${grant.mrn})`,
      link: reviewer
        ? { to: "/admin/audit/break-glass?status=all", label: grant.reviewedAt ? "Reviewed" : "Review" }
        : { to: `/patients/${grant.patientId}`, label: "Open patient" },
      when: formatInTimeZone(grant.startsAt, viewer.timeZone, "MMM d, HH:mm"),
      status,
      live,
      reason: `${REASON_LABELS[grant.reasonKind]}: ${grant.reason}`,
    };
  });
}
