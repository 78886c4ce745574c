import type { CareTeamRole } from "#db/schema/patients";

export const SEX_AT_BIRTH = ["female", "male", "intersex", "unknown"] as const;
export type SexAtBirth = (typeof SEX_AT_BIRTH)[number];

export const SEX_AT_BIRTH_LABELS: Record<SexAtBirth, string> = {
  female: "Female",
  male: "Male",
  intersex: "Intersex",
  unknown: "Unknown",
};

export function sexAtBirthLabel(value: string): string {
  return (SEX_AT_BIRTH as readonly string[]).includes(value)
    ? SEX_AT_BIRTH_LABELS[value as SexAtBirth]
    : "Not recorded";
}

// Forms run in the browser, which must not load the drizzle schema; the check below stops the list
// drifting from the database enum.
export const CARE_TEAM_ROLE_VALUES = ["prescriber", "therapist", "nurse"] as const satisfies readonly CareTeamRole[];
type UnlistedRole = Exclude<CareTeamRole, (typeof CARE_TEAM_ROLE_VALUES)[number]>;
const _everyRoleListed: [UnlistedRole] extends [never] ? true : UnlistedRole = true;

export const CARE_TEAM_ROLE_LABELS: Record<CareTeamRole, string> = {
  prescriber: "Prescriber",
  therapist: "Therapist",
  nurse: "Nurse",
};

/** "Zoë Nguyễn (Zo)": the preferred name, when there is one, is what staff should say aloud. */
export function patientDisplayName(person: { firstName: string; lastName: string; preferredName: string }): string {
  const name = `${person.firstName} ${person.lastName}`;
  return person.preferredName ? `${name} (${person.preferredName})` : name;
}

export function staffDisplayName(person: { name: string; credentials: string }): string {
  return person.credentials ? `${person.name}, ${person.credentials}` : person.name;
}
