import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, clinic, clinicOpeningHours, room } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createRoom, respond, routeArgs } from "#test/fixtures";
import { action, loader } from "#app/routes/admin/clinic";
import type { IntentReply } from "./form-reply";

const t = setupTestDatabase();

type Team = Awaited<ReturnType<typeof createClinicWithTeam>>;
let team: Team;
let other: Team;
let adminCookie: string;

beforeAll(async () => {
  team = await createClinicWithTeam(t.db);
  other = await createClinicWithTeam(t.db);
  adminCookie = await cookieFor(t.db, team.users.admin.id);
});

function post(form: Record<string, string | string[]>, cookie = adminCookie) {
  return respond(() => action(routeArgs("/admin/clinic", { cookie, form })));
}

function fieldErrors(body: unknown): Record<string, string[] | null | undefined> {
  return ((body as IntentReply).result.error ?? {}) as Record<string, string[] | null | undefined>;
}

async function auditActions(clinicId: string, action: string) {
  return t.db
    .select()
    .from(auditEntry)
    .where(and(eq(auditEntry.clinicId, clinicId), eq(auditEntry.action, action)));
}

function week(days: Record<number, [string, string]>): Record<string, string> {
  const form: Record<string, string> = { intent: "hours" };
  for (let weekday = 0; weekday < 7; weekday += 1) {
    const hours = days[weekday];
    form[`days[${weekday}].opensAt`] = hours?.[0] ?? "";
    form[`days[${weekday}].closesAt`] = hours?.[1] ?? "";
    if (hours) {
      form[`days[${weekday}].open`] = "on";
    }
  }
  return form;
}

describe("access", () => {
  it("answers 403 to staff without manage:clinic, and audits it", async () => {
    const cookie = await cookieFor(t.db, team.users.prescriber.id);
    expect((await respond(() => loader(routeArgs("/admin/clinic", { cookie })))).status).toBe(403);
    expect((await post({ intent: "details", name: "Taken over", timeZone: "UTC" }, cookie)).status).toBe(403);
    const denied = await t.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.actorUserId, team.users.prescriber.id), eq(auditEntry.outcome, "denied")));
    expect(denied.map((entry) => entry.action)).toEqual(["manage:clinic", "manage:clinic"]);
    const [row] = await t.db.select().from(clinic).where(eq(clinic.id, team.clinic.id));
    expect(row!.name).toBe(team.clinic.name);
  });

  it("sends anyone not signed in to the sign-in page", async () => {
    const response = await respond(() => loader(routeArgs("/admin/clinic")));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fclinic");
  });
});

describe("clinic details", () => {
  it("shows the clinic with its zones, hours and rooms", async () => {
    await createRoom(t.db, team.clinic.id, "Aspen Room");
    const response = await respond(() => loader(routeArgs("/admin/clinic?saved=details", { cookie: adminCookie })));
    expect(response.status).toBe(200);
    const body = response.body as Awaited<ReturnType<typeof loader>>;
    expect(body.details).toEqual({ name: team.clinic.name, timeZone: "America/Los_Angeles" });
    expect(body.timeZones).toContain("Europe/Berlin");
    expect(body.rooms.map((r) => r.name)).toContain("Aspen Room");
    expect(body.notice).toBe("Clinic details saved.");
    const odd = await respond(() => loader(routeArgs("/admin/clinic?saved=constructor", { cookie: adminCookie })));
    expect((odd.body as Awaited<ReturnType<typeof loader>>).notice).toBeNull();
  });

  it("saves name and zone, with an audit entry", async () => {
    const response = await post({ intent: "details", name: "  Harbor KAP Clinic ", timeZone: "America/New_York" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/clinic?saved=details");
    const [row] = await t.db.select().from(clinic).where(eq(clinic.id, team.clinic.id));
    expect(row).toMatchObject({ name: "Harbor KAP Clinic", timeZone: "America/New_York" });
    const entries = await auditActions(team.clinic.id, "update:clinic");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: team.users.admin.id,
      entityId: team.clinic.id,
      outcome: "success",
      ip: "203.0.113.7",
    });
    expect(entries[0]!.detail).toMatchObject({ after: { name: "Harbor KAP Clinic", timeZone: "America/New_York" } });
  });

  it("refuses an unknown zone and an empty name, writing nothing", async () => {
    const response = await post({ intent: "details", name: "", timeZone: "Moon/Tranquility_Base" });
    expect(response.status).toBe(400);
    expect(fieldErrors(response.body).timeZone).toEqual(["Choose a time zone from the list."]);
    expect(fieldErrors(response.body).name).toEqual(["Enter the clinic's name."]);
    const [row] = await t.db.select().from(clinic).where(eq(clinic.id, team.clinic.id));
    expect(row).toMatchObject({ name: "Harbor KAP Clinic", timeZone: "America/New_York" });
    expect(await auditActions(team.clinic.id, "update:clinic")).toHaveLength(1);
  });

  it("answers 400 to an unknown intent", async () => {
    expect((await post({ intent: "delete-clinic" })).status).toBe(400);
  });
});

