import { count } from "drizzle-orm";
import { hashPassword } from "#app/auth/password.server";
import type { Db } from "#db/client";
import { careTeamMember, clinic, clinicOpeningHours, patient, room, staffUser, workingHours } from "#db/schema";
import { DEMO_PATIENT_NAMES, DEMO_STAFF } from "./demo-people";
import { seedDemoClinicalRecords } from "./demo-clinical";
import { seedDemoSchedule } from "./demo-schedule";

export const DEMO_PASSWORD = "kap-demo-2026";
export const DEMO_CLINIC_NAME = "Demo KAP Clinic";

export async function seedDemoClinicIfEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ clinics: count() }).from(clinic);
  if ((row?.clinics ?? 0) > 0) {
    return false;
  }
  await seedDemoClinic(db);
  return true;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export async function seedDemoClinic(db: Db): Promise<{ clinicId: string; staff: Record<string, string> }> {
  // One hash serves every demo account: they share the published demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    // Second factors optional, so visitors can try the demo with the published password alone.
    const [demo] = await tx
      .insert(clinic)
      .values({
        name: DEMO_CLINIC_NAME,
        timeZone: "America/Los_Angeles",
        settings: { signOffGatesNextDose: true, secondFactorRequirement: "optional" },
      })
      .returning();
    if (!demo) {
      throw new Error("could not create the demo clinic");
    }
    const clinicId = demo.id;
    await tx
      .insert(clinicOpeningHours)
      .values([
        ...[1, 2, 3, 4, 5].map((weekday) => ({ clinicId, weekday, opensAt: "08:00", closesAt: "18:00" })),
        { clinicId, weekday: 6, opensAt: "09:00", closesAt: "13:00" },
      ]);
    await tx.insert(room).values(
      ["Cedar Room", "Willow Room", "Aspen Room", "Consult Room 1", "Consult Room 2"].map((name) => ({
        clinicId,
        name,
      })),
    );

    const staff: Record<string, string> = {};
    for (const person of DEMO_STAFF) {
      const [user] = await tx
        .insert(staffUser)
        .values({
          clinicId,
          email: person.email,
          name: person.name,
          credentials: person.credentials,
          roles: person.roles,
          licenseNumber: person.licenseNumber ?? "",
          npi: person.npi ?? "",
          deaNumber: person.deaNumber ?? "",
          passwordHash,
        })
        .returning({ id: staffUser.id });
      staff[person.key] = user!.id;
      if (!person.roles.includes("admin")) {
        await tx.insert(workingHours).values(
          [1, 2, 3, 4, 5].map((weekday) => ({
            clinicId,
            userId: user!.id,
            weekday,
            startsAt: "08:30",
            endsAt: "17:30",
          })),
        );
      }
    }

    const patientIds: string[] = [];
    const prescribers = [staff.prescriber!, staff.prescriber2!];
    const therapists = [staff.therapist!, staff.therapist2!];
    const nurses = [staff.nurse!, staff.nurse2!];
    for (const [index, [firstName, lastName]] of DEMO_PATIENT_NAMES.entries()) {
      const year = 1962 + ((index * 7) % 40);
      const [created] = await tx
        .insert(patient)
        .values({
          clinicId,
          firstName,
          lastName,
          dateOfBirth: `${year}-${pad((index % 12) + 1)}-${pad((index % 27) + 1)}`,
          phone: `(415) 555-${String(100 + index).padStart(4, "0")}`,
          phoneDigits: `415555${String(100 + index).padStart(4, "0")}`,
          email: `patient${index + 1}@example.org`,
          city: "Oakland",
          region: "CA",
          emergencyContactName: `${["Chris", "Pat", "Robin", "Dana"][index % 4]} ${lastName}`,
          emergencyContactRelationship: ["Spouse", "Parent", "Sibling", "Friend"][index % 4]!,
          emergencyContactPhone: `(510) 555-${String(200 + index).padStart(4, "0")}`,
          escortName: `${["Chris", "Pat", "Robin", "Dana"][index % 4]} ${lastName}`,
          escortRelationship: ["Spouse", "Parent", "Sibling", "Friend"][index % 4]!,
          escortPhone: `(510) 555-${String(200 + index).padStart(4, "0")}`,
          weightKg: String(55 + ((index * 13) % 45)),
          createdBy: staff.frontdesk!,
        })
        .returning({ id: patient.id });
      patientIds.push(created!.id);
      // The demo accounts (prescriber, therapist, nurse) are on two thirds of the teams, so each of
      // them also meets patients they may not open.
      const onDemoTeam = index % 3 !== 2;
      await tx.insert(careTeamMember).values([
        {
          clinicId,
          patientId: created!.id,
          userId: onDemoTeam ? prescribers[0]! : prescribers[1]!,
          role: "prescriber",
        },
        { clinicId, patientId: created!.id, userId: onDemoTeam ? therapists[0]! : therapists[1]!, role: "therapist" },
        { clinicId, patientId: created!.id, userId: onDemoTeam ? nurses[0]! : nurses[1]!, role: "nurse" },
      ]);
    }
    await seedDemoSchedule(tx as unknown as Db, { clinicId, timeZone: demo.timeZone, staff, patientIds });
    await seedDemoClinicalRecords(tx as unknown as Db, { clinicId, staff });
    return { clinicId, staff };
  });
}
