import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clinic, consentForm } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { createClinicWithTeam } from "#test/fixtures";
import { action, loader } from "#app/routes/admin/clinical-settings";
import { call } from "#app/scheduling/testing/demo-world";
import {
  ADMINISTRATION_ROUTES,
  DEFAULT_DOSE_RANGES,
  DEFAULT_VITAL_THRESHOLDS,
  type ClinicalSettings,
} from "./clinical-settings";
import { auditActions, type World } from "./screening-test-world";

const testDb = setupTestDatabase();
let world: World;
let away: World;

type Page = {
  settings: ClinicalSettings;
  doseRangesReviewed: boolean;
  forms: { id: string; version: string; active: boolean }[];
};
type Reply = { result: { error?: Record<string, string[] | null> } };

function page(userId: string) {
  return call(testDb.db, loader, "/admin/clinical-settings", { userId, params: {} });
}

function post(userId: string, form: Record<string, string>) {
  return call(testDb.db, action, "/admin/clinical-settings", { userId, params: {}, form });
}

function errorsOf(body: unknown): Record<string, string[] | null> {
  return (body as Reply).result.error ?? {};
}

async function storedSettings(clinicId: string) {
  const [row] = await testDb.db.select({ settings: clinic.settings }).from(clinic).where(eq(clinic.id, clinicId));
  return row!.settings;
}

function thresholdsForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    intent: "thresholds",
    ...Object.fromEntries(Object.entries(DEFAULT_VITAL_THRESHOLDS).map(([key, value]) => [key, String(value)])),
    ...overrides,
  };
}

function rangesForm(overrides: Record<string, string> = {}): Record<string, string> {
  const form: Record<string, string> = { intent: "dose-ranges" };
  for (const route of ADMINISTRATION_ROUTES) {
    const range = DEFAULT_DOSE_RANGES[route];
    form[`ranges.${route}.dosedBy`] = range.weightBased ? "weight" : "fixed";
    form[`ranges.${route}.maxMg`] = String(range.maxMg);
    if (range.weightBased) {
      form[`ranges.${route}.minMgPerKg`] = String(range.minMgPerKg);
      form[`ranges.${route}.maxMgPerKg`] = String(range.maxMgPerKg);
    } else {
      form[`ranges.${route}.minMg`] = String(range.minMg);
    }
  }
  return { ...form, ...overrides };
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  away = await createClinicWithTeam(testDb.db);
});

