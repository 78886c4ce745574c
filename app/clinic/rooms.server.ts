import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "#db/client";
import { room } from "#db/schema";
import { audit } from "#app/audit/audit.server";
import { auditActor, authorizeRecord, notFound, type Viewer } from "#app/auth/guard.server";
import { isUniqueViolation } from "#db/errors";
import { isUuid } from "#db/ids";

export type Room = { id: string; clinicId: string; name: string; active: boolean };

export type RoomWriteResult = { ok: true; id: string } | { ok: false; field: "name"; message: string };

const ROOM_SELECT = { id: room.id, clinicId: room.clinicId, name: room.name, active: room.active };

export async function listRooms(db: DbOrTx, clinicId: string): Promise<Room[]> {
  return db.select(ROOM_SELECT).from(room).where(eq(room.clinicId, clinicId)).orderBy(asc(room.name));
}

/** Any clinic's room: the caller decides, with authorizeRecord, whether the viewer may know of it. */
export async function findRoom(db: DbOrTx, roomId: string): Promise<Room | null> {
  if (!isUuid(roomId)) {
    return null;
  }
  const [row] = await db.select(ROOM_SELECT).from(room).where(eq(room.id, roomId));
  return row ?? null;
}

/** The room, if it is one of the viewer's clinic; otherwise a 404, audited. */
export async function requireRoom(db: DbOrTx, viewer: Viewer, roomId: string): Promise<Room> {
  const found = await findRoom(db, roomId);
  await authorizeRecord(viewer, "manage:clinic", found ? { clinicId: found.clinicId } : null, {
    entityType: "room",
    entityId: roomId,
  });
  return found ?? notFound();
}

function duplicateName(name: string, existing: { name: string; active: boolean }): RoomWriteResult {
  return {
    ok: false,
    field: "name",
    message: existing.active
      ? `There is already a room named "${existing.name}".`
      : `There is already a deactivated room named "${existing.name}": reactivate it instead of adding "${name}".`,
  };
}

// Names differing only in case would be told apart by nobody at the front desk.
async function findSameName(
  db: DbOrTx,
  clinicId: string,
  name: string,
  exceptId?: string,
): Promise<{ name: string; active: boolean } | null> {
  const [row] = await db
    .select({ name: room.name, active: room.active })
    .from(room)
    .where(
      and(
        eq(room.clinicId, clinicId),
        eq(sql`lower(${room.name})`, name.toLowerCase()),
        exceptId ? ne(room.id, exceptId) : undefined,
      ),
    );
  return row ?? null;
}

export async function addRoom(db: Db, viewer: Viewer, name: string): Promise<RoomWriteResult> {
  const existing = await findSameName(db, viewer.clinicId, name);
  if (existing) {
    return duplicateName(name, existing);
  }
  try {
    return await db.transaction(async (tx) => {
      const [created] = await tx.insert(room).values({ clinicId: viewer.clinicId, name }).returning({ id: room.id });
      const id = created!.id;
      await audit(tx, auditActor(viewer), {
        action: "create:room",
        entityType: "room",
        entityId: id,
        detail: { name },
      });
      return { ok: true as const, id };
    });
  } catch (error) {
    // Someone added the same name between the check and the insert.
    if (isUniqueViolation(error, "room_clinic_name_key")) {
      return duplicateName(name, { name, active: true });
    }
    throw error;
  }
}

export async function renameRoom(db: Db, viewer: Viewer, target: Room, name: string): Promise<RoomWriteResult> {
  const existing = await findSameName(db, target.clinicId, name, target.id);
  if (existing) {
    return duplicateName(name, existing);
  }
  try {
    return await db.transaction(async (tx) => {
      await tx.update(room).set({ name }).where(eq(room.id, target.id));
      await audit(tx, auditActor(viewer), {
        action: "update:room",
        entityType: "room",
        entityId: target.id,
        detail: { before: { name: target.name }, after: { name } },
      });
      return { ok: true as const, id: target.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "room_clinic_name_key")) {
      return duplicateName(name, { name, active: true });
    }
    throw error;
  }
}

/** Rooms are deactivated, never deleted: past appointments keep pointing at them. */
export async function setRoomActive(db: Db, viewer: Viewer, target: Room, active: boolean): Promise<void> {
  if (target.active === active) {
    return;
  }
  await db.transaction(async (tx) => {
    await tx.update(room).set({ active }).where(eq(room.id, target.id));
    await audit(tx, auditActor(viewer), {
      action: active ? "reactivate:room" : "deactivate:room",
      entityType: "room",
      entityId: target.id,
      detail: { name: target.name },
    });
  });
}
