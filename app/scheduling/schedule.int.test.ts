import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "#test/db";
import {
  cookieFor,
  createClinicWithTeam,
  createPatient,
  createRoom,
  createStaff,
  respond,
  routeArgs,
} from "#test/fixtures";
import { loader } from "#app/routes/schedule";
import { bookAppointments } from "./booking.server";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let roomId: string;
let outsiderPatient: string;
let otherTherapist: string;

type Column = {
  date: string;
  entries: { patientName: string; top: number; time: string; staff: { name: string }[] }[];
};
type Page = { columns: Column[]; title: string };

async function page(
  role: keyof typeof world.users,
  query: string,
  cookie?: string,
): Promise<{ status: number; body: Page }> {
  const result = await respond(() => loader(routeArgs(`/schedule${query}`, { cookie: cookie ?? "" }) as never));
  return { status: result.status, body: result.body as Page };
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  roomId = (await createRoom(testDb.db, world.clinic.id, "Cedar Room")).id;
  otherTherapist = (await createStaff(testDb.db, world.clinic.id, ["therapist"], { name: "Other Therapist" })).id;
  outsiderPatient = (
    await createPatient(testDb.db, world.clinic.id, [{ userId: otherTherapist, role: "therapist" }], {
      firstName: "Outside",
      lastName: "Team",
    })
  ).id;
  const actor = { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" };
  // 10:00 local on Friday before and Monday after the spring-forward change of 2026-03-08.
  for (const start of ["2026-03-06T18:00:00Z", "2026-03-09T17:00:00Z"]) {
    await bookAppointments(testDb.db, actor, {
      clinicId: world.clinic.id,
      timeZone: "America/Los_Angeles",
      patientId: world.patient.id,
      slots: [
        {
          kind: "dosing",
          start: new Date(start),
          end: new Date(new Date(start).getTime() + 3 * 3_600_000),
          roomId,
          staff: [{ userId: world.users.therapist.id, role: "therapist" }],
        },
      ],
    });
  }
  await bookAppointments(testDb.db, actor, {
    clinicId: world.clinic.id,
    timeZone: "America/Los_Angeles",
    patientId: outsiderPatient,
    slots: [
      {
        kind: "integration",
        start: new Date("2026-03-10T17:00:00Z"),
        end: new Date("2026-03-10T18:00:00Z"),
        roomId: null,
        staff: [{ userId: otherTherapist, role: "therapist" }],
      },
    ],
  });
});

const names = (body: Page): string[] =>
  body.columns.flatMap((column) => column.entries.map((entry) => entry.patientName));

describe("the schedule", () => {
  it("shows front desk the whole clinic", async () => {
    const cookie = await cookieFor(testDb.db, world.users.frontdesk.id);
    const { status, body } = await page("frontdesk", "?view=week&date=2026-03-10&by=clinic", cookie);
    expect(status).toBe(200);
    expect(names(body)).toEqual([`${world.patient.firstName} ${world.patient.lastName}`, "Outside Team"]);
  });

  it("keeps 10:00 local at the same place on both sides of a daylight-saving change", async () => {
    const cookie = await cookieFor(testDb.db, world.users.frontdesk.id);
    const friday = (await page("frontdesk", "?view=week&date=2026-03-06&by=room", cookie)).body.columns.find(
      (column) => column.date === "2026-03-06",
    )!;
    const monday = (await page("frontdesk", "?view=week&date=2026-03-09&by=room", cookie)).body.columns.find(
      (column) => column.date === "2026-03-09",
    )!;
    expect(friday.entries[0]).toMatchObject({ top: 600, time: "10:00–13:00" });
    expect(monday.entries[0]).toMatchObject({ top: 600, time: "10:00–13:00" });
  });

  it("shows a clinician their own schedule by default and only their care teams' patients", async () => {
    const cookie = await cookieFor(testDb.db, world.users.therapist.id);
    const own = await page("therapist", "?view=week&date=2026-03-10", cookie);
    expect(own.body.title).toBe(world.users.therapist.name);
    expect(names(own.body)).toEqual([`${world.patient.firstName} ${world.patient.lastName}`]);
    const clinic = await page("therapist", "?view=week&date=2026-03-10&by=clinic", cookie);
    expect(names(clinic.body)).not.toContain("Outside Team");
  });

  it("answers 404 for a clinician or room of another clinic, 403 for admin", async () => {
    const other = await createClinicWithTeam(testDb.db);
    const cookie = await cookieFor(testDb.db, world.users.frontdesk.id);
    expect((await page("frontdesk", `?by=clinician&id=${other.users.therapist.id}`, cookie)).status).toBe(404);
    const otherRoom = await createRoom(testDb.db, other.clinic.id);
    expect((await page("frontdesk", `?by=room&id=${otherRoom.id}`, cookie)).status).toBe(404);
    expect((await page("admin", "", await cookieFor(testDb.db, world.users.admin.id))).status).toBe(403);
  });

  it("falls back to sensible defaults for an unknown view or filter", async () => {
    const cookie = await cookieFor(testDb.db, world.users.frontdesk.id);
    const { status, body } = await page("frontdesk", "?view=month&by=everyone", cookie);
    expect(status).toBe(200);
    expect(body.columns).toHaveLength(7);
  });

  it.each(["2026-02-31", "2026-13-01", "yesterday", "0001-01-01"])(
    "answers 400 with a sentence for the date %s, never 500",
    async (date) => {
      const cookie = await cookieFor(testDb.db, world.users.frontdesk.id);
      const { status, body } = await page("frontdesk", `?view=week&date=${date}`, cookie);
      expect(status).toBe(400);
      expect(body).toBe("That is not a date on the calendar. Use a date like 2026-03-14.");
    },
  );
});
