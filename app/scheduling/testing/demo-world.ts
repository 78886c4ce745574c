import type { Db } from "#db/client";
import { clinicOpeningHours, workingHours } from "#db/schema";
import { cookieFor, createClinicWithTeam, createRoom, respond, routeArgs } from "#test/fixtures";
import { bookAppointments } from "#app/scheduling/booking.server";
import { planSeries, STANDARD_KAP_COURSE } from "#app/scheduling/planner";
import { buildPlanRequest, slotsToBook } from "#app/scheduling/proposal.server";

export type DemoWorld = Awaited<ReturnType<typeof createClinicWithTeam>> & {
  rooms: { cedar: string; willow: string; consult: string };
};

/**
 * A clinic set up like the demo seed (invented people): open 08:00–18:00 on weekdays and 09:00–13:00
 * on Saturdays, clinicians working 08:30–17:30 on weekdays, three rooms, in Los Angeles time.
 */
export async function createDemoLikeClinic(db: Db): Promise<DemoWorld> {
  const world = await createClinicWithTeam(db);
  const clinicId = world.clinic.id;
  await db
    .insert(clinicOpeningHours)
    .values([
      ...[1, 2, 3, 4, 5].map((weekday) => ({ clinicId, weekday, opensAt: "08:00", closesAt: "18:00" })),
      { clinicId, weekday: 6, opensAt: "09:00", closesAt: "13:00" },
    ]);
  const clinicians = [world.users.prescriber.id, world.users.therapist.id, world.users.nurse.id];
  await db
    .insert(workingHours)
    .values(
      clinicians.flatMap((userId) =>
        [1, 2, 3, 4, 5].map((weekday) => ({ clinicId, userId, weekday, startsAt: "08:30", endsAt: "17:30" })),
      ),
    );
  const rooms = {
    cedar: (await createRoom(db, clinicId, "Cedar Room")).id,
    willow: (await createRoom(db, clinicId, "Willow Room")).id,
    consult: (await createRoom(db, clinicId, "Consult Room 1")).id,
  };
  return { ...world, rooms };
}

type Handler = (args: never) => Promise<unknown>;

/** Calls a loader or action as the Express server would, signed in as `userId` (or nobody). */
export async function call(
  db: Db,
  handler: Handler,
  path: string,
  options: { userId?: string; params: Record<string, string>; form?: Record<string, string | string[]> },
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const cookie = options.userId ? await cookieFor(db, options.userId) : undefined;
  return respond(() => handler(routeArgs(path, { cookie, params: options.params, form: options.form }) as never));
}

/** A proposal's rows and hidden fields as the browser would post them. */
export function proposalForm(
  plan: {
    rows: { date: string; time: string; roomId: string | null }[];
    slotRefs: string;
    hidden?: [string, string][];
  },
  intent: "check" | "book",
  edits: Record<number, { date?: string; time?: string; roomId?: string | null }> = {},
  extra: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { intent, slots: plan.slotRefs };
  for (const [name, value] of plan.hidden ?? []) {
    const current = form[name];
    form[name] = current === undefined ? value : [...(Array.isArray(current) ? current : [current]), value];
  }
  plan.rows.forEach((row, index) => {
    const edit = edits[index] ?? {};
    form[`rows[${index}].date`] = edit.date ?? row.date;
    form[`rows[${index}].time`] = edit.time ?? row.time;
    const roomId = edit.roomId === undefined ? row.roomId : edit.roomId;
    if (roomId) {
      form[`rows[${index}].roomId`] = roomId;
    }
  });
  return { ...form, ...extra };
}

/** Plans the standard course from startDate and books it, as the plan page would without edits. */
export async function bookStandardSeries(
  db: Db,
  world: DemoWorld,
  patientId: string,
  startDate: string,
): Promise<{ seriesId: string; appointmentIds: string[] }> {
  const place = { clinicId: world.clinic.id, timeZone: world.clinic.timeZone, patientId };
  const team = { therapistId: world.users.therapist.id, prescriberId: world.users.prescriber.id };
  const request = await buildPlanRequest(db, place, { template: STANDARD_KAP_COURSE, team, startDate, searchDays: 60 });
  const plan = planSeries(request);
  if (!plan.ok) {
    throw new Error("the standard course found no times");
  }
  const result = await bookAppointments(
    db,
    { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      ...place,
      series: { templateId: null, rules: STANDARD_KAP_COURSE, ...team },
      slots: slotsToBook(plan.slots, team),
    },
  );
  if (!result.ok || !result.seriesId) {
    throw new Error("the standard course could not be booked");
  }
  return { seriesId: result.seriesId, appointmentIds: result.appointmentIds };
}
