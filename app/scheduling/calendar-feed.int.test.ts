import ICAL from "ical.js";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, staffUser } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createPatient, createRoom, respond, routeArgs } from "#test/fixtures";
import { action as feedSettings } from "#app/routes/account-calendar-feed";
import { loader as feed } from "#app/routes/calendar-feed";
import { bookAppointments } from "./booking.server";
import { initials } from "./calendar-feed.server";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let therapistCookie: string;

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  therapistCookie = await cookieFor(testDb.db, world.users.therapist.id);
  const roomId = (await createRoom(testDb.db, world.clinic.id, "Aspen Room")).id;
  const zoe = await createPatient(testDb.db, world.clinic.id, [], { firstName: "Zoë", lastName: "Nguyễn" });
  const actor = { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" };
  const soon = Date.now() + 3 * 86_400_000;
  const booking = (
    patientId: string,
    offsetHours: number,
    staff: { userId: string; role: "therapist" | "monitor" }[],
  ) =>
    bookAppointments(testDb.db, actor, {
      clinicId: world.clinic.id,
      timeZone: "America/Los_Angeles",
      patientId,
      slots: [
        {
          kind: "dosing",
          start: new Date(soon + offsetHours * 3_600_000),
          end: new Date(soon + (offsetHours + 3) * 3_600_000),
          roomId,
          staff,
        },
      ],
    });
  await booking(zoe.id, 0, [{ userId: world.users.therapist.id, role: "therapist" }]);
  await booking(world.patient.id, 24, [{ userId: world.users.nurse.id, role: "monitor" }]);
});

async function issue(cookie = therapistCookie): Promise<string> {
  const result = await respond(() =>
    feedSettings(routeArgs("/account/calendar-feed", { cookie, form: { intent: "issue" } }) as never),
  );
  const link = (result.body as { link: string }).link;
  return new URL(link).pathname.split("/").at(-1)!;
}

async function fetchFeed(token: string) {
  return respond(() => feed({ ...routeArgs(`/calendar/feed/${token}`), params: { token } } as never));
}

async function fetchFeedText(token: string): Promise<string> {
  const response = await feed({ ...routeArgs(`/calendar/feed/${token}`), params: { token } } as never);
  expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
  return response.text();
}

describe("the calendar feed", () => {
  it("gives a clinician their own appointments with initials and kind only", async () => {
    const text = await fetchFeedText(await issue());
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
    expect(events.map((event) => event.summary)).toEqual(["Dosing session — Z.N."]);
    expect(events[0]?.location).toContain("Aspen Room");
    const [event] = events;
    expect(event!.endDate.toJSDate().getTime() - event!.startDate.toJSDate().getTime()).toBe(3 * 3_600_000);
    expect(text).not.toMatch(/Zoë|Nguyễn|Patient/u);
  });

  it("stops working when revoked or replaced, and answers 404 for unknown links (audited)", async () => {
    const first = await issue();
    const second = await issue();
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);
    await respond(() =>
      feedSettings(
        routeArgs("/account/calendar-feed", { cookie: therapistCookie, form: { intent: "revoke" } }) as never,
      ),
    );
    expect((await fetchFeed(second)).status).toBe(404);
    expect((await fetchFeed("not-a-token")).status).toBe(404);
    const probes = await testDb.db
      .select()
      .from(auditEntry)
      .where(sql`${auditEntry.action} = 'read:calendar-feed' and ${auditEntry.outcome} = 'not_found'`);
    expect(probes.length).toBeGreaterThanOrEqual(3);
  });

  it("stops working for a deactivated clinician", async () => {
    const nurseCookie = await cookieFor(testDb.db, world.users.nurse.id);
    const token = await issue(nurseCookie);
    expect((await fetchFeed(token)).status).toBe(200);
    await testDb.db.update(staffUser).set({ active: false }).where(eq(staffUser.id, world.users.nurse.id));
    expect((await fetchFeed(token)).status).toBe(404);
  });

  it("is not offered to front desk or admin", async () => {
    for (const role of ["frontdesk", "admin"] as const) {
      const cookie = await cookieFor(testDb.db, world.users[role].id);
      const result = await respond(() =>
        feedSettings(routeArgs("/account/calendar-feed", { cookie, form: { intent: "issue" } }) as never),
      );
      expect(result.status).toBe(403);
    }
  });
});

describe("initials", () => {
  it("takes the first letter of each name, Unicode included", () => {
    expect(initials("Zoë", "Nguyễn")).toBe("Z.N.");
    expect(initials("łukasz", "Żółć")).toBe("Ł.Ż.");
  });
});
