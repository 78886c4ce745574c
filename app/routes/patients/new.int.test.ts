import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEntry, careTeamMember, patient } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createPatient, createStaff, respond, routeArgs } from "#test/fixtures";
import { auditEntries, rowCount } from "#app/patients/route-testing";
import { action, loader } from "./new";

const test = setupTestDatabase();

type Reply = { result: { status?: string; error?: Record<string, string[] | null> }; duplicateMrns: (string | null)[] };

let home: Awaited<ReturnType<typeof createClinicWithTeam>>;
let other: Awaited<ReturnType<typeof createClinicWithTeam>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  home = await createClinicWithTeam(test.db);
  other = await createClinicWithTeam(test.db);
  cookies.frontdesk = await cookieFor(test.db, home.users.frontdesk.id);
  cookies.therapist = await cookieFor(test.db, home.users.therapist.id);
  cookies.admin = await cookieFor(test.db, home.users.admin.id);
});

// Invented people only.
function registration(values: Record<string, string> = {}): Record<string, string> {
  return {
    firstName: "Invented",
    lastName: `Person${Math.random().toString(36).slice(2, 8)}`,
    dateOfBirth: "05/17/1980",
    sexAtBirth: "female",
    pronouns: "she/her",
    phone: "(415) 555-0199",
    email: "invented.person@example.com",
    addressLine: "1 Example Street",
    city: "Exampleville",
    region: "CA",
    postalCode: "94000",
    emergencyContactName: "Invented Sibling",
    emergencyContactRelationship: "Sister",
    emergencyContactPhone: "415-555-0111",
    escortName: "Invented Driver",
    escortRelationship: "Partner",
    escortPhone: "415-555-0122",
    weightKg: "68.4",
    prescriberId: home.users.prescriber.id,
    therapistId: home.users.therapist.id,
    nurseId: home.users.nurse.id,
    ...values,
  };
}

async function submit(form: Record<string, string>, cookie = cookies.frontdesk) {
  return respond(() => action(routeArgs("/patients/new", { cookie, form })));
}

async function counts(): Promise<{ patients: number; members: number; audits: number }> {
  return {
    patients: await rowCount(test.db, patient),
    members: await rowCount(test.db, careTeamMember),
    audits: (await auditEntries(test.db, { action: "create:patient", outcome: "success" })).length,
  };
}

