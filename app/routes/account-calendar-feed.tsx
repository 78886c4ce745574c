import type { ReactNode } from "react";
import { data, Form } from "react-router";
import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { activeFeedSince, issueCalendarFeed, revokeCalendarFeed } from "#app/scheduling/calendar-feed.server";
import { formatInTimeZone } from "#app/ui/dates";
import type { Route } from "./+types/account-calendar-feed";

export const meta: Route.MetaFunction = () => [{ title: "Calendar feed · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "use:calendar-feed");
  const since = await activeFeedSince(getDb(), viewer.id);
  return { since: since ? formatInTimeZone(since, viewer.timeZone, "MMM d, yyyy HH:mm") : null };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "use:calendar-feed");
  const intent = (await args.request.formData()).get("intent");
  const db = getDb();
  if (intent === "issue") {
    const token = await issueCalendarFeed(db, viewer);
    await audit(db, auditActor(viewer), {
      action: "issue:calendar-feed",
      entityType: "calendar_feed",
      entityId: viewer.id,
    });
    const url = new URL(`/calendar/feed/${token}.ics`, args.request.url);
    return { link: url.toString(), revoked: false };
  }
  if (intent === "revoke") {
    await revokeCalendarFeed(db, viewer.id);
    await audit(db, auditActor(viewer), {
      action: "revoke:calendar-feed",
      entityType: "calendar_feed",
      entityId: viewer.id,
    });
    return { link: null, revoked: true };
  }
  throw data("Unknown action.", { status: 400 });
}

export default function CalendarFeed({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  return (
    <section className="panel" aria-labelledby="feed-title">
      <h1 id="feed-title">Your calendar feed</h1>
      <p>
        Subscribe to your own schedule from a calendar app. Events show only the session kind and the patient&apos;s
        initials. Anyone with the link can read it: keep it private, and revoke it if it leaks.
      </p>
      {actionData?.link ? (
        <div className="notice" role="status">
          <p>Your new link (shown only now; copy it into your calendar app):</p>
          <p>
            <code className="feed-link">{actionData.link}</code>
          </p>
        </div>
      ) : null}
      {actionData?.revoked ? (
        <p className="notice" role="status">
          The link was revoked. Calendar apps using it will stop updating.
        </p>
      ) : null}
      <p>{loaderData.since ? `A link is active since ${loaderData.since}.` : "You have no active link."}</p>
      <div className="actions">
        <Form method="post">
          <button type="submit" name="intent" value="issue">
            {loaderData.since ? "Replace the link" : "Create a link"}
          </button>
        </Form>
        {loaderData.since ? (
          <Form method="post">
            <button type="submit" name="intent" value="revoke" className="secondary">
              Revoke the link
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
