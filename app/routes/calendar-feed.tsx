import { getDb } from "#db/client";
import { audit } from "#app/audit/audit.server";
import { requireFeedToken } from "#app/auth/guard.server";
import { feedCalendar } from "#app/scheduling/calendar-feed.server";
import type { Route } from "./+types/calendar-feed";

export async function loader(args: Route.LoaderArgs) {
  const owner = await requireFeedToken(args);
  const { ics, events } = await feedCalendar(getDb(), owner);
  await audit(
    getDb(),
    { id: owner.userId, clinicId: owner.clinicId, ip: args.context.clientIp },
    { action: "read:calendar-feed", entityType: "calendar_feed", detail: { events } },
  );
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, no-store",
      "Content-Disposition": 'inline; filename="kap-schedule.ics"',
    },
  });
}
