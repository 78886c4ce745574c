import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { room, staffUser, workingHours } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, respond, routeArgs } from "#test/fixtures";
import * as clinicRoute from "#app/routes/admin/clinic";
import * as newRoute from "#app/routes/admin/staff-new";
import * as scheduleRoute from "#app/routes/admin/staff-schedule";

// Identical requests fired at once: exactly one wins, the others get the form error, never a 500,
// and nothing partial remains.
const t = setupTestDatabase();
const RACERS = 5;

let team: Awaited<ReturnType<typeof createClinicWithTeam>>;
let adminCookie: string;

beforeAll(async () => {
  team = await createClinicWithTeam(t.db);
  adminCookie = await cookieFor(t.db, team.users.admin.id);
});

function statuses(results: { status: number }[]): number[] {
  return results.map((result) => result.status).sort();
}

describe("racing admins", () => {
  it("create one account for one email address", async () => {
    const form = {
      name: "Ren Okonkwo",
      email: "ren.okonkwo@harbor.example",
      roles: ["nurse"],
      credentials: "RN",
      password: "tidal-meadow-compass-9",
    };
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, index) =>
        respond(() =>
          newRoute.action(
            routeArgs("/admin/staff/new", {
              cookie: adminCookie,
              form: { ...form, email: index % 2 === 0 ? form.email : form.email.toUpperCase() },
            }),
          ),
        ),
      ),
    );
    expect(statuses(results)).toEqual([302, 400, 400, 400, 400]);
    const rows = await t.db
      .select()
      .from(staffUser)
      .where(eq(sql`lower(${staffUser.email})`, "ren.okonkwo@harbor.example"));
    expect(rows).toHaveLength(1);
  });

  it("add one room for one name", async () => {
    const results = await Promise.all(
      Array.from({ length: RACERS }, () =>
        respond(() =>
          clinicRoute.action(
            routeArgs("/admin/clinic", { cookie: adminCookie, form: { intent: "add-room", name: "Birch Room" } }),
          ),
        ),
      ),
    );
    expect(statuses(results)).toEqual([302, 400, 400, 400, 400]);
    expect(await t.db.select().from(room).where(eq(room.name, "Birch Room"))).toHaveLength(1);
  });

  it("add one of several overlapping working-hour intervals", async () => {
    const userId = team.users.therapist.id;
    const results = await Promise.all(
      ["08:00", "09:00", "10:00", "11:00", "12:00"].map((startsAt) =>
        respond(() =>
          scheduleRoute.action(
            routeArgs(`/admin/staff/${userId}/schedule`, {
              cookie: adminCookie,
              params: { userId },
              form: { intent: "add-hours", weekday: "4", startsAt, endsAt: "16:00" },
            }),
          ),
        ),
      ),
    );
    expect(statuses(results)).toEqual([302, 400, 400, 400, 400]);
    expect(await t.db.select().from(workingHours).where(eq(workingHours.userId, userId))).toHaveLength(1);
  });
});
