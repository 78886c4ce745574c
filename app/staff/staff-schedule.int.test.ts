import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, timeOff, workingHours } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, respond, routeArgs } from "#test/fixtures";
import type { IntentReply } from "#app/clinic/form-reply";
import { action, loader } from "#app/routes/admin/staff-schedule";

const t = setupTestDatabase();

type Team = Awaited<ReturnType<typeof createClinicWithTeam>>;
let team: Team;
let other: Team;
let adminCookie: string;

beforeAll(async () => {
  // The fixtures' clinic is in America/Los_Angeles.
  team = await createClinicWithTeam(t.db);
  other = await createClinicWithTeam(t.db);
  adminCookie = await cookieFor(t.db, team.users.admin.id);
});

function post(userId: string, form: Record<string, string>, cookie = adminCookie) {
  return respond(() => action(routeArgs(`/admin/staff/${userId}/schedule`, { cookie, form, params: { userId } })));
}

function load(userId: string, cookie = adminCookie) {
  return respond(() => loader(routeArgs(`/admin/staff/${userId}/schedule`, { cookie, params: { userId } })));
}

function fieldErrors(body: unknown): Record<string, string[] | null | undefined> {
  return ((body as IntentReply).result.error ?? {}) as Record<string, string[] | null | undefined>;
}

async function hoursOf(userId: string) {
  const rows = await t.db
    .select()
    .from(workingHours)
    .where(eq(workingHours.userId, userId))
    .orderBy(workingHours.weekday, workingHours.startsAt);
  return rows.map((row) => [row.weekday, row.startsAt.slice(0, 5), row.endsAt.slice(0, 5)]);
}

async function auditCount(action: string, entityId?: string) {
  const rows = await t.db
    .select()
    .from(auditEntry)
    .where(
      and(
        eq(auditEntry.clinicId, team.clinic.id),
        eq(auditEntry.action, action),
        entityId ? eq(auditEntry.entityId, entityId) : undefined,
      ),
    );
  return rows.length;
}

describe("access", () => {
  it("answers 403 to non-admins", async () => {
    const cookie = await cookieFor(t.db, team.users.frontdesk.id);
    expect((await load(team.users.therapist.id, cookie)).status).toBe(403);
    expect(
      (
        await post(
          team.users.therapist.id,
          { intent: "add-hours", weekday: "1", startsAt: "09:00", endsAt: "12:00" },
          cookie,
        )
      ).status,
    ).toBe(403);
    expect(await hoursOf(team.users.therapist.id)).toEqual([]);
  });

  it("answers 404 for another clinic's user, audited, and writes nothing", async () => {
    const foreign = other.users.nurse.id;
    expect((await load(foreign)).status).toBe(404);
    expect(
      (await post(foreign, { intent: "add-hours", weekday: "1", startsAt: "09:00", endsAt: "12:00" })).status,
    ).toBe(404);
    expect(
      (await post(foreign, { intent: "add-time-off", startsAt: "2026-07-01T09:00", endsAt: "2026-07-02T09:00" }))
        .status,
    ).toBe(404);
    expect(await hoursOf(foreign)).toEqual([]);
    expect(await t.db.select().from(timeOff).where(eq(timeOff.userId, foreign))).toHaveLength(0);
    const probes = await t.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.entityId, foreign), eq(auditEntry.outcome, "not_found")));
    expect(probes).toHaveLength(3);
  });
});

