import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seriesTemplate } from "#db/schema";
import { setupTestDatabase } from "#test/db";
import { cookieFor, createClinicWithTeam, respond, routeArgs } from "#test/fixtures";
import { action as editAction, loader as editLoader } from "#app/routes/admin/template-edit";
import { action as createAction } from "#app/routes/admin/templates";
import { STANDARD_KAP_COURSE } from "./planner";
import { formFromTemplate } from "./template-form";
import { listTemplates } from "./templates.server";

const testDb = setupTestDatabase();
let world: Awaited<ReturnType<typeof createClinicWithTeam>>;
let cookie: string;
let templateId: string;

function formOf(values: Record<string, string | string[] | boolean>): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { intent: "rules" };
  for (const [key, value] of Object.entries(values)) {
    if (value === true) {
      form[key] = "on";
    } else if (value !== false) {
      form[key] = value;
    }
  }
  return form;
}

async function save(values: Record<string, string | string[] | boolean>) {
  return respond(() =>
    editAction(routeArgs(`/admin/templates/${templateId}`, { cookie, form: formOf(values), params: { templateId } })),
  );
}

beforeAll(async () => {
  world = await createClinicWithTeam(testDb.db);
  cookie = await cookieFor(testDb.db, world.users.admin.id);
  const created = await respond(() => createAction(routeArgs("/admin/templates", { cookie, form: {} })));
  expect(created.status).toBe(302);
  templateId = created.headers.get("Location")!.split("/").at(-1)!.split("?")[0]!;
});

describe("series templates", () => {
  it("starts a new template from the standard KAP course", async () => {
    const [stored] = await listTemplates(testDb.db, world.clinic.id);
    expect(stored?.template).toEqual(STANDARD_KAP_COURSE);
  });

  it("saves edited rules", async () => {
    const values = {
      ...formFromTemplate(STANDARD_KAP_COURSE),
      name: "Short course",
      doseCount: "4",
      doseMaxCourseDays: "14",
      integrationAll: false,
      integrationAfter: "1, 4",
    };
    expect((await save(values)).status).toBe(302);
    const [stored] = await listTemplates(testDb.db, world.clinic.id);
    expect(stored).toMatchObject({
      name: "Short course",
      template: { dosing: { count: 4, maxCourseDays: 14 }, integration: { afterDoses: [1, 4] } },
    });
  });

  it("refuses rules that cannot work, on the field at fault, and changes nothing", async () => {
    const [before] = await testDb.db.select().from(seriesTemplate).where(eq(seriesTemplate.id, templateId));
    const result = await save({
      ...formFromTemplate(STANDARD_KAP_COURSE),
      doseMaxCourseDays: "5",
      checkpointAfter: "1, x",
    });
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toMatch(/List dose numbers separated by commas/u);
    const cannotFit = await save({ ...formFromTemplate(STANDARD_KAP_COURSE), doseMaxCourseDays: "5" });
    expect(cannotFit.status).toBe(400);
    expect((cannotFit.body as { error: Record<string, string[]> }).error.doseMaxCourseDays).toEqual([
      "6 doses 2 days apart need at least 11 days.",
    ]);
    const [after] = await testDb.db.select().from(seriesTemplate).where(eq(seriesTemplate.id, templateId));
    expect(after).toEqual(before);
  });

  it("retires and restores a template; a retired one is not offered", async () => {
    await respond(() =>
      editAction(
        routeArgs(`/admin/templates/${templateId}`, { cookie, form: { intent: "retire" }, params: { templateId } }),
      ),
    );
    expect(await listTemplates(testDb.db, world.clinic.id, { activeOnly: true })).toEqual([]);
    await respond(() =>
      editAction(
        routeArgs(`/admin/templates/${templateId}`, { cookie, form: { intent: "restore" }, params: { templateId } }),
      ),
    );
    expect(await listTemplates(testDb.db, world.clinic.id, { activeOnly: true })).toHaveLength(1);
  });

  it("answers 404 for a malformed or unknown id", async () => {
    for (const id of ["nope", "00000000-0000-4000-8000-000000000000"]) {
      expect(
        (await respond(() => editLoader(routeArgs(`/admin/templates/${id}`, { cookie, params: { templateId: id } }))))
          .status,
      ).toBe(404);
    }
  });
});
