// Test support for the clearance, consent and dose-order tests (invented people only).
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { auditEntry } from "#db/schema";
import type { createClinicWithTeam } from "#test/fixtures";
import { bookAppointments } from "#app/scheduling/booking.server";
import { CONTRAINDICATION_KEYS } from "./screening-forms";

export type World = Awaited<ReturnType<typeof createClinicWithTeam>>;

let nextWeek = 0;

/**
 * A new series of two dosing sessions for the patient, each booked in a week of its own so that
 * series of one test file never overlap.
 */
export async function bookDosingSeries(
  db: Db,
  world: World,
  patientId: string = world.patient.id,
): Promise<{ seriesId: string; appointmentIds: string[] }> {
  nextWeek += 1;
  const start = Date.UTC(2030, 0, 7, 17, 0) + nextWeek * 7 * 86_400_000;
  const booked = await bookAppointments(
    db,
    { id: world.users.frontdesk.id, clinicId: world.clinic.id, ip: "127.0.0.1" },
    {
      clinicId: world.clinic.id,
      timeZone: world.clinic.timeZone,
      patientId,
      series: {
        templateId: null,
        rules: {},
        prescriberId: world.users.prescriber.id,
        therapistId: world.users.therapist.id,
      },
      slots: [0, 3].map((day, index) => ({
        kind: "dosing" as const,
        doseNumber: index + 1,
        start: new Date(start + day * 86_400_000),
        end: new Date(start + day * 86_400_000 + 3 * 3_600_000),
        roomId: null,
        staff: [
          { userId: world.users.therapist.id, role: "therapist" as const },
          { userId: world.users.nurse.id, role: "monitor" as const },
        ],
      })),
    },
  );
  if (!booked.ok || !booked.seriesId) {
    throw new Error("could not book the series the test needs");
  }
  return { seriesId: booked.seriesId, appointmentIds: booked.appointmentIds };
}

/** A complete screening form: every contraindication absent, a normal baseline, then the overrides. */
export function screeningForm(
  intent: "save-screening" | "sign-screening",
  version: number,
  overrides: Record<string, string | string[]> = {},
): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {
    intent,
    version: String(version),
    baselineSystolic: "122",
    baselineDiastolic: "78",
    baselineHeartRate: "68",
    baselineWeightKg: "72.5",
    notes: "Screened in clinic.",
  };
  for (const key of CONTRAINDICATION_KEYS) {
    form[`contraindications.${key}.answer`] = "absent";
  }
  return { ...form, ...overrides };
}

export async function auditActions(
  db: Db,
  actorUserId: string,
  entityType: string,
): Promise<{ action: string; outcome: string; patientId: string | null }[]> {
  return db
    .select({ action: auditEntry.action, outcome: auditEntry.outcome, patientId: auditEntry.patientId })
    .from(auditEntry)
    .where(and(eq(auditEntry.actorUserId, actorUserId), eq(auditEntry.entityType, entityType)));
}
