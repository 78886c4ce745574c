import { randomUUID } from "node:crypto";
import { zonedInstant } from "#app/scheduling/planner/local-time";
import type { AppointmentPlan, ClinicPlan } from "./clinic-plan";
import type { BulkTarget } from "./copy";
import { writeRecords } from "./write-records";
import { staffIdOf, writeTable, type ClinicContext, type Written } from "./rows";
import { TEMPLATES, TEMPLATE_KEYS } from "./templates";
import { FIRST_MINUTE, UNIT_MINUTES } from "./timetable";

const DAY_MS = 86_400_000;

function hhmm(unit: number): string {
  const minute = FIRST_MINUTE + unit * UNIT_MINUTES;
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** The clinic, its people and its timetable; then the clinical record (write-records.ts). */
export async function writeClinic(target: BulkTarget, plan: ClinicPlan, context: ClinicContext): Promise<Written> {
  const { random, now } = context;
  const written: Written = {};
  const clinicId = plan.id;
  const frontdesk = plan.staff.filter((member) => member.role === "frontdesk").map((member) => member.id);
  const createdAt = new Date(plan.firstEpochDay * DAY_MS - 30 * DAY_MS);

  await writeTable(
    target,
    "clinic",
    ["id", "name", "time_zone", "settings", "created_at"],
    [
      {
        id: clinicId,
        name: plan.name,
        time_zone: plan.timeZone,
        settings: { signOffGatesNextDose: true, secondFactorRequirement: "optional" },
        created_at: createdAt,
      },
    ],
    written,
  );
  await writeTable(
    target,
    "clinic_opening_hours",
    ["clinic_id", "weekday", "opens_at", "closes_at"],
    [1, 2, 3, 4, 5, 6].map((weekday) => ({
      clinic_id: clinicId,
      weekday,
      opens_at: weekday === 6 ? "09:00" : "08:00",
      closes_at: weekday === 6 ? "14:00" : "19:00",
    })),
    written,
  );
  await writeTable(
    target,
    "staff_user",
    [
      "id",
      "clinic_id",
      "email",
      "name",
      "credentials",
      "license_number",
      "npi",
      "dea_number",
      "roles",
      "password_hash",
      "created_at",
      "updated_at",
    ],
    plan.staff.map((member) => ({
      id: member.id,
      clinic_id: clinicId,
      email: member.email,
      name: member.name,
      credentials: member.credentials,
      license_number: member.licenseNumber,
      npi: member.npi,
      dea_number: member.deaNumber,
      roles: [member.role],
      password_hash: context.passwordHash,
      created_at: createdAt,
      updated_at: createdAt,
    })),
    written,
  );
  await writeTable(
    target,
    "working_hours",
    ["id", "clinic_id", "user_id", "weekday", "starts_at", "ends_at"],
    plan.staff.flatMap((member) =>
      (member.schedule?.weekdays ?? []).map((weekday) => {
        const schedule = member.schedule!;
        const [first, end] =
          weekday === 6
            ? [Math.max(schedule.firstUnit, 2), Math.min(schedule.endUnit, 12)]
            : [schedule.firstUnit, schedule.endUnit];
        return {
          id: randomUUID(),
          clinic_id: clinicId,
          user_id: member.id,
          weekday,
          starts_at: hhmm(first),
          ends_at: hhmm(end),
        };
      }),
    ),
    written,
  );
  await writeTable(
    target,
    "time_off",
    ["id", "clinic_id", "user_id", "starts_at", "ends_at", "reason"],
    plan.staff.flatMap((member) =>
      (member.schedule?.timeOff ?? []).map(([from, to]) => ({
        id: randomUUID(),
        clinic_id: clinicId,
        user_id: member.id,
        starts_at: new Date(zonedInstant(plan.firstEpochDay + from, 0, plan.timeZone)),
        ends_at: new Date(zonedInstant(plan.firstEpochDay + to, 0, plan.timeZone)),
        reason: "Vacation",
      })),
    ),
    written,
  );
  await writeTable(
    target,
    "room",
    ["id", "clinic_id", "name", "created_at"],
    plan.rooms.map((room) => ({ id: room.id, clinic_id: clinicId, name: room.name, created_at: createdAt })),
    written,
  );
  await writeTable(
    target,
    "series_template",
    ["id", "clinic_id", "name", "definition", "created_at", "updated_at"],
    TEMPLATE_KEYS.map((key) => ({
      id: plan.templates[key],
      clinic_id: clinicId,
      name: TEMPLATES[key].name,
      definition: TEMPLATES[key],
      created_at: createdAt,
      updated_at: createdAt,
    })),
    written,
  );
  await writeTable(
    target,
    "patient",
    [
      "id",
      "clinic_id",
      "mrn",
      "first_name",
      "last_name",
      "preferred_name",
      "date_of_birth",
      "sex_at_birth",
      "pronouns",
      "phone",
      "phone_digits",
      "email",
      "address_line",
      "city",
      "region",
      "postal_code",
      "emergency_contact_name",
      "emergency_contact_relationship",
      "emergency_contact_phone",
      "escort_name",
      "escort_relationship",
      "escort_phone",
      "weight_kg",
      "created_by",
      "created_at",
      "updated_at",
    ],
    plan.patients.map((person) => ({
      id: person.id,
      clinic_id: clinicId,
      mrn: person.mrn,
      first_name: person.firstName,
      last_name: person.lastName,
      preferred_name: person.preferredName,
      date_of_birth: person.dateOfBirth,
      sex_at_birth: person.sexAtBirth,
      pronouns: person.pronouns,
      phone: person.phone,
      phone_digits: person.phoneDigits,
      email: person.email,
      address_line: person.addressLine,
      city: person.city,
      region: person.region,
      postal_code: person.postalCode,
      emergency_contact_name: person.emergencyContactName,
      emergency_contact_relationship: person.emergencyContactRelationship,
      emergency_contact_phone: person.emergencyContactPhone,
      escort_name: person.escortName,
      escort_relationship: person.escortRelationship,
      escort_phone: person.escortPhone,
      weight_kg: person.weightKg.toFixed(1),
      created_by: random.pick(frontdesk),
      created_at: person.createdAt,
      updated_at: person.createdAt,
    })),
    written,
  );
  await writeTable(
    target,
    "care_team_member",
    ["clinic_id", "patient_id", "user_id", "role", "added_at"],
    plan.patients.flatMap((person) => [
      {
        clinic_id: clinicId,
        patient_id: person.id,
        user_id: staffIdOf(plan, person.prescriber),
        role: "prescriber",
        added_at: person.createdAt,
      },
      {
        clinic_id: clinicId,
        patient_id: person.id,
        user_id: staffIdOf(plan, person.therapist),
        role: "therapist",
        added_at: person.createdAt,
      },
      {
        clinic_id: clinicId,
        patient_id: person.id,
        user_id: staffIdOf(plan, person.nurse),
        role: "nurse",
        added_at: person.createdAt,
      },
    ]),
    written,
  );
  const bookedBy = plan.series.map(() => random.pick(frontdesk));
  await writeTable(
    target,
    "series",
    [
      "id",
      "clinic_id",
      "patient_id",
      "template_id",
      "rules",
      "prescriber_id",
      "therapist_id",
      "status",
      "planned_start",
      "planned_end",
      "status_reason",
      "created_by",
      "created_at",
      "updated_at",
    ],
    plan.series.map((course, index) => {
      const person = plan.patients[course.patient]!;
      return {
        id: course.id,
        clinic_id: clinicId,
        patient_id: person.id,
        template_id: plan.templates[course.template],
        rules: TEMPLATES[course.template],
        prescriber_id: staffIdOf(plan, person.prescriber),
        therapist_id: staffIdOf(plan, person.therapist),
        status: course.status,
        planned_start: course.plannedStart,
        planned_end: course.plannedEnd,
        status_reason: course.statusReason,
        created_by: bookedBy[index],
        created_at: new Date(Math.min(course.createdAt.getTime(), now.getTime())),
        updated_at: new Date(Math.min(course.createdAt.getTime(), now.getTime())),
      };
    }),
    written,
  );

  const bookedAt = (row: AppointmentPlan): Date => {
    const at =
      row.series !== null
        ? plan.series[row.series]!.createdAt.getTime()
        : row.start.getTime() - random.int(1, 21) * DAY_MS;
    return new Date(Math.min(at, now.getTime() - 60_000, row.start.getTime()));
  };
  const booked = plan.appointments.map(bookedAt);
  const events = plan.appointments.map((row, index) => statusEvent(row, now, booked[index]!));
  await writeTable(
    target,
    "appointment",
    [
      "id",
      "clinic_id",
      "series_id",
      "patient_id",
      "kind",
      "status",
      "starts_at",
      "ends_at",
      "room_id",
      "sequence",
      "dose_number",
      "version",
      "created_by",
      "created_at",
      "updated_at",
    ],
    plan.appointments.map((row, index) => ({
      id: row.id,
      clinic_id: clinicId,
      series_id: row.series === null ? null : plan.series[row.series]!.id,
      patient_id: plan.patients[row.patient]!.id,
      kind: row.kind,
      status: row.status,
      starts_at: row.start,
      ends_at: row.end,
      room_id: row.room === null ? null : plan.rooms[row.room]!.id,
      sequence: row.sequence,
      dose_number: row.doseNumber,
      version: events[index] ? 2 : 1,
      created_by: row.series === null ? random.pick(frontdesk) : bookedBy[row.series],
      created_at: booked[index],
      updated_at: events[index]?.at ?? booked[index],
    })),
    written,
  );
  await writeTable(
    target,
    "appointment_staff",
    ["appointment_id", "user_id", "clinic_id", "role", "starts_at", "ends_at", "active"],
    plan.appointments.flatMap((row) =>
      row.staff.map((member) => ({
        appointment_id: row.id,
        user_id: staffIdOf(plan, member.staff),
        clinic_id: clinicId,
        role: member.role,
        starts_at: row.start,
        ends_at: row.end,
        active: row.status !== "cancelled",
      })),
    ),
    written,
  );
  await writeTable(
    target,
    "appointment_event",
    ["id", "clinic_id", "appointment_id", "at", "actor_id", "action", "from_value", "to_value", "reason"],
    (function* () {
      for (const [index, row] of plan.appointments.entries()) {
        const staff = row.staff.map((member) => ({ userId: staffIdOf(plan, member.staff), role: member.role }));
        yield {
          id: randomUUID(),
          clinic_id: clinicId,
          appointment_id: row.id,
          at: booked[index],
          actor_id: row.series === null ? frontdesk[0] : bookedBy[row.series],
          action: "booked",
          from_value: {},
          to_value: {
            start: row.start.toISOString(),
            end: row.end.toISOString(),
            roomId: row.room === null ? null : plan.rooms[row.room]!.id,
            staff,
          },
          reason: "",
        };
        const event = events[index];
        if (event) {
          yield {
            id: randomUUID(),
            clinic_id: clinicId,
            appointment_id: row.id,
            at: event.at,
            actor_id: staff[0]?.userId ?? null,
            action: event.action,
            from_value: { status: "scheduled" },
            to_value: { status: row.status },
            reason: event.reason,
          };
        }
      }
    })(),
    written,
  );
  const records = await writeRecords(target, plan, context);
  for (const [table, rows] of Object.entries(records)) {
    written[table] = (written[table] ?? 0) + rows;
  }
  return written;
}

/** The change that put an appointment in its status, if it is not simply scheduled. */
function statusEvent(
  row: AppointmentPlan,
  now: Date,
  booked: Date,
): { at: Date; action: string; reason: string } | null {
  const cap = (ms: number): Date => new Date(Math.max(booked.getTime() + 60_000, Math.min(ms, now.getTime())));
  switch (row.status) {
    case "scheduled":
      return null;
    case "completed":
      return { at: cap(row.end.getTime()), action: "status_changed", reason: "" };
    case "checked_in":
    case "in_progress":
      return { at: cap(row.start.getTime()), action: "status_changed", reason: "" };
    case "no_show":
      return { at: cap(row.start.getTime() + 20 * 60_000), action: "no_show", reason: "" };
    case "cancelled":
      return {
        at: cap(row.start.getTime() - 2 * DAY_MS),
        action: "cancelled",
        reason: row.series === null ? "Patient asked to reschedule." : "Course stopped.",
      };
  }
}
