import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clinic, consent, consentForm, screening } from "#db/schema";
import { databaseRefusal, setupTestDatabase } from "#test/db";
import { createClinicWithTeam, createPatient, createStaff } from "#test/fixtures";
import { action, loader } from "#app/routes/series-clearance";
import { call } from "#app/scheduling/testing/demo-world";
import { clearanceStatus } from "./screening.server";
import { auditActions, bookDosingSeries, screeningForm, type World } from "./screening-test-world";

const testDb = setupTestDatabase();
let world: World;
let away: World;
let awaySeriesId: string;
let formId: string;

type Page = {
  screening: {
    state: string;
    version: number;
    warnings: string[];
    medications: { name: string; interactionClass: string | null }[];
  } | null;
  status: { screening: string; consent: string; missing: string[] };
  consent: {
    history: { withdrawn: boolean; patientSignature: string }[];
    forms: { id: string }[];
    defaults: { escortName: string; escortPhone: string };
  };
  canWriteScreening: boolean;
  canRecordConsent: boolean;
};

type Reply = { result: { status: string; error?: Record<string, string[] | null> }; warnings?: string[] };

function page(userId: string, seriesId: string) {
  return call(testDb.db, loader, `/series/${seriesId}/clearance`, { userId, params: { seriesId } });
}

function post(userId: string, seriesId: string, form: Record<string, string | string[]>) {
  return call(testDb.db, action, `/series/${seriesId}/clearance`, { userId, params: { seriesId }, form });
}

function errorsOf(body: unknown): Record<string, string[] | null> {
  return (body as Reply).result.error ?? {};
}

async function screeningOf(seriesId: string) {
  const [row] = await testDb.db.select().from(screening).where(eq(screening.seriesId, seriesId));
  return row ?? null;
}

function consentForm_(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "record-consent",
    consentFormId: formId,
    patientSignature: `${world.patient.firstName} ${world.patient.lastName}`,
    signedOn: "2026-01-05",
    witnessName: "Wren Witness",
    escortName: "Esme Escort",
    escortPhone: "(415) 555-0199",
    transportPlan: "Esme drives the patient home and stays until evening.",
    ...overrides,
  };
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
  awaySeriesId = (await bookDosingSeries(testDb.db, away)).seriesId;
  const [form] = await testDb.db
    .insert(consentForm)
    .values({
      clinicId: world.clinic.id,
      version: "2026-01",
      body: "I understand the risks and benefits of ketamine-assisted psychotherapy.",
    })
    .returning();
  formId = form!.id;
});

