import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { careTeamMember } from "#db/schema";
import type { CareTeamRole } from "#db/schema/patients";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createPatient, createStaff, respond, routeArgs } from "#test/fixtures";
import { auditEntries } from "#app/patients/route-testing";
import { action, loader } from "./care-team";

const test = setupTestDatabase();

type ActionBody = { intent: string; result: { error?: Record<string, string[] | null> } | null };

let home: Awaited<ReturnType<typeof createClinicWithTeam>>;
let other: Awaited<ReturnType<typeof createClinicWithTeam>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  home = await createClinicWithTeam(test.db);
  other = await createClinicWithTeam(test.db);
  for (const role of ["frontdesk", "therapist", "nurse"] as const) {
    cookies[role] = await cookieFor(test.db, home.users[role].id);
  }
});

async function teamPatient() {
  return createPatient(test.db, home.clinic.id, [
    { userId: home.users.prescriber.id, role: "prescriber" },
    { userId: home.users.therapist.id, role: "therapist" },
    { userId: home.users.nurse.id, role: "nurse" },
  ]);
}

function change(who: string, patientId: string, form: Record<string, string>) {
  return respond(() =>
    action(routeArgs(`/patients/${patientId}/care-team`, { cookie: cookies[who], params: { patientId }, form })),
  );
}

async function members(patientId: string): Promise<string[]> {
  const rows = await test.db.select().from(careTeamMember).where(eq(careTeamMember.patientId, patientId));
  return rows.map((row) => `${row.role}:${row.userId}`).sort();
}

async function isMember(patientId: string, userId: string, role: CareTeamRole): Promise<boolean> {
  const rows = await test.db
    .select()
    .from(careTeamMember)
    .where(
      and(eq(careTeamMember.patientId, patientId), eq(careTeamMember.userId, userId), eq(careTeamMember.role, role)),
    );
  return rows.length === 1;
}

describe("the care team page", () => {
  it("lists the members and marks the only prescriber and therapist as not removable", async () => {
    const row = await teamPatient();
    const response = await respond(() =>
      loader(routeArgs(`/patients/${row.id}/care-team`, { cookie: cookies.frontdesk, params: { patientId: row.id } })),
    );
    expect(response.status).toBe(200);
    const body = response.body as { members: { role: string; irreplaceable: boolean }[]; people: { value: string }[] };
    expect(body.members.map((member) => [member.role, member.irreplaceable])).toEqual([
      ["prescriber", true],
      ["therapist", true],
      ["nurse", false],
    ]);
    expect(body.people.map((person) => person.value)).not.toContain(home.users.frontdesk.id);
    expect(body.people.map((person) => person.value)).not.toContain(other.users.prescriber.id);
  });

  it("is refused to a nurse, who may not change care teams", async () => {
    const row = await teamPatient();
    const response = await respond(() =>
      loader(routeArgs(`/patients/${row.id}/care-team`, { cookie: cookies.nurse, params: { patientId: row.id } })),
    );
    expect(response.status).toBe(403);
  });
});

