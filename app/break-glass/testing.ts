import { vi } from "vitest";
import type { Db } from "#db/client";
import { clock } from "#app/auth/clock";
import { cookieFor, createClinicWithTeam, createPatient, createStaff, respond, routeArgs } from "#test/fixtures";
import { action as breakGlassAction, loader as breakGlassLoader } from "#app/routes/patients/break-glass";
import { loader as profileLoader } from "#app/routes/patients/profile";

// Shared by the break-glass integration tests; nothing in the app imports it.

export const START = new Date("2030-03-04T17:00:00Z");

/** Moves the application's clock; sessions and grants are judged against it. */
export function setClock(at: Date): void {
  vi.spyOn(clock, "now").mockReturnValue(at);
}

export function minutesAfterStart(minutes: number): Date {
  return new Date(START.getTime() + minutes * 60_000);
}

/** A clinic with its team and patient, clinicians on no team of it, and a second patient of the outsiders' team. */
export async function createBreakGlassWorld(db: Db) {
  const world = await createClinicWithTeam(db);
  const outsiders = {
    prescriber: await createStaff(db, world.clinic.id, ["prescriber"]),
    therapist: await createStaff(db, world.clinic.id, ["therapist"]),
    nurse: await createStaff(db, world.clinic.id, ["nurse"]),
  };
  const otherPatient = await createPatient(db, world.clinic.id, [
    { userId: world.users.prescriber.id, role: "prescriber" },
    { userId: world.users.therapist.id, role: "therapist" },
  ]);
  return { ...world, outsiders, otherPatient };
}

/** A fresh login session at the clock's current time. */
export function cookieOf(db: Db, user: { id: string }): Promise<string> {
  return cookieFor(db, user.id);
}

export const VALID_REQUEST = {
  intent: "request",
  reasonKind: "emergency",
  reason: "Patient collapsed in the waiting room; her team is off site.",
  acknowledged: "on",
};

export function requestAccess(cookie: string, patientId: string, form: Record<string, string> = VALID_REQUEST) {
  return respond(() =>
    breakGlassAction(routeArgs(`/patients/${patientId}/break-glass`, { cookie, params: { patientId }, form })),
  );
}

export function requestPage(cookie: string, patientId: string) {
  return respond(() =>
    breakGlassLoader(routeArgs(`/patients/${patientId}/break-glass`, { cookie, params: { patientId } })),
  );
}

export function openProfile(cookie: string, patientId: string) {
  return respond(() => profileLoader(routeArgs(`/patients/${patientId}`, { cookie, params: { patientId } })));
}
