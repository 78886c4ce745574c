import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { patient } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, createPatient, createStaff, respond, routeArgs } from "#test/fixtures";
import { auditEntries } from "#app/patients/route-testing";
import { action, loader } from "./edit";

const test = setupTestDatabase();

let home: Awaited<ReturnType<typeof createClinicWithTeam>>;
let other: Awaited<ReturnType<typeof createClinicWithTeam>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  home = await createClinicWithTeam(test.db);
  other = await createClinicWithTeam(test.db);
  cookies.frontdesk = await cookieFor(test.db, home.users.frontdesk.id);
  cookies.nurse = await cookieFor(test.db, home.users.nurse.id);
  cookies.outsider = await cookieFor(test.db, (await createStaff(test.db, home.clinic.id, ["therapist"])).id);
});

// Invented people only.
const details = {
  firstName: "Zoë",
  lastName: "Nguyễn",
  preferredName: "Zo",
  dateOfBirth: "1975-01-02",
  phone: "(415) 555-0101",
  escortName: "Invented Driver",
  escortRelationship: "Friend",
  escortPhone: "415 555 0123",
  weightKg: "61.0",
};

async function freshPatient() {
  return createPatient(
    test.db,
    home.clinic.id,
    [
      { userId: home.users.prescriber.id, role: "prescriber" },
      { userId: home.users.therapist.id, role: "therapist" },
      { userId: home.users.nurse.id, role: "nurse" },
    ],
    { ...details, phoneDigits: "4155550101" },
  );
}

function save(who: string, patientId: string, form: Record<string, string>) {
  return respond(() =>
    action(routeArgs(`/patients/${patientId}/edit`, { cookie: cookies[who], params: { patientId }, form })),
  );
}

async function stored(patientId: string) {
  const [row] = await test.db.select().from(patient).where(eq(patient.id, patientId));
  return row!;
}

describe("editing a patient", () => {
  it("fills the form with the stored details", async () => {
    const row = await freshPatient();
    const response = await respond(() =>
      loader(routeArgs(`/patients/${row.id}/edit`, { cookie: cookies.frontdesk, params: { patientId: row.id } })),
    );
    expect(response.status).toBe(200);
    const body = response.body as { defaultValue: Record<string, unknown> };
    expect(body.defaultValue).toMatchObject({ ...details, sexAtBirth: undefined });
    const [entry] = await auditEntries(test.db, { action: "read:patient", patientId: row.id });
    expect(entry?.detail).toEqual({ view: "edit" });
  });

  it("saves the changes and audits the names of the changed fields, never the values", async () => {
    const row = await freshPatient();
    const response = await save("nurse", row.id, {
      ...details,
      phone: "+1 (628) 555-0199",
      weightKg: "63.5",
      pronouns: "she/her",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/patients/${row.id}?updated=1`);
    expect(await stored(row.id)).toMatchObject({
      phone: "+1 (628) 555-0199",
      phoneDigits: "16285550199",
      weightKg: "63.5",
      pronouns: "she/her",
      mrn: row.mrn,
    });
    const entries = await auditEntries(test.db, { action: "update:patient", patientId: row.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorUserId: home.users.nurse.id,
      outcome: "success",
      detail: { changedFields: ["pronouns", "phone", "weightKg"] },
    });
    expect(JSON.stringify(entries[0]?.detail)).not.toMatch(/628|63\.5|she/);
  });

  it("clears optional details that are emptied", async () => {
    const row = await freshPatient();
    const response = await save("frontdesk", row.id, {
      ...details,
      escortName: "",
      escortRelationship: "",
      escortPhone: "",
      weightKg: "",
    });
    expect(response.status).toBe(302);
    expect(await stored(row.id)).toMatchObject({
      escortName: "",
      escortRelationship: "",
      escortPhone: "",
      weightKg: null,
    });
  });

  it("writes nothing and audits nothing when nothing changed", async () => {
    const row = await freshPatient();
    const response = await save("frontdesk", row.id, { ...details, weightKg: "61" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/patients/${row.id}`);
    expect(await auditEntries(test.db, { action: "update:patient", patientId: row.id })).toHaveLength(0);
  });

  it("answers 400 with field errors and changes nothing for bad input", async () => {
    const row = await freshPatient();
    const before = await stored(row.id);
    const response = await save("frontdesk", row.id, {
      ...details,
      lastName: "",
      dateOfBirth: "1899-12-31",
      weightKg: "401",
    });
    expect(response.status).toBe(400);
    const body = response.body as { error: Record<string, string[]> };
    expect(Object.keys(body.error).sort()).toEqual(["dateOfBirth", "lastName", "weightKg"]);
    expect(await stored(row.id)).toEqual(before);
    expect(await auditEntries(test.db, { action: "update:patient", patientId: row.id })).toHaveLength(0);
  });

  it("refuses a clinician not on the care team (403) and another clinic (404), changing nothing", async () => {
    const row = await freshPatient();
    const denied = await save("outsider", row.id, { ...details, firstName: "Changed" });
    expect(denied.status).toBe(403);
    expect((await stored(row.id)).firstName).toBe("Zoë");
    expect(
      await auditEntries(test.db, { action: "update:patient", patientId: row.id, outcome: "denied" }),
    ).toHaveLength(1);

    const before = await stored(other.patient.id);
    const missing = await save("frontdesk", other.patient.id, { ...details, firstName: "Changed" });
    expect(missing.status).toBe(404);
    expect(await stored(other.patient.id)).toEqual(before);
    expect(
      await auditEntries(test.db, { action: "update:patient", entityId: other.patient.id, outcome: "not_found" }),
    ).toHaveLength(1);
  });
});
