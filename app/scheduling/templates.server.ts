import { and, asc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { seriesTemplate } from "#db/schema";
import { audit, type AuditActor } from "#app/audit/audit.server";
import { STANDARD_KAP_COURSE } from "./planner";
import type { SeriesTemplate } from "./planner/types";
import { parseSeriesTemplate } from "./template-schema";

export type StoredTemplate = { id: string; name: string; active: boolean; template: SeriesTemplate };

function toStored(row: typeof seriesTemplate.$inferSelect): StoredTemplate | null {
  const template = parseSeriesTemplate(row.definition);
  return template ? { id: row.id, name: row.name, active: row.active, template } : null;
}

/** The clinic's templates; one whose stored rules no longer parse is left out rather than trusted. */
export async function listTemplates(
  db: Db,
  clinicId: string,
  options: { activeOnly?: boolean } = {},
): Promise<StoredTemplate[]> {
  const rows = await db
    .select()
    .from(seriesTemplate)
    .where(and(eq(seriesTemplate.clinicId, clinicId), options.activeOnly ? eq(seriesTemplate.active, true) : undefined))
    .orderBy(asc(seriesTemplate.name));
  return rows.flatMap((row) => toStored(row) ?? []);
}

export async function findTemplate(db: Db, clinicId: string, id: string): Promise<StoredTemplate | null> {
  const [row] = await db
    .select()
    .from(seriesTemplate)
    .where(and(eq(seriesTemplate.id, id), eq(seriesTemplate.clinicId, clinicId)));
  return row ? toStored(row) : null;
}

export async function createTemplate(
  db: Db,
  actor: AuditActor & { clinicId: string },
  template: SeriesTemplate = STANDARD_KAP_COURSE,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(seriesTemplate)
      .values({ clinicId: actor.clinicId, name: template.name, definition: template })
      .returning({ id: seriesTemplate.id });
    await audit(tx, actor, { action: "create:template", entityType: "series_template", entityId: row!.id });
    return row!.id;
  });
}

/** Booked series keep the rules they were booked with (series.rules); editing a template changes only future plans. */
export async function updateTemplate(
  db: Db,
  actor: AuditActor & { clinicId: string },
  id: string,
  changes: { template?: SeriesTemplate; active?: boolean },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(seriesTemplate)
      .set({
        ...(changes.template ? { name: changes.template.name, definition: changes.template } : {}),
        ...(changes.active === undefined ? {} : { active: changes.active }),
        updatedAt: new Date(),
      })
      .where(and(eq(seriesTemplate.id, id), eq(seriesTemplate.clinicId, actor.clinicId)))
      .returning({ id: seriesTemplate.id });
    if (updated.length === 0) {
      return false;
    }
    await audit(tx, actor, {
      action: "update:template",
      entityType: "series_template",
      entityId: id,
      detail: { fields: Object.keys(changes) },
    });
    return true;
  });
}