describe("screening drafts", () => {
  it("saves a draft, flags interacting medications and audits it", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const saved = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("save-screening", 0, {
        "medications[0].name": "Xanax",
        "medications[0].dose": "0.5 mg",
        "medications[1].name": "Sertraline",
        "medications[1].dose": "50 mg",
      }),
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/series/${seriesId}/clearance?saved=save-screening`);
    const row = await screeningOf(seriesId);
    expect(row).toMatchObject({
      version: 1,
      signedAt: null,
      cleared: null,
      baselineSystolic: 122,
      baselineDiastolic: 78,
      baselineHeartRate: 68,
      baselineWeightKg: "72.5",
      notes: "Screened in clinic.",
    });
    expect(row?.medications).toEqual([
      { name: "Xanax", dose: "0.5 mg", interactionClass: "Benzodiazepines" },
      { name: "Sertraline", dose: "50 mg", interactionClass: null },
    ]);
    expect(row?.contraindications.glaucoma).toEqual({ present: false, note: "" });
    const shown = await page(world.users.prescriber.id, seriesId);
    expect(shown.status).toBe(200);
    const body = shown.body as Page;
    expect(body.screening).toMatchObject({ state: "draft", version: 1 });
    expect(body.screening?.warnings).toEqual(["Xanax 0.5 mg interacts with ketamine: Benzodiazepines (Xanax)."]);
    expect(body.canWriteScreening).toBe(true);
    expect(await auditActions(testDb.db, world.users.prescriber.id, "screening")).toContainEqual({
      action: "write:screening",
      outcome: "success",
      patientId: world.patient.id,
    });
  });

  it("flags against the clinic's own list of interacting medications", async () => {
    const other = await createClinicWithTeam(testDb.db);
    await testDb.db
      .update(clinic)
      .set({
        settings: {
          interactingMedications: [{ className: "Anticonvulsants", names: ["lamotrigine"] }],
          secondFactorRequirement: "optional",
        },
      })
      .where(eq(clinic.id, other.clinic.id));
    const { seriesId } = await bookDosingSeries(testDb.db, other);
    const saved = await call(testDb.db, action, `/series/${seriesId}/clearance`, {
      userId: other.users.prescriber.id,
      params: { seriesId },
      form: screeningForm("save-screening", 0, {
        "medications[0].name": "LAMOTRIGINE",
        "medications[1].name": "Xanax",
      }),
    });
    expect(saved.status).toBe(302);
    expect((await screeningOf(seriesId))?.medications.map((medication) => medication.interactionClass)).toEqual([
      "Anticonvulsants",
      null,
    ]);
  });

  it("refuses values outside physical range with a clear message, and writes nothing", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ baselineSystolic: "400" }, "baselineSystolic", /between 40 and 300/u],
      [{ baselineSystolic: "80", baselineDiastolic: "120" }, "baselineDiastolic", /lower than the systolic/u],
      [{ baselineHeartRate: "12" }, "baselineHeartRate", /between 20 and 250/u],
      [{ baselineWeightKg: "5" }, "baselineWeightKg", /between 20 and 400/u],
      [{ baselineWeightKg: "70.25" }, "baselineWeightKg", /one decimal/u],
      [{ baselineDiastolic: "" }, "baselineDiastolic", /diastolic pressure too/u],
      [{ "medications[0].dose": "5 mg" }, "medications[0].name", /medication's name/u],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 0, overrides));
      expect(response.status, field).toBe(400);
      expect(errorsOf(response.body)[field]?.[0]).toMatch(message);
    }
    expect(await screeningOf(seriesId)).toBeNull();
  });

  it("answers a stale version with 409 and overwrites nothing", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    expect(
      (await post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 0, { notes: "first" }))).status,
    ).toBe(302);
    expect(
      (await post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 1, { notes: "second" }))).status,
    ).toBe(302);
    const stale = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("save-screening", 1, { notes: "stale edit" }),
    );
    expect(stale.status).toBe(409);
    expect((stale.body as { result: { error: Record<string, string[]> } }).result.error[""]?.[0]).toMatch(
      /Someone saved this screening after you opened it/u,
    );
    const again = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("save-screening", 0, { notes: "another first draft" }),
    );
    expect(again.status).toBe(409);
    expect(await screeningOf(seriesId)).toMatchObject({ version: 2, notes: "second" });
  });

  it("lets exactly one of two saves of the same version win", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    await post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 0));
    const results = await Promise.all([
      post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 1, { notes: "A" })),
      post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 1, { notes: "B" })),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([302, 409]);
    const winner = results[0]?.status === 302 ? "A" : "B";
    expect(await screeningOf(seriesId)).toMatchObject({ version: 2, notes: winner });
  });
});

describe("signing the clearance", () => {
  it("signs cleared, locks the screening and audits the signature", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const signed = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 0, { decision: "cleared" }),
    );
    expect(signed.status).toBe(302);
    const row = await screeningOf(seriesId);
    expect(row).toMatchObject({ cleared: true, signedBy: world.users.prescriber.id, version: 1 });
    expect(row?.signedAt).toBeInstanceOf(Date);
    expect((await clearanceStatus(testDb.db, seriesId)).screening).toBe("cleared");
    expect(await auditActions(testDb.db, world.users.prescriber.id, "screening")).toContainEqual({
      action: "sign:screening",
      outcome: "success",
      patientId: world.patient.id,
    });

    const secondSign = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 1, { decision: "not_cleared", notes: "changed my mind" }),
    );
    expect(secondSign.status).toBe(409);
    expect(errorsOf(secondSign.body)[""]?.[0]).toMatch(/already signed .* can no longer be changed/u);
    const edit = await post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 1, { notes: "edit" }));
    expect(edit.status).toBe(409);
    expect(await screeningOf(seriesId)).toMatchObject({ cleared: true, notes: "Screened in clinic.", version: 1 });

    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update screening set notes = 'rewritten' where series_id = ${seriesId}`),
      ),
    ).toMatch(/signed and cannot be changed/u);
    expect(
      await databaseRefusal(
        testDb.db.execute(sql`update screening set signed_at = null, cleared = null where series_id = ${seriesId}`),
      ),
    ).toMatch(/signed and cannot be changed/u);
  });

  it("refuses to sign until every contraindication is answered and a decision is chosen", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const response = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 0, {
        "contraindications.glaucoma.answer": "",
        "contraindications.pregnancy.answer": "",
      }),
    );
    expect(response.status).toBe(400);
    const errors = errorsOf(response.body);
    expect(errors["contraindications.glaucoma.answer"]).toEqual(["Answer present or absent before signing."]);
    expect(errors["contraindications.pregnancy.answer"]).toEqual(["Answer present or absent before signing."]);
    expect(errors.decision).toEqual(["Choose cleared or not cleared."]);
    expect(await screeningOf(seriesId)).toBeNull();
  });

  it("needs the baseline before clearing", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const response = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 0, {
        decision: "cleared",
        baselineSystolic: "",
        baselineDiastolic: "",
        baselineHeartRate: "",
        baselineWeightKg: "",
      }),
    );
    expect(response.status).toBe(400);
    expect(Object.keys(errorsOf(response.body)).sort()).toEqual([
      "baselineHeartRate",
      "baselineSystolic",
      "baselineWeightKg",
    ]);
    expect(await screeningOf(seriesId)).toBeNull();
  });

  it("clears despite a present contraindication or an interacting medication only with the acknowledgement", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const present = {
      decision: "cleared",
      "contraindications.glaucoma.answer": "present",
      "contraindications.glaucoma.note": "Controlled, ophthalmologist agrees.",
    };
    const refused = await post(world.users.prescriber.id, seriesId, screeningForm("sign-screening", 0, present));
    expect(refused.status).toBe(400);
    expect(errorsOf(refused.body).acknowledge?.[0]).toMatch(/contraindications present: Glaucoma/u);
    expect(await screeningOf(seriesId)).toBeNull();

    const medication = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 0, { decision: "cleared", "medications[0].name": "lorazepam" }),
    );
    expect(medication.status).toBe(400);
    expect(errorsOf(medication.body).acknowledge?.[0]).toMatch(/interacting medications/u);
    expect((medication.body as Reply).warnings).toEqual([
      "lorazepam interacts with ketamine: Benzodiazepines (lorazepam).",
    ]);

    const cleared = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 0, { ...present, acknowledge: "on" }),
    );
    expect(cleared.status).toBe(302);
    expect(await screeningOf(seriesId)).toMatchObject({
      cleared: true,
      contraindications: expect.objectContaining({
        glaucoma: { present: true, note: "Controlled, ophthalmologist agrees." },
      }),
    });
  });

  it("signs not cleared only with the reason in the notes", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const noReason = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 0, { decision: "not_cleared", notes: "  " }),
    );
    expect(noReason.status).toBe(400);
    expect(errorsOf(noReason.body).notes).toEqual(["Write in the notes why the patient is not cleared."]);
    const signed = await post(
      world.users.prescriber.id,
      seriesId,
      screeningForm("sign-screening", 0, {
        decision: "not_cleared",
        notes: "Blood pressure uncontrolled; see GP first.",
        "contraindications.uncontrolledHypertension.answer": "present",
      }),
    );
    expect(signed.status).toBe(302);
    expect(await screeningOf(seriesId)).toMatchObject({ cleared: false });
    expect(await clearanceStatus(testDb.db, seriesId)).toEqual({
      screening: "not_cleared",
      consent: "missing",
      missing: ["The prescriber signed the screening as not cleared for dosing.", "No signed consent."],
    });
  });
});