describe("clinical settings", () => {
  it("shows the defaults to an admin, saying the dose ranges are unreviewed", async () => {
    const response = await page(world.users.admin.id);
    expect(response.status).toBe(200);
    const shown = response.body as Page;
    expect(shown.settings.vitalThresholds).toEqual(DEFAULT_VITAL_THRESHOLDS);
    expect(shown.settings.doseRanges).toEqual(DEFAULT_DOSE_RANGES);
    expect(shown.settings.signOffGatesNextDose).toBe(true);
    expect(shown.doseRangesReviewed).toBe(false);
    expect(shown.forms).toEqual([]);
  });

  it("saves the alert thresholds, keeps the other settings, and audits it", async () => {
    await testDb.db
      .update(clinic)
      .set({ settings: { signOffGatesNextDose: false, secondFactorRequirement: "optional" } })
      .where(eq(clinic.id, world.clinic.id));
    const response = await post(world.users.admin.id, thresholdsForm({ systolicMax: "150", spo2Min: "90" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/clinical-settings?saved=thresholds");
    const stored = await storedSettings(world.clinic.id);
    expect(stored.vitalThresholds).toEqual({ ...DEFAULT_VITAL_THRESHOLDS, systolicMax: 150, spo2Min: 90 });
    expect(stored.signOffGatesNextDose).toBe(false);
    expect(await auditActions(testDb.db, world.users.admin.id, "clinic")).toContainEqual({
      action: "manage:clinical-settings",
      outcome: "success",
      patientId: null,
    });
    expect(await storedSettings(away.clinic.id)).toEqual({ secondFactorRequirement: "optional" });
  });

  it("refuses thresholds out of physical range or out of order, and writes nothing", async () => {
    const before = await storedSettings(world.clinic.id);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ spo2Min: "120" }, "spo2Min", /between 50 and 100/u],
      [{ systolicMax: "" }, "systolicMax", /Systolic above/u],
      [{ heartRateMin: "55.5" }, "heartRateMin", /whole number/u],
      [{ systolicMin: "170" }, "systolicMin", /low systolic alert must be below/u],
      [{ respiratoryRateMin: "30" }, "respiratoryRateMin", /respiratory-rate/u],
      [{ diastolicMax: "170" }, "diastolicMax", /below the systolic alert/u],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await post(world.users.admin.id, thresholdsForm(overrides));
      expect(response.status, field).toBe(400);
      expect(errorsOf(response.body)[field]?.[0]).toMatch(message);
    }
    expect(await storedSettings(world.clinic.id)).toEqual(before);
  });

  it("saves dose ranges, weight-based and fixed, and marks them reviewed", async () => {
    const response = await post(
      world.users.admin.id,
      rangesForm({
        "ranges.IM.minMgPerKg": "0.3",
        "ranges.IM.maxMgPerKg": "0.8",
        "ranges.IM.maxMg": "80",
        "ranges.IN.maxMg": "112",
      }),
    );
    expect(response.status).toBe(302);
    const stored = await storedSettings(world.clinic.id);
    expect(stored.doseRanges?.IM).toEqual({ minMgPerKg: 0.3, maxMgPerKg: 0.8, minMg: 0, maxMg: 80, weightBased: true });
    expect(stored.doseRanges?.IN).toEqual({ minMgPerKg: 0, maxMgPerKg: 0, minMg: 56, maxMg: 112, weightBased: false });
    const shown = (await page(world.users.admin.id)).body as Page;
    expect(shown.doseRangesReviewed).toBe(true);
    expect(shown.settings.doseRanges.IM.maxMg).toBe(80);
    expect(shown.settings.vitalThresholds.systolicMax).toBe(150);
  });

  it("refuses incomplete or inverted dose ranges", async () => {
    const before = await storedSettings(world.clinic.id);
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ "ranges.IV.minMgPerKg": "1.5" }, "ranges.IV.maxMgPerKg", /must not be below the lowest/u],
      [{ "ranges.SL.maxMgPerKg": "" }, "ranges.SL.maxMgPerKg", /highest mg\/kg for SL/u],
      [{ "ranges.oral.maxMg": "0" }, "ranges.oral.maxMg", /largest dose for oral/u],
      [{ "ranges.IN.minMg": "" }, "ranges.IN.minMg", /lowest dose for IN/u],
      [{ "ranges.IN.minMg": "90" }, "ranges.IN.maxMg", /must not be below the lowest/u],
      [{ "ranges.IM.maxMg": "1000" }, "ranges.IM.maxMg", /between 1 and 999/u],
      [{ "ranges.IM.dosedBy": "guess" }, "ranges.IM.dosedBy", /how this route is dosed/u],
    ];
    for (const [overrides, field, message] of cases) {
      const response = await post(world.users.admin.id, rangesForm(overrides));
      expect(response.status, field).toBe(400);
      expect(errorsOf(response.body)[field]?.[0]).toMatch(message);
    }
    expect(await storedSettings(world.clinic.id)).toEqual(before);
  });

  it("saves the list of interacting medications, dropping empty rows", async () => {
    const response = await post(world.users.admin.id, {
      intent: "interactions",
      "classes[0].className": "Benzodiazepines",
      "classes[0].names": "alprazolam, Xanax\nlorazepam",
      "classes[1].className": "",
      "classes[1].names": "",
      "classes[2].className": "Anticonvulsants",
      "classes[2].names": "lamotrigine; Lamictal",
    });
    expect(response.status).toBe(302);
    expect((await storedSettings(world.clinic.id)).interactingMedications).toEqual([
      { className: "Benzodiazepines", names: ["alprazolam", "Xanax", "lorazepam"] },
      { className: "Anticonvulsants", names: ["lamotrigine", "Lamictal"] },
    ]);
  });

  it("refuses a class without names, names without a class, and a class listed twice", async () => {
    const before = await storedSettings(world.clinic.id);
    const response = await post(world.users.admin.id, {
      intent: "interactions",
      "classes[0].className": "Opioids",
      "classes[0].names": " , ",
      "classes[1].className": "",
      "classes[1].names": "tramadol",
      "classes[2].className": "Stimulants",
      "classes[2].names": "Adderall",
      "classes[3].className": "stimulants",
      "classes[3].names": "Ritalin",
    });
    expect(response.status).toBe(400);
    const errors = errorsOf(response.body);
    expect(errors["classes[0].names"]?.[0]).toMatch(/at least one medication name for Opioids/u);
    expect(errors["classes[1].className"]?.[0]).toMatch(/Name the class/u);
    expect(errors["classes[3].className"]?.[0]).toMatch(/listed twice/u);
    expect(await storedSettings(world.clinic.id)).toEqual(before);
  });

  it("saves whether sign-off gates the next dose", async () => {
    expect((await post(world.users.admin.id, { intent: "gating", signOffGatesNextDose: "on" })).status).toBe(302);
    expect((await storedSettings(world.clinic.id)).signOffGatesNextDose).toBe(true);
    expect((await post(world.users.admin.id, { intent: "gating" })).status).toBe(302);
    expect((await storedSettings(world.clinic.id)).signOffGatesNextDose).toBe(false);
  });

  it("adds consent form versions, refuses a duplicate name, and retires one", async () => {
    const added = await post(world.users.admin.id, {
      intent: "add-consent-form",
      version: "v1",
      body: "I consent to ketamine-assisted psychotherapy as explained to me.",
    });
    expect(added.status).toBe(302);
    const duplicate = await post(world.users.admin.id, {
      intent: "add-consent-form",
      version: " V1 ",
      body: "Another text of at least twenty characters.",
    });
    expect(duplicate.status).toBe(400);
    expect(errorsOf(duplicate.body).version?.[0]).toMatch(/already a version called V1/u);
    const short = await post(world.users.admin.id, { intent: "add-consent-form", version: "v2", body: "Too short" });
    expect(short.status).toBe(400);
    expect(
      (
        await post(world.users.admin.id, {
          intent: "add-consent-form",
          version: "v2",
          body: "Revised consent text, with the transport rules.",
        })
      ).status,
    ).toBe(302);

    const forms = await testDb.db.select().from(consentForm).where(eq(consentForm.clinicId, world.clinic.id));
    expect(forms.map((form) => form.version).sort()).toEqual(["v1", "v2"]);
    const v1 = forms.find((form) => form.version === "v1")!;
    expect((await post(world.users.admin.id, { intent: "retire-consent-form", consentFormId: v1.id })).status).toBe(
      302,
    );
    expect((await post(world.users.admin.id, { intent: "retire-consent-form", consentFormId: v1.id })).status).toBe(
      409,
    );
    const [awayForm] = await testDb.db
      .insert(consentForm)
      .values({ clinicId: away.clinic.id, version: "away", body: "Another clinic's consent text." })
      .returning();
    expect(
      (await post(world.users.admin.id, { intent: "retire-consent-form", consentFormId: awayForm!.id })).status,
    ).toBe(400);
    const [stillActive] = await testDb.db.select().from(consentForm).where(eq(consentForm.id, awayForm!.id));
    expect(stillActive?.active).toBe(true);

    const shown = (await page(world.users.admin.id)).body as Page;
    expect(shown.forms.map((form) => [form.version, form.active])).toEqual([
      ["v1", false],
      ["v2", true],
    ]);
    expect((await auditActions(testDb.db, world.users.admin.id, "consent_form")).map((entry) => entry.action)).toEqual([
      "manage:clinical-settings",
      "manage:clinical-settings",
      "manage:clinical-settings",
    ]);
  });

  it("refuses everyone but the admin (403) and writes nothing", async () => {
    const before = await storedSettings(world.clinic.id);
    for (const role of ["prescriber", "therapist", "nurse", "frontdesk"] as const) {
      expect((await page(world.users[role].id)).status, role).toBe(403);
      expect((await post(world.users[role].id, thresholdsForm({ systolicMax: "200" }))).status, role).toBe(403);
      expect(
        (
          await post(world.users[role].id, {
            intent: "add-consent-form",
            version: "x",
            body: "Consent text long enough to pass.",
          })
        ).status,
        role,
      ).toBe(403);
    }
    expect(await storedSettings(world.clinic.id)).toEqual(before);
    expect(await testDb.db.select().from(consentForm).where(eq(consentForm.version, "x"))).toEqual([]);
  });

  it("refuses an unknown intent", async () => {
    expect((await post(world.users.admin.id, { intent: "reset-everything" })).status).toBe(400);
  });
});
