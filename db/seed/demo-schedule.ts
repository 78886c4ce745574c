import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import { and, eq, inArray, lt } from "drizzle-orm";
import { bookAppointments } from "#app/scheduling/booking.server";
import { loadPlannerCalendar } from "#app/scheduling/calendar-data.server";
import { refreshSeriesStatus } from "#app/scheduling/changes.server";
import { planSeries, STANDARD_KAP_COURSE } from "#app/scheduling/planner";
import { toSlotToBook } from "#app/scheduling/proposal";
import type { Db } from "#db/client";
import { appointment, appointmentEvent, room, seriesTemplate } from "#db/schema";

const DAY = 86_400_000;
const PATIENT_OFFSET = 4;

function localDate(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd");
}

/**
 * Books the demo clinic's courses through the real planner and booking code, relative to today:
 * one completed, one under way, one about to start, and single appointments around them.
 */
export async function seedDemoSchedule(
  db: Db,
  input: { clinicId: string; timeZone: string; staff: Record<string, string>; patientIds: string[]; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const { clinicId, timeZone, staff } = input;
  const actor = { id: staff.frontdesk!, clinicId, ip: "seed" };
  const [template] = await db
    .insert(seriesTemplate)
    .values({ clinicId, name: STANDARD_KAP_COURSE.name, definition: STANDARD_KAP_COURSE })
    .returning({ id: seriesTemplate.id });
  const courses = [
    { patientId: input.patientIds[0]!, startOffsetDays: -50 },
    { patientId: input.patientIds[1]!, startOffsetDays: -12 },
    { patientId: input.patientIds[3]!, startOffsetDays: 3 },
  ];
  const team = { therapistId: staff.therapist!, prescriberId: staff.prescriber! };
  for (const course of courses) {
    const start = new Date(now.getTime() + course.startOffsetDays * DAY);
    const calendar = await loadPlannerCalendar(db, {
      clinicId,
      timeZone,
      patientId: course.patientId,
      from: start,
      to: new Date(start.getTime() + 70 * DAY),
    });
    const plan = planSeries({
      template: STANDARD_KAP_COURSE,
      calendar,
      team: { ...team, monitorIds: [staff.nurse!, staff.nurse2!] },
      startDate: localDate(start, timeZone),
      preferences: { weekdays: [1, 2, 3, 4, 5], earliestStart: "09:00", latestStart: "14:00" },
    });
    if (!plan.ok) {
      throw new Error(
        `The demo course could not be planned: ${plan.problems.map((problem) => problem.message).join(" ")}`,
      );
    }
    const booked = await bookAppointments(db, actor, {
      clinicId,
      timeZone,
      patientId: course.patientId,
      series: { templateId: template!.id, rules: STANDARD_KAP_COURSE, ...team },
      slots: plan.slots.map((slot) => toSlotToBook(slot, team)),
    });
    if (!booked.ok) {
      throw new Error(
        `The demo course could not be booked: ${booked.conflicts.map((conflict) => conflict.message).join(" ")}`,
      );
    }
    const past = await db
      .update(appointment)
      .set({ status: "completed", version: 2 })
      .where(and(inArray(appointment.id, booked.appointmentIds), lt(appointment.endsAt, now)))
      .returning({ id: appointment.id, endsAt: appointment.endsAt });
    if (past.length > 0) {
      await db.insert(appointmentEvent).values(
        past.map((row) => ({
          clinicId,
          appointmentId: row.id,
          actorId: staff.nurse!,
          at: row.endsAt,
          action: "status_changed",
          fromValue: { status: "scheduled" },
          toValue: { status: "completed" },
        })),
      );
    }
    await refreshSeriesStatus(db, booked.seriesId!);
  }
  await seedSingleAppointments(db, {
    clinicId,
    timeZone,
    actor,
    staff,
    patientIds: input.patientIds.slice(PATIENT_OFFSET, PATIENT_OFFSET + 12),
    now,
  });
}

/** Screenings and integration sessions of other patients, so the coming weeks look like a working clinic. */
async function seedSingleAppointments(
  db: Db,
  input: {
    clinicId: string;
    timeZone: string;
    actor: { id: string; clinicId: string; ip: string };
    staff: Record<string, string>;
    patientIds: string[];
    now: Date;
  },
): Promise<void> {
  const rooms = await db.select({ id: room.id, name: room.name }).from(room).where(eq(room.clinicId, input.clinicId));
  const consultRooms = rooms.filter((candidate) => candidate.name.startsWith("Consult"));
  for (const [index, patientId] of input.patientIds.entries()) {
    const day = addDays(new TZDate(input.now.getTime(), input.timeZone), 1 + ((index * 2) % 18));
    if (day.getDay() === 0 || day.getDay() === 6) {
      continue;
    }
    const hour = [9, 11, 14, 15][index % 4]!;
    const start = new Date(
      new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hour, 0, input.timeZone).getTime(),
    );
    const screening = index % 3 === 0;
    // Same split as the demo care teams: every third patient belongs to the second prescriber and therapist.
    const secondTeam = (index + PATIENT_OFFSET) % 3 === 2;
    const prescriber = secondTeam ? input.staff.prescriber2! : input.staff.prescriber!;
    const therapist = secondTeam ? input.staff.therapist2! : input.staff.therapist!;
    await bookAppointments(db, input.actor, {
      clinicId: input.clinicId,
      timeZone: input.timeZone,
      patientId,
      slots: [
        {
          kind: screening ? "screening" : "integration",
          start,
          end: new Date(start.getTime() + (screening ? 90 : 60) * 60_000),
          roomId: consultRooms[index % Math.max(1, consultRooms.length)]?.id ?? null,
          staff: screening ? [{ userId: prescriber, role: "prescriber" }] : [{ userId: therapist, role: "therapist" }],
        },
      ],
    });
  }
}
