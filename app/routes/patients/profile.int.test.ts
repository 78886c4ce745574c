import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createStaff, respond, routeArgs } from "#test/fixtures";
import { auditEntries } from "#app/patients/route-testing";
import { loader } from "./profile";

const test = setupTestDatabase();

type ProfileBody = {
  patient: Record<string, unknown> & { id: string; mrn: string };
  careTeam: { userId: string; role: string; name: string; credentials: string }[];
  canEdit: boolean;
  canChangeCareTeam: boolean;
};

let home: Awaited<ReturnType<typeof createClinicWithTeam>>;
let other: Awaited<ReturnType<typeof createClinicWithTeam>>;
const cookies: Record<string, string> = {};
let outsider: { id: string };

beforeAll(async () => {
  home = await createClinicWithTeam(test.db);
  other = await createClinicWithTeam(test.db);
  outsider = await createStaff(test.db, home.clinic.id, ["prescriber"]);
  for (const role of ["frontdesk", "therapist", "nurse", "admin"] as const) {
    cookies[role] = await cookieFor(test.db, home.users[role].id);
  }
  cookies.outsider = await cookieFor(test.db, outsider.id);
});

function open(who: string, patientId: string) {
  return respond(() => loader(routeArgs(`/patients/${patientId}`, { cookie: cookies[who], params: { patientId } })));
}

describe("the patient profile", () => {
  it("shows the front desk the patient, the care team and both links", async () => {
    const response = await open("frontdesk", home.patient.id);
    expect(response.status).toBe(200);
    const body = response.body as ProfileBody;
    expect(body.patient).toMatchObject({ id: home.patient.id, mrn: home.patient.mrn, dateOfBirth: "1980-05-17" });
    expect(body.careTeam.map((member) => member.role)).toEqual(["prescriber", "therapist", "nurse"]);
    expect(body.canEdit).toBe(true);
    expect(body.canChangeCareTeam).toBe(true);
    const [entry] = await auditEntries(test.db, {
      action: "read:patient",
      actorUserId: home.users.frontdesk.id,
      patientId: home.patient.id,
    });
    expect(entry).toMatchObject({
      outcome: "success",
      entityType: "patient",
      entityId: home.patient.id,
      clinicId: home.clinic.id,
    });
  });

  it("shows a clinician of the team the patient; a nurse may not change the team", async () => {
    const therapist = await open("therapist", home.patient.id);
    expect(therapist.status).toBe(200);
    expect((therapist.body as ProfileBody).canChangeCareTeam).toBe(true);
    const nurse = await open("nurse", home.patient.id);
    expect(nurse.status).toBe(200);
    expect((nurse.body as ProfileBody).canEdit).toBe(true);
    expect((nurse.body as ProfileBody).canChangeCareTeam).toBe(false);
    const entries = await auditEntries(test.db, {
      action: "read:patient",
      patientId: home.patient.id,
      outcome: "success",
    });
    const readers = entries.map((entry) => entry.actorUserId);
    expect(readers).toContain(home.users.therapist.id);
    expect(readers).toContain(home.users.nurse.id);
  });

  it("refuses a clinician who is not on the care team, audited as denied", async () => {
    const response = await open("outsider", home.patient.id);
    expect(response.status).toBe(403);
    const entries = await auditEntries(test.db, { action: "read:patient", actorUserId: outsider.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: "denied", patientId: home.patient.id, entityId: home.patient.id });
  });

  it("refuses the admin, audited as denied", async () => {
    const response = await open("admin", home.patient.id);
    expect(response.status).toBe(403);
    const entries = await auditEntries(test.db, { action: "read:patient", actorUserId: home.users.admin.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: "denied",
      entityType: "route",
      entityId: `/patients/${home.patient.id}`,
    });
  });

  it("answers 404 for another clinic's patient, audited as not found without tying it to the patient", async () => {
    const response = await open("frontdesk", other.patient.id);
    expect(response.status).toBe(404);
    const entries = await auditEntries(test.db, { action: "read:patient", entityId: other.patient.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      outcome: "not_found",
      actorUserId: home.users.frontdesk.id,
      patientId: null,
      clinicId: home.clinic.id,
    });
  });

  it("answers 404 for an unknown or malformed id, audited", async () => {
    const unknown = randomUUID();
    expect((await open("frontdesk", unknown)).status).toBe(404);
    expect((await open("frontdesk", "not-a-uuid")).status).toBe(404);
    expect(
      await auditEntries(test.db, { action: "read:patient", entityId: unknown, outcome: "not_found" }),
    ).toHaveLength(1);
    expect(
      await auditEntries(test.db, { action: "read:patient", entityId: "not-a-uuid", outcome: "not_found" }),
    ).toHaveLength(1);
  });

  it("sends the page nothing beyond what it shows", async () => {
    const response = await open("frontdesk", home.patient.id);
    const body = response.body as ProfileBody;
    expect(Object.keys(body.patient)).not.toContain("createdBy");
    expect(Object.keys(body.patient)).not.toContain("phoneDigits");
    expect(Object.keys(body.patient)).not.toContain("clinicId");
  });
});
