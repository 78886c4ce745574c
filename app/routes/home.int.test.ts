import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, series } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createStaff, respond, routeArgs } from "#test/fixtures";
import { recordMeasure } from "#app/measures/measures.server";
import { loader } from "./home";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;

type Home = { alerts: { id: string; patient: string; alert: string }[] };

async function homeFor(userId: string): Promise<Home> {
  const cookie = await cookieFor(testDb.db, userId);
  const page = await respond(() => loader(routeArgs("/", { cookie })));
  expect(page.status).toBe(200);
  return page.body as Home;
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  const [created] = await testDb.db
    .insert(series)
    .values({
      clinicId: world.clinic.id,
      patientId: world.patient.id,
      rules: {},
      prescriberId: world.users.prescriber.id,
      therapistId: world.users.therapist.id,
      plannedStart: "2026-11-20",
      plannedEnd: "2026-12-10",
    })
    .returning({ id: series.id });
  const now = new Date();
  const recorded = await recordMeasure(
    testDb.db,
    { id: world.users.therapist.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: world.clinic.id,
      patientId: world.patient.id,
      seriesId: created!.id,
      appointmentId: null,
      instrument: "phq9",
      context: "baseline",
      answers: [1, 1, 2, 1, 0, 1, 1, 0, 2],
      completedAt: new Date(now.getTime() - 3_600_000),
      now,
    },
  );
  expect(recorded.ok).toBe(true);
});

describe("the home page", () => {
  it("shows the care team a PHQ-9 item 9 alert, and records that they saw it", async () => {
    for (const member of [world.users.therapist, world.users.prescriber, world.users.nurse]) {
      const home = await homeFor(member.id);
      expect(home.alerts).toHaveLength(1);
      expect(home.alerts[0]?.patient).toContain(world.patient.lastName);
      const seen = await testDb.db
        .select()
        .from(auditEntry)
        .where(and(eq(auditEntry.actorUserId, member.id), eq(auditEntry.action, "read:alerts")));
      expect(seen).toHaveLength(1);
      // Tied to the patient, so the audit log filtered by MRN shows who saw the alert.
      expect(seen[0]).toMatchObject({ patientId: world.patient.id, entityId: home.alerts[0]?.id });
    }
  });

  it("shows no clinical alert to front desk, admin or a clinician outside the care team", async () => {
    const outsider = await createStaff(testDb.db, world.clinic.id, ["therapist"]);
    for (const userId of [world.users.frontdesk.id, world.users.admin.id, outsider.id]) {
      expect((await homeFor(userId)).alerts).toEqual([]);
    }
  });
});
