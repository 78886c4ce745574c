import type { Role } from "#db/schema/staff";

// Invented people only. Names cover the characters a real clinic's records hold.
export type DemoStaff = {
  key: string;
  email: string;
  name: string;
  credentials: string;
  roles: Role[];
  licenseNumber?: string;
  npi?: string;
  deaNumber?: string;
};

export const DEMO_STAFF: DemoStaff[] = [
  { key: "admin", email: "admin@demo.clinic", name: "Avery Lindqvist", credentials: "", roles: ["admin"] },
  {
    key: "prescriber",
    email: "prescriber@demo.clinic",
    name: "Maya Okafor",
    credentials: "MD",
    roles: ["prescriber"],
    licenseNumber: "A-190233",
    npi: "1234567893",
    deaNumber: "BO1234563",
  },
  {
    key: "therapist",
    email: "therapist@demo.clinic",
    name: "Jordan Reyes",
    credentials: "LMFT",
    roles: ["therapist"],
    licenseNumber: "LMFT-88412",
  },
  {
    key: "nurse",
    email: "nurse@demo.clinic",
    name: "Samir Haddad",
    credentials: "RN",
    roles: ["nurse"],
    licenseNumber: "RN-775310",
  },
  { key: "frontdesk", email: "frontdesk@demo.clinic", name: "Riley Chen", credentials: "", roles: ["frontdesk"] },
  {
    key: "prescriber2",
    email: "np.ito@demo.clinic",
    name: "Kenji Ito",
    credentials: "PMHNP",
    roles: ["prescriber"],
    licenseNumber: "NP-50121",
    npi: "1245319599",
    deaNumber: "MI2345672",
  },
  {
    key: "therapist2",
    email: "dr.alvarez@demo.clinic",
    name: "Lucía Álvarez",
    credentials: "PsyD",
    roles: ["therapist"],
    licenseNumber: "PSY-30877",
  },
  {
    key: "nurse2",
    email: "rn.obrien@demo.clinic",
    name: "Siobhán O'Brien",
    credentials: "RN",
    roles: ["nurse"],
    licenseNumber: "RN-661204",
  },
];

export const DEMO_PATIENT_NAMES: [string, string][] = [
  ["Zoë", "Nguyễn"],
  ["Łukasz", "Żółć"],
  ["Inés", "Ñuñez"],
  ["Marcus", "Whitfield"],
  ["Priya", "Raman"],
  ["Tomasz", "Kowalczyk"],
  ["Hannah", "Berg"],
  ["Dmitri", "Volkov"],
  ["Aaliyah", "Brooks"],
  ["Mateo", "Castillo"],
  ["Ingrid", "Solberg"],
  ["Kwame", "Mensah"],
  ["Chloé", "Dubois"],
  ["Ravi", "Krishnan"],
  ["Elena", "Petrova"],
  ["Noah", "Feldman"],
  ["Yuki", "Tanaka"],
  ["Fatima", "Al-Sayed"],
  ["Liam", "O'Connor"],
  ["Sofia", "Rossi"],
  ["Jamal", "Carter"],
  ["Mei", "Lin"],
  ["Oskar", "Lindgren"],
  ["Amara", "Eze"],
  ["Diego", "Herrera"],
  ["Grace", "Kim"],
  ["Anders", "Holm"],
  ["Leila", "Haddadi"],
  ["Ethan", "Walsh"],
  ["Nadia", "Benali"],
];