describe("consent", () => {
  it("records the signed consent, then a withdrawal as a new row, and says what is missing", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    expect(await clearanceStatus(testDb.db, seriesId)).toEqual({
      screening: "missing",
      consent: "missing",
      missing: ["No signed clearance from the prescriber.", "No signed consent."],
    });

    const recorded = await post(world.users.nurse.id, seriesId, consentForm_());
    expect(recorded.status).toBe(302);
    await post(world.users.prescriber.id, seriesId, screeningForm("save-screening", 0));
    expect(await clearanceStatus(testDb.db, seriesId)).toEqual({
      screening: "draft",
      consent: "signed",
      missing: ["No signed clearance from the prescriber: the screening is still a draft."],
    });
    await post(world.users.prescriber.id, seriesId, screeningForm("sign-screening", 1, { decision: "cleared" }));
    expect(await clearanceStatus(testDb.db, seriesId)).toEqual({
      screening: "cleared",
      consent: "signed",
      missing: [],
    });

    const withdrawn = await post(world.users.therapist.id, seriesId, {
      intent: "withdraw-consent",
      withdrawnOn: "2026-01-20",
      witnessName: "Tess Therapist",
    });
    expect(withdrawn.status).toBe(302);
    expect(await clearanceStatus(testDb.db, seriesId)).toEqual({
      screening: "cleared",
      consent: "withdrawn",
      missing: ["The patient withdrew consent; a new signed consent is needed."],
    });
    const rows = await testDb.db.select().from(consent).where(eq(consent.seriesId, seriesId));
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => !row.withdrawn)).toMatchObject({
      patientSignature: `${world.patient.firstName} ${world.patient.lastName}`,
      witnessName: "Wren Witness",
      recordedBy: world.users.nurse.id,
    });
    expect(rows.find((row) => row.withdrawn)).toMatchObject({
      signedOn: "2026-01-20",
      patientSignature: "",
      escortName: "Esme Escort",
      recordedBy: world.users.therapist.id,
    });

    const again = await post(world.users.therapist.id, seriesId, {
      intent: "withdraw-consent",
      withdrawnOn: "2026-01-21",
      witnessName: "Tess Therapist",
    });
    expect(again.status).toBe(409);
    expect(errorsOf(again.body)[""]).toEqual(["Consent was already withdrawn."]);

    const shown = (await page(world.users.therapist.id, seriesId)).body as Page;
    expect(shown.status.consent).toBe("withdrawn");
    expect(shown.consent.history.map((entry) => entry.withdrawn)).toEqual([true, false]);

    expect((await post(world.users.nurse.id, seriesId, consentForm_({ signedOn: "2026-01-22" }))).status).toBe(302);
    expect((await clearanceStatus(testDb.db, seriesId)).consent).toBe("signed");
    expect(
      (await auditActions(testDb.db, world.users.nurse.id, "consent")).filter(
        (entry) => entry.action === "record:consent",
      ),
    ).toHaveLength(2);
    expect(await auditActions(testDb.db, world.users.therapist.id, "consent")).toContainEqual({
      action: "record:consent",
      outcome: "success",
      patientId: world.patient.id,
    });
  });

  it("accepts the patient's name in any case, with or without accents, and refuses another name", async () => {
    const zoe = await createPatient(
      testDb.db,
      world.clinic.id,
      [
        { userId: world.users.prescriber.id, role: "prescriber" },
        { userId: world.users.nurse.id, role: "nurse" },
      ],
      { firstName: "Zoë", lastName: "Nguyễn", escortName: "Lan Nguyễn", escortPhone: "415 555 0123" },
    );
    const { seriesId } = await bookDosingSeries(testDb.db, world, zoe.id);
    const shown = (await page(world.users.nurse.id, seriesId)).body as Page;
    expect(shown.consent.defaults).toMatchObject({ escortName: "Lan Nguyễn", escortPhone: "415 555 0123" });

    const mismatch = await post(world.users.nurse.id, seriesId, consentForm_({ patientSignature: "Zoe Nguyen-Smith" }));
    expect(mismatch.status).toBe(400);
    expect(errorsOf(mismatch.body).patientSignature?.[0]).toMatch(
      /the patient's full name as on their record, Zoë Nguyễn/u,
    );
    expect(await testDb.db.select().from(consent).where(eq(consent.seriesId, seriesId))).toEqual([]);

    expect(
      (await post(world.users.nurse.id, seriesId, consentForm_({ patientSignature: "  ZOE   nguyen " }))).status,
    ).toBe(302);
  });

  it("refuses a future date, a missing field and a retired form version, writing nothing", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const [retired] = await testDb.db
      .insert(consentForm)
      .values({ clinicId: world.clinic.id, version: "2025-old", body: "Old text of the consent form.", active: false })
      .returning();
    const [foreign] = await testDb.db
      .insert(consentForm)
      .values({ clinicId: away.clinic.id, version: "away", body: "Another clinic's consent text." })
      .returning();
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ signedOn: "2999-01-01" }, "signedOn", /cannot be in the future/u],
      [{ signedOn: "2026-02-30" }, "signedOn", /Enter the date the patient signed/u],
      [{ witnessName: "" }, "witnessName", /witness/u],
      [{ escortPhone: "12" }, "escortPhone", /7 to 15 digits/u],
      [{ transportPlan: "" }, "transportPlan", /gets home/u],
      [{ consentFormId: retired!.id }, "consentFormId", /current consent form versions/u],
      [{ consentFormId: foreign!.id }, "consentFormId", /current consent form versions/u],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await post(world.users.prescriber.id, seriesId, consentForm_(overrides));
      expect(response.status, field).toBe(400);
      expect(errorsOf(response.body)[field]?.[0]).toMatch(message);
    }
    const early = await post(world.users.prescriber.id, seriesId, consentForm_());
    expect(early.status).toBe(302);
    const beforeSigning = await post(world.users.prescriber.id, seriesId, {
      intent: "withdraw-consent",
      withdrawnOn: "2026-01-01",
      witnessName: "Pat",
    });
    expect(beforeSigning.status).toBe(400);
    expect(await testDb.db.select().from(consent).where(eq(consent.seriesId, seriesId))).toHaveLength(1);
  });

  it("answers a withdrawal with nothing to withdraw with 409", async () => {
    const { seriesId } = await bookDosingSeries(testDb.db, world);
    const response = await post(world.users.nurse.id, seriesId, {
      intent: "withdraw-consent",
      withdrawnOn: "2026-01-01",
      witnessName: "Nell Nurse",
    });
    expect(response.status).toBe(409);
    expect(errorsOf(response.body)[""]).toEqual(["There is no signed consent to withdraw."]);
  });
});