describe("working hours", () => {
  it("adds several intervals a day; touching ones are fine", async () => {
    const userId = team.users.therapist.id;
    for (const [startsAt, endsAt] of [
      ["08:00", "12:00"],
      ["13:00", "17:30"],
      ["12:00", "13:00"],
    ] as const) {
      const response = await post(userId, { intent: "add-hours", weekday: "1", startsAt, endsAt });
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/admin/staff/${userId}/schedule?saved=add-hours`);
    }
    expect((await post(userId, { intent: "add-hours", weekday: "2", startsAt: "09:00", endsAt: "17:00" })).status).toBe(
      302,
    );
    expect(await hoursOf(userId)).toEqual([
      [1, "08:00", "12:00"],
      [1, "12:00", "13:00"],
      [1, "13:00", "17:30"],
      [2, "09:00", "17:00"],
    ]);
    expect(await auditCount("create:working-hours")).toBe(4);
  });

  it("refuses an overlapping interval on the same weekday with a field error", async () => {
    const userId = team.users.therapist.id;
    const response = await post(userId, { intent: "add-hours", weekday: "1", startsAt: "11:00", endsAt: "14:00" });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.body).startsAt).toEqual([
      "This overlaps the hours already set on Monday (08:00–12:00).",
    ]);
    expect(await hoursOf(userId)).toHaveLength(4);
    expect(await auditCount("create:working-hours")).toBe(4);
  });

  it("refuses an end before the start", async () => {
    const response = await post(team.users.therapist.id, {
      intent: "add-hours",
      weekday: "3",
      startsAt: "17:00",
      endsAt: "09:00",
    });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.body).endsAt).toEqual(["The end must be after the start."]);
    expect(await hoursOf(team.users.therapist.id)).toHaveLength(4);
  });

  it("does not compare with another person's hours", async () => {
    expect(
      (await post(team.users.nurse.id, { intent: "add-hours", weekday: "1", startsAt: "08:00", endsAt: "12:00" }))
        .status,
    ).toBe(302);
  });

  it("shows the hours by weekday", async () => {
    const response = await load(team.users.therapist.id);
    expect(response.status).toBe(200);
    const body = response.body as Awaited<ReturnType<typeof loader>>;
    expect(body.timeZone).toBe("America/Los_Angeles");
    expect(body.hours.map((interval) => `${interval.weekday} ${interval.startsAt}-${interval.endsAt}`)).toEqual([
      "1 08:00-12:00",
      "1 12:00-13:00",
      "1 13:00-17:30",
      "2 09:00-17:00",
    ]);
  });

  it("removes an interval, audited, but only one of this person's", async () => {
    const userId = team.users.therapist.id;
    const [lunch] = await t.db
      .select()
      .from(workingHours)
      .where(and(eq(workingHours.userId, userId), eq(workingHours.startsAt, "12:00")));
    const [nurseInterval] = await t.db.select().from(workingHours).where(eq(workingHours.userId, team.users.nurse.id));
    expect((await post(userId, { intent: "remove-hours", intervalId: nurseInterval!.id })).status).toBe(404);
    expect(await hoursOf(team.users.nurse.id)).toHaveLength(1);
    expect((await post(userId, { intent: "remove-hours", intervalId: lunch!.id })).status).toBe(302);
    expect(await hoursOf(userId)).toHaveLength(3);
    expect(await auditCount("delete:working-hours", lunch!.id)).toBe(1);
  });
});

describe("time off", () => {
  it("stores local clinic times as UTC and shows them back in the clinic's zone", async () => {
    const userId = team.users.prescriber.id;
    const response = await post(userId, {
      intent: "add-time-off",
      startsAt: "2026-07-01T09:00",
      endsAt: "2026-07-03T17:30",
      reason: "Conference",
    });
    expect(response.status).toBe(302);
    const [row] = await t.db.select().from(timeOff).where(eq(timeOff.userId, userId));
    expect(row!.startsAt.toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(row!.endsAt.toISOString()).toBe("2026-07-04T00:30:00.000Z");
    expect(row).toMatchObject({ reason: "Conference", cancelled: false, clinicId: team.clinic.id });
    expect(await auditCount("create:time-off", row!.id)).toBe(1);

    const body = (await load(userId)).body as Awaited<ReturnType<typeof loader>>;
    expect(body.timeOff).toEqual([
      {
        id: row!.id,
        startsAt: "Wed 1 Jul 2026, 09:00",
        endsAt: "Fri 3 Jul 2026, 17:30",
        reason: "Conference",
        cancelled: false,
      },
    ]);
  });

  it("uses the winter offset in winter", async () => {
    const userId = team.users.nurse.id;
    expect(
      (await post(userId, { intent: "add-time-off", startsAt: "2026-12-24T00:00", endsAt: "2026-12-27T00:00" })).status,
    ).toBe(302);
    const [row] = await t.db.select().from(timeOff).where(eq(timeOff.userId, userId));
    expect(row!.startsAt.toISOString()).toBe("2026-12-24T08:00:00.000Z");
  });

  it("refuses an end before the start, or a time the clocks skip, writing nothing", async () => {
    const userId = team.users.frontdesk.id;
    const backwards = await post(userId, {
      intent: "add-time-off",
      startsAt: "2026-07-03T09:00",
      endsAt: "2026-07-01T09:00",
    });
    expect(backwards.status).toBe(400);
    expect(fieldErrors(backwards.body).endsAt).toEqual(["The end must be after the start."]);
    const skipped = await post(userId, {
      intent: "add-time-off",
      startsAt: "2026-03-08T02:30",
      endsAt: "2026-03-08T12:00",
    });
    expect(skipped.status).toBe(400);
    expect(fieldErrors(skipped.body).startsAt?.[0]).toMatch(/does not exist in the clinic's time zone/u);
    const missing = await post(userId, { intent: "add-time-off", startsAt: "", endsAt: "" });
    expect(missing.status).toBe(400);
    expect(await t.db.select().from(timeOff).where(eq(timeOff.userId, userId))).toHaveLength(0);
  });

  it("cancels an entry without deleting it, audited once", async () => {
    const userId = team.users.prescriber.id;
    const [row] = await t.db.select().from(timeOff).where(eq(timeOff.userId, userId));
    expect((await post(userId, { intent: "cancel-time-off", timeOffId: row!.id })).status).toBe(302);
    expect((await post(userId, { intent: "cancel-time-off", timeOffId: row!.id })).status).toBe(302);
    const [after] = await t.db.select().from(timeOff).where(eq(timeOff.id, row!.id));
    expect(after!.cancelled).toBe(true);
    expect(await auditCount("cancel:time-off", row!.id)).toBe(1);
  });

  it("answers 404 to cancelling someone else's entry, and leaves it", async () => {
    const [nurseEntry] = await t.db.select().from(timeOff).where(eq(timeOff.userId, team.users.nurse.id));
    expect(
      (await post(team.users.prescriber.id, { intent: "cancel-time-off", timeOffId: nurseEntry!.id })).status,
    ).toBe(404);
    expect((await t.db.select().from(timeOff).where(eq(timeOff.id, nurseEntry!.id)))[0]!.cancelled).toBe(false);
  });
});