describe("opening hours", () => {
  it("replaces the week: closed days have no row", async () => {
    expect((await post(week({ 1: ["08:00", "18:00"], 2: ["08:00", "18:00"], 6: ["09:00", "13:00"] }))).status).toBe(
      302,
    );
    expect((await post(week({ 1: ["08:30", "17:00"], 3: ["10:00", "16:00"] }))).status).toBe(302);
    const rows = await t.db
      .select()
      .from(clinicOpeningHours)
      .where(eq(clinicOpeningHours.clinicId, team.clinic.id))
      .orderBy(clinicOpeningHours.weekday);
    expect(rows.map((row) => [row.weekday, row.opensAt.slice(0, 5), row.closesAt.slice(0, 5)])).toEqual([
      [1, "08:30", "17:00"],
      [3, "10:00", "16:00"],
    ]);
    expect(await auditActions(team.clinic.id, "update:opening-hours")).toHaveLength(2);
  });

  it("refuses a day that closes before it opens, keeping the stored week", async () => {
    const response = await post(week({ 1: ["09:00", "17:00"], 4: ["17:00", "09:00"] }));
    expect(response.status).toBe(400);
    expect(fieldErrors(response.body)["days[4].closesAt"]).toEqual([
      "On Thursday the clinic must open before it closes.",
    ]);
    const rows = await t.db.select().from(clinicOpeningHours).where(eq(clinicOpeningHours.clinicId, team.clinic.id));
    expect(rows).toHaveLength(2);
    expect(await auditActions(team.clinic.id, "update:opening-hours")).toHaveLength(2);
  });

  it("leaves other clinics' hours alone", async () => {
    await t.db
      .insert(clinicOpeningHours)
      .values({ clinicId: other.clinic.id, weekday: 5, opensAt: "07:00", closesAt: "11:00" });
    expect((await post(week({}))).status).toBe(302);
    expect(
      await t.db.select().from(clinicOpeningHours).where(eq(clinicOpeningHours.clinicId, team.clinic.id)),
    ).toHaveLength(0);
    expect(
      await t.db.select().from(clinicOpeningHours).where(eq(clinicOpeningHours.clinicId, other.clinic.id)),
    ).toHaveLength(1);
  });
});