describe("the registration page", () => {
  it("offers active staff of the clinic by role", async () => {
    const inactive = await createStaff(test.db, home.clinic.id, ["prescriber"], { active: false });
    const response = await respond(() => loader(routeArgs("/patients/new", { cookie: cookies.frontdesk })));
    expect(response.status).toBe(200);
    const body = response.body as {
      prescribers: { value: string }[];
      therapists: { value: string }[];
      nurses: { value: string }[];
      today: string;
    };
    const prescriberIds = body.prescribers.map((option) => option.value);
    expect(prescriberIds).toContain(home.users.prescriber.id);
    expect(prescriberIds).not.toContain(inactive.id);
    expect(prescriberIds).not.toContain(other.users.prescriber.id);
    expect(prescriberIds).not.toContain(home.users.therapist.id);
    expect(body.therapists.map((option) => option.value)).toEqual([home.users.therapist.id]);
    expect(body.nurses.map((option) => option.value)).toEqual([home.users.nurse.id]);
    expect(body.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("is refused to the admin", async () => {
    const response = await respond(() => loader(routeArgs("/patients/new", { cookie: cookies.admin })));
    expect(response.status).toBe(403);
  });
});

describe("registering a patient", () => {
  it("creates the patient, the care team and the audit entry, then opens the profile", async () => {
    const form = registration({ firstName: "Zoë", lastName: "Nguyễn-Registered" });
    const response = await submit(form);
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/patients\/[0-9a-f-]{36}\?registered=1$/);
    const patientId = location.split("/")[2]!.split("?")[0]!;
    const [row] = await test.db.select().from(patient).where(eq(patient.id, patientId));
    expect(row).toMatchObject({
      clinicId: home.clinic.id,
      firstName: "Zoë",
      lastName: "Nguyễn-Registered",
      dateOfBirth: "1980-05-17",
      phone: "(415) 555-0199",
      phoneDigits: "4155550199",
      weightKg: "68.4",
      sexAtBirth: "female",
      createdBy: home.users.frontdesk.id,
    });
    expect(row?.mrn).toMatch(/^K\d{6,}$/);
    const team = await test.db.select().from(careTeamMember).where(eq(careTeamMember.patientId, patientId));
    expect(team.map((member) => `${member.role}:${member.userId}`).sort()).toEqual(
      [
        `nurse:${home.users.nurse.id}`,
        `prescriber:${home.users.prescriber.id}`,
        `therapist:${home.users.therapist.id}`,
      ].sort(),
    );
    expect(team.every((member) => member.clinicId === home.clinic.id)).toBe(true);
    const [entry] = await auditEntries(test.db, { action: "create:patient", patientId });
    expect(entry).toMatchObject({
      actorUserId: home.users.frontdesk.id,
      clinicId: home.clinic.id,
      entityId: patientId,
      outcome: "success",
      ip: "203.0.113.7",
    });
    expect(JSON.stringify(entry?.detail)).not.toMatch(/Zo|Nguy|555/);
  });

  it("lets a clinician register too, without a nurse", async () => {
    const response = await submit(registration({ nurseId: "" }), cookies.therapist);
    expect(response.status).toBe(302);
  });

  it("answers 400 with field errors and writes nothing for bad input", async () => {
    const before = await counts();
    const response = await submit(
      registration({ firstName: "", dateOfBirth: "2999-01-01", phone: "12", weightKg: "5", email: "nope" }),
    );
    expect(response.status).toBe(400);
    const body = response.body as Reply;
    expect(Object.keys(body.result.error ?? {}).sort()).toEqual([
      "dateOfBirth",
      "email",
      "firstName",
      "phone",
      "weightKg",
    ]);
    expect(await counts()).toEqual(before);
  });

  it("requires a prescriber and a therapist", async () => {
    const before = await counts();
    const response = await submit(registration({ prescriberId: "", therapistId: "" }));
    expect(response.status).toBe(400);
    const body = response.body as Reply;
    expect(body.result.error?.prescriberId).toEqual(["Choose a prescriber."]);
    expect(body.result.error?.therapistId).toEqual(["Choose a therapist."]);
    expect(await counts()).toEqual(before);
  });

  it("refuses staff of another clinic, staff without the role, and inactive staff", async () => {
    const inactiveTherapist = await createStaff(test.db, home.clinic.id, ["therapist"], { active: false });
    const before = await counts();
    const cases: [Record<string, string>, string][] = [
      [{ prescriberId: other.users.prescriber.id }, "prescriberId"],
      [{ prescriberId: home.users.therapist.id }, "prescriberId"],
      [{ therapistId: inactiveTherapist.id }, "therapistId"],
      [{ nurseId: home.users.frontdesk.id }, "nurseId"],
      [{ prescriberId: "00000000-0000-4000-8000-000000000000" }, "prescriberId"],
    ];
    for (const [change, field] of cases) {
      const response = await submit(registration(change));
      expect(response.status).toBe(400);
      const body = response.body as Reply;
      expect(Object.keys(body.result.error ?? {})).toEqual([field]);
      expect(body.result.error?.[field]?.[0]).toMatch(/^Choose an active .* of this clinic\.$/);
    }
    expect(await counts()).toEqual(before);
  });

  it("warns of a possible duplicate, and creates the patient only once confirmed", async () => {
    const existing = await createPatient(test.db, home.clinic.id, [], {
      firstName: "Łukasz",
      lastName: "Żółć",
      dateOfBirth: "1990-12-31",
    });
    await createPatient(test.db, other.clinic.id, [], {
      firstName: "Ann",
      lastName: "Elsewhere",
      dateOfBirth: "1970-01-01",
    });
    const before = await counts();
    const form = registration({ firstName: "łukasz", lastName: "ŻÓŁĆ", dateOfBirth: "1990-12-31" });
    const warned = await submit(form);
    expect(warned.status).toBe(400);
    const body = warned.body as Reply;
    expect(body.duplicateMrns).toEqual([existing.mrn]);
    expect(body.result.error?.confirmDuplicate?.[0]).toContain(existing.mrn);
    expect(await counts()).toEqual(before);

    const confirmed = await submit({ ...form, confirmDuplicate: "on" });
    expect(confirmed.status).toBe(302);
    expect(await rowCount(test.db, patient)).toBe(before.patients + 1);
    const created = await auditEntries(test.db, { action: "create:patient" });
    expect(created[created.length - 1]?.detail).toMatchObject({ confirmedNotDuplicate: true });

    // A namesake in another clinic is no duplicate here.
    expect(
      (await submit(registration({ firstName: "Ann", lastName: "Elsewhere", dateOfBirth: "1970-01-01" }))).status,
    ).toBe(302);
  });

  it("names no MRN to a clinician outside the namesake's care team, and audits the warning", async () => {
    const existing = await createPatient(test.db, home.clinic.id, [], {
      firstName: "Søren",
      lastName: "Ødegård",
      dateOfBirth: "1985-06-15",
    });
    const form = registration({ firstName: "Søren", lastName: "Ødegård", dateOfBirth: "1985-06-15" });
    const before = await counts();
    const warned = await submit(form, cookies.therapist);
    expect(warned.status).toBe(400);
    const body = warned.body as Reply;
    expect(body.duplicateMrns).toEqual([null]);
    const message = body.result.error?.confirmDuplicate?.[0] ?? "";
    expect(message).toBe(
      "A patient with this name and date of birth is already registered (outside your care teams: ask the front desk to check).",
    );
    expect(JSON.stringify(body)).not.toContain(existing.mrn);
    const warnings = await auditEntries(test.db, {
      action: "warn:possible-duplicate",
      actorUserId: home.users.therapist.id,
    });
    expect(warnings.at(-1)).toMatchObject({ patientId: existing.id, outcome: "success" });
    expect(await counts()).toEqual(before);
    // Front desk reads every patient of the clinic, so it is told the MRN.
    expect(((await submit(form)).body as Reply).duplicateMrns).toEqual([existing.mrn]);
  });

  it("lets only one of two identical registrations at the same moment through unconfirmed", async () => {
    const form = registration({ firstName: "Simultaneous", lastName: "Twin", dateOfBirth: "2001-02-03" });
    const before = await rowCount(test.db, patient);
    const results = await Promise.all([submit(form), submit(form), submit(form)]);
    expect(results.map((result) => result.status).sort()).toEqual([302, 400, 400]);
    expect(await rowCount(test.db, patient)).toBe(before + 1);
  });

  it("is refused to the admin, audited, and writes nothing", async () => {
    const before = await counts();
    const response = await submit(registration(), cookies.admin);
    expect(response.status).toBe(403);
    expect(await counts()).toEqual(before);
    const denied = await test.db.select().from(auditEntry).where(eq(auditEntry.actorUserId, home.users.admin.id));
    expect(denied.some((entry) => entry.action === "create:patient" && entry.outcome === "denied")).toBe(true);
  });
});
