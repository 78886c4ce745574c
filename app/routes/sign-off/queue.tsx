import type { ReactNode } from "react";
import { Link } from "react-router";
import { getDb } from "#db/client";
import { auditEach } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { Item9Alert, ReviewFacts } from "#app/signoff/review-ui";
import { signOffQueue } from "#app/signoff/signoff.server";
import { Pagination } from "#app/ui/pagination";
import type { Route } from "./+types/queue";

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Sign-off${loaderData ? ` (${loaderData.total})` : ""} · KAP Care Team` },
];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "sign:session");
  const db = getDb();
  const { sessions, total, page, pageCount } = await signOffQueue(db, viewer, {
    page: new URL(args.request.url).searchParams.get("page"),
  });
  // The queue shows each session's clinical record: each one shown is a read of that patient's record.
  await auditEach(
    db,
    auditActor(viewer),
    sessions.map((session) => ({
      action: "read:clinical",
      entityType: "dosing_session",
      entityId: session.sessionId,
      patientId: session.patient.id,
      detail: { view: "sign-off queue" },
    })),
  );
  return { sessions, total, page, pageCount, timeZone: viewer.timeZone };
}

export default function SignOffQueue({ loaderData }: Route.ComponentProps): ReactNode {
  const { sessions, total, page, pageCount, timeZone } = loaderData;
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Dosing sessions awaiting your sign-off</h1>
      {total === 0 ? (
        <p>Nothing awaits your sign-off.</p>
      ) : (
        <p>
          {total === 1 ? "One session awaits" : `${total} sessions await`} your sign-off, oldest first. Times are in the
          clinic&apos;s time zone ({timeZone}).
          {pageCount > 1 ? ` Page ${page} of ${pageCount}.` : null}
        </p>
      )}
      <ol className="plain-list signoff-queue">
        {sessions.map((session) => (
          <li key={session.sessionId}>
            <article className="panel signoff-card" aria-labelledby={`session-${session.sessionId}`}>
              <h2 id={`session-${session.sessionId}`}>
                {session.patient.name} <span className="muted">(MRN {session.patient.mrn})</span> — {session.title},{" "}
                {session.date}
              </h2>
              <Item9Alert alert={session.item9Alert} />
              {session.alerts.length > 0 ? (
                <p className="warning">Vital-sign alerts during this session: {session.alerts.length}</p>
              ) : null}
              <ReviewFacts summary={session} />
              <p className="actions">
                <Link className="button" to={`/sign-off/${session.sessionId}`}>
                  Review and sign off
                  <span className="visually-hidden">
                    {" "}
                    {session.title} of {session.patient.name}
                  </span>
                </Link>
              </p>
            </article>
          </li>
        ))}
      </ol>
      <Pagination
        page={page}
        pageCount={pageCount}
        href={(to) => (to > 1 ? `/sign-off?page=${to}` : "/sign-off")}
        label="Sign-off queue pages"
      />
    </section>
  );
}