describe("adding a member", () => {
  it("adds a person in a role they hold, audited", async () => {
    const row = await teamPatient();
    const second = await createStaff(test.db, home.clinic.id, ["prescriber", "therapist"]);
    const response = await change("therapist", row.id, { intent: "add", userId: second.id, role: "prescriber" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/patients/${row.id}/care-team?changed=added`);
    expect(await isMember(row.id, second.id, "prescriber")).toBe(true);
    const entries = await auditEntries(test.db, { action: "update:care-team", patientId: row.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: "success",
      actorUserId: home.users.therapist.id,
      detail: { change: "add", userId: second.id, role: "prescriber" },
    });
  });

  it("refuses a role the person does not hold, inactive staff, staff of another clinic and repeats", async () => {
    const row = await teamPatient();
    const inactive = await createStaff(test.db, home.clinic.id, ["nurse"], { active: false });
    const before = await members(row.id);
    const cases: Record<string, string>[] = [
      { userId: home.users.therapist.id, role: "prescriber" },
      { userId: home.users.frontdesk.id, role: "nurse" },
      { userId: inactive.id, role: "nurse" },
      { userId: other.users.nurse.id, role: "nurse" },
      { userId: home.users.nurse.id, role: "nurse" },
    ];
    for (const form of cases) {
      const response = await change("frontdesk", row.id, { intent: "add", ...form });
      expect(response.status).toBe(400);
      expect((response.body as ActionBody).result?.error?.userId?.length).toBe(1);
    }
    expect(await members(row.id)).toEqual(before);
    expect(await auditEntries(test.db, { action: "update:care-team", patientId: row.id })).toHaveLength(0);
  });

  it("answers 400 for a form that is not filled in", async () => {
    const row = await teamPatient();
    const response = await change("frontdesk", row.id, { intent: "add", userId: "", role: "admin" });
    expect(response.status).toBe(400);
    const error = (response.body as ActionBody).result?.error ?? {};
    expect(Object.keys(error).sort()).toEqual(["role", "userId"]);
    expect((await change("frontdesk", row.id, { intent: "something-else" })).status).toBe(400);
  });
});

describe("removing a member", () => {
  it("removes a member whose role others still fill, audited", async () => {
    const row = await teamPatient();
    const second = await createStaff(test.db, home.clinic.id, ["prescriber"]);
    await test.db
      .insert(careTeamMember)
      .values({ clinicId: home.clinic.id, patientId: row.id, userId: second.id, role: "prescriber" });
    const response = await change("frontdesk", row.id, {
      intent: "remove",
      userId: home.users.prescriber.id,
      role: "prescriber",
    });
    expect(response.status).toBe(302);
    expect(await isMember(row.id, home.users.prescriber.id, "prescriber")).toBe(false);
    expect(await isMember(row.id, second.id, "prescriber")).toBe(true);
    const entries = await auditEntries(test.db, { action: "update:care-team", patientId: row.id });
    expect(entries.map((entry) => entry.detail)).toEqual([
      { change: "remove", userId: home.users.prescriber.id, role: "prescriber" },
    ]);
  });

  it("removes the nurse, whom a team may do without", async () => {
    const row = await teamPatient();
    const response = await change("frontdesk", row.id, {
      intent: "remove",
      userId: home.users.nurse.id,
      role: "nurse",
    });
    expect(response.status).toBe(302);
    expect(await isMember(row.id, home.users.nurse.id, "nurse")).toBe(false);
  });

  it("refuses to remove the last prescriber or the last therapist, with a reason, writing nothing", async () => {
    const row = await teamPatient();
    const before = await members(row.id);
    for (const [userId, role, word] of [
      [home.users.prescriber.id, "prescriber", "prescriber"],
      [home.users.therapist.id, "therapist", "therapist"],
    ] as const) {
      const response = await change("frontdesk", row.id, { intent: "remove", userId, role });
      expect(response.status).toBe(409);
      const formErrors = (response.body as ActionBody).result?.error?.[""] ?? [];
      expect(formErrors[0]).toContain(`only ${word}`);
    }
    expect(await members(row.id)).toEqual(before);
    expect(await auditEntries(test.db, { action: "update:care-team", patientId: row.id })).toHaveLength(0);
  });

  it("does not count a deactivated prescriber as the one who remains", async () => {
    const retired = await createStaff(test.db, home.clinic.id, ["prescriber"], { active: false });
    const row = await teamPatient();
    await test.db
      .insert(careTeamMember)
      .values({ clinicId: home.clinic.id, patientId: row.id, userId: retired.id, role: "prescriber" });
    const response = await change("frontdesk", row.id, {
      intent: "remove",
      userId: home.users.prescriber.id,
      role: "prescriber",
    });
    expect(response.status).toBe(409);
    expect(await isMember(row.id, home.users.prescriber.id, "prescriber")).toBe(true);
    const removeRetired = await change("frontdesk", row.id, {
      intent: "remove",
      userId: retired.id,
      role: "prescriber",
    });
    expect(removeRetired.status).toBe(302);
  });

  it("keeps one prescriber when every prescriber is removed at the same moment", async () => {
    const row = await teamPatient();
    const prescriberIds = [home.users.prescriber.id];
    for (let n = 0; n < 4; n += 1) {
      const colleague = await createStaff(test.db, home.clinic.id, ["prescriber"]);
      await test.db
        .insert(careTeamMember)
        .values({ clinicId: home.clinic.id, patientId: row.id, userId: colleague.id, role: "prescriber" });
      prescriberIds.push(colleague.id);
    }
    const results = await Promise.all(
      prescriberIds.map((userId) => change("frontdesk", row.id, { intent: "remove", userId, role: "prescriber" })),
    );
    expect(results.map((result) => result.status).sort()).toEqual([302, 302, 302, 302, 409]);
    const prescribers = (await members(row.id)).filter((member) => member.startsWith("prescriber:"));
    expect(prescribers).toHaveLength(1);
  });

  it("answers 409 for a member who is no longer there", async () => {
    const row = await teamPatient();
    const response = await change("frontdesk", row.id, {
      intent: "remove",
      userId: other.users.nurse.id,
      role: "nurse",
    });
    expect(response.status).toBe(409);
  });

  it("sends a clinician who took themselves off the team back to the patient list", async () => {
    const row = await teamPatient();
    const colleague = await createStaff(test.db, home.clinic.id, ["therapist"]);
    await test.db
      .insert(careTeamMember)
      .values({ clinicId: home.clinic.id, patientId: row.id, userId: colleague.id, role: "therapist" });
    const response = await change("therapist", row.id, {
      intent: "remove",
      userId: home.users.therapist.id,
      role: "therapist",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/patients");
    const afterwards = await change("therapist", row.id, { intent: "remove", userId: colleague.id, role: "therapist" });
    expect(afterwards.status).toBe(403);
  });

  it("answers 404 for another clinic's patient and changes nothing", async () => {
    const before = await members(other.patient.id);
    const response = await change("frontdesk", other.patient.id, {
      intent: "remove",
      userId: other.users.nurse.id,
      role: "nurse",
    });
    expect(response.status).toBe(404);
    expect(await members(other.patient.id)).toEqual(before);
  });
});