describe("rooms", () => {
  async function roomsOf(clinicId: string) {
    return t.db.select().from(room).where(eq(room.clinicId, clinicId)).orderBy(room.name);
  }

  it("adds a room, audited", async () => {
    const response = await post({ intent: "add-room", name: " Cedar Room " });
    expect(response.status).toBe(302);
    const cedar = (await roomsOf(team.clinic.id)).find((r) => r.name === "Cedar Room");
    expect(cedar).toMatchObject({ active: true });
    const entries = await auditActions(team.clinic.id, "create:room");
    expect(entries.map((entry) => entry.entityId)).toEqual([cedar!.id]);
  });

  it("refuses a duplicate name, in any case, with a field error and nothing written", async () => {
    const before = await roomsOf(team.clinic.id);
    for (const name of ["Cedar Room", "cedar room"]) {
      const response = await post({ intent: "add-room", name });
      expect(response.status).toBe(400);
      expect(fieldErrors(response.body).name).toEqual(['There is already a room named "Cedar Room".']);
    }
    expect(await roomsOf(team.clinic.id)).toHaveLength(before.length);
    expect(await auditActions(team.clinic.id, "create:room")).toHaveLength(1);
  });

  it("allows the same name in another clinic", async () => {
    await createRoom(t.db, other.clinic.id, "Willow Room");
    expect((await post({ intent: "add-room", name: "Willow Room" })).status).toBe(302);
  });

  it("renames a room, and refuses a name another room has", async () => {
    const cedar = (await roomsOf(team.clinic.id)).find((r) => r.name === "Cedar Room")!;
    const clash = await post({ intent: "rename-room", roomId: cedar.id, name: "Willow Room" });
    expect(clash.status).toBe(400);
    expect((clash.body as IntentReply).subject).toBe(cedar.id);
    expect(fieldErrors(clash.body).name).toEqual(['There is already a room named "Willow Room".']);

    expect((await post({ intent: "rename-room", roomId: cedar.id, name: "Cedar Suite" })).status).toBe(302);
    const [renamed] = await t.db.select().from(room).where(eq(room.id, cedar.id));
    expect(renamed!.name).toBe("Cedar Suite");
    const entries = await auditActions(team.clinic.id, "update:room");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toEqual({ before: { name: "Cedar Room" }, after: { name: "Cedar Suite" } });
  });

  it("deactivates and reactivates a room, never deleting it", async () => {
    const cedar = (await roomsOf(team.clinic.id)).find((r) => r.name === "Cedar Suite")!;
    expect((await post({ intent: "deactivate-room", roomId: cedar.id })).status).toBe(302);
    expect((await t.db.select().from(room).where(eq(room.id, cedar.id)))[0]!.active).toBe(false);
    const duplicate = await post({ intent: "add-room", name: "Cedar Suite" });
    expect(fieldErrors(duplicate.body).name?.[0]).toMatch(/deactivated room.*reactivate it/u);
    expect((await post({ intent: "reactivate-room", roomId: cedar.id })).status).toBe(302);
    expect((await t.db.select().from(room).where(eq(room.id, cedar.id)))[0]!.active).toBe(true);
    expect(await auditActions(team.clinic.id, "deactivate:room")).toHaveLength(1);
    expect(await auditActions(team.clinic.id, "reactivate:room")).toHaveLength(1);
  });

  it("answers 404 for another clinic's room or a malformed id, audited, and changes nothing", async () => {
    const foreign = await createRoom(t.db, other.clinic.id, "Juniper Room");
    expect((await post({ intent: "rename-room", roomId: foreign.id, name: "Mine now" })).status).toBe(404);
    expect((await post({ intent: "deactivate-room", roomId: foreign.id })).status).toBe(404);
    expect((await t.db.select().from(room).where(eq(room.id, foreign.id)))[0]).toMatchObject({
      name: "Juniper Room",
      active: true,
    });
    const probes = await t.db
      .select()
      .from(auditEntry)
      .where(and(eq(auditEntry.entityId, foreign.id), eq(auditEntry.outcome, "not_found")));
    expect(probes).toHaveLength(2);
    expect(probes[0]).toMatchObject({ clinicId: team.clinic.id, actorUserId: team.users.admin.id, entityType: "room" });
    expect((await post({ intent: "rename-room", roomId: "not-a-uuid", name: "X" })).status).toBe(400);
  });
});