describe("who may use the page", () => {
  let seriesId: string;
  beforeAll(async () => {
    seriesId = (await bookDosingSeries(testDb.db, world)).seriesId;
  });

  it("lets the care team read it; only the prescriber may write the screening", async () => {
    for (const role of ["prescriber", "therapist", "nurse"] as const) {
      const response = await page(world.users[role].id, seriesId);
      expect(response.status, role).toBe(200);
      expect((response.body as Page).canWriteScreening, role).toBe(role === "prescriber");
      expect((response.body as Page).canRecordConsent, role).toBe(true);
    }
  });

  it("refuses the therapist and nurse the screening (403, audited, nothing written)", async () => {
    for (const role of ["therapist", "nurse"] as const) {
      for (const intent of ["save-screening", "sign-screening"] as const) {
        const response = await post(world.users[role].id, seriesId, screeningForm(intent, 0, { decision: "cleared" }));
        expect(response.status, `${role} ${intent}`).toBe(403);
      }
      expect(await auditActions(testDb.db, world.users[role].id, "series")).toContainEqual({
        action: "write:screening",
        outcome: "denied",
        patientId: world.patient.id,
      });
    }
    expect(await screeningOf(seriesId)).toBeNull();
  });

  it("refuses front desk and admin everything", async () => {
    for (const role of ["frontdesk", "admin"] as const) {
      expect((await page(world.users[role].id, seriesId)).status, role).toBe(403);
      expect((await post(world.users[role].id, seriesId, screeningForm("save-screening", 0))).status, role).toBe(403);
      expect((await post(world.users[role].id, seriesId, consentForm_())).status, role).toBe(403);
    }
    expect(await screeningOf(seriesId)).toBeNull();
    expect(await testDb.db.select().from(consent).where(eq(consent.seriesId, seriesId))).toEqual([]);
  });

  it("refuses a prescriber who is not on the care team", async () => {
    const outsider = await createStaff(testDb.db, world.clinic.id, ["prescriber"]);
    expect((await page(outsider.id, seriesId)).status).toBe(403);
    expect((await post(outsider.id, seriesId, screeningForm("save-screening", 0))).status).toBe(403);
    expect(await screeningOf(seriesId)).toBeNull();
  });

  it("answers 404 for another clinic's series or an unknown id, audited", async () => {
    expect((await page(world.users.prescriber.id, awaySeriesId)).status).toBe(404);
    expect((await post(world.users.prescriber.id, awaySeriesId, screeningForm("save-screening", 0))).status).toBe(404);
    expect((await post(world.users.nurse.id, awaySeriesId, consentForm_())).status).toBe(404);
    expect((await page(world.users.prescriber.id, "not-a-uuid")).status).toBe(404);
    expect(await screeningOf(awaySeriesId)).toBeNull();
    expect(await auditActions(testDb.db, world.users.prescriber.id, "series")).toContainEqual({
      action: "read:clinical",
      outcome: "not_found",
      patientId: null,
    });
  });

  it("audits every read", async () => {
    await page(world.users.nurse.id, seriesId);
    expect(await auditActions(testDb.db, world.users.nurse.id, "screening")).toContainEqual({
      action: "read:clinical",
      outcome: "success",
      patientId: world.patient.id,
    });
  });

  it("refuses an unknown intent", async () => {
    expect((await post(world.users.prescriber.id, seriesId, { intent: "delete-everything" })).status).toBe(400);
  });
});
