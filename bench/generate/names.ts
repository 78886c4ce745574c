import type { Random } from "./random";

// Invented people only: first names and surnames are drawn independently, and most surnames are
// built from syllables, so no row names a real person. Accents and apostrophes are there because a
// clinic's records hold them (and search must fold them).
const FIRST = [
  "Aaliyah", "Aarav", "Abena", "Adrián", "Aiko", "Alejandro", "Amara", "Ana", "Anders", "Aoife", "Arjun", "Astrid", "Ayşe", "Beatriz", "Bo", "Bruno",
  "Camille", "Carmen", "Chiara", "Chloé", "Chidi", "Dalia", "Daniel", "Dmitri", "Elena", "Eli", "Émile", "Esther", "Farida", "Fatima", "Felix", "Fern",
  "Finn", "Gabriel", "Grace", "Gustavo", "Hana", "Hannah", "Hiro", "Ibrahim", "Ines", "Inés", "Ingrid", "Isaac", "Jamal", "Jana", "Javier", "Jin",
  "Joaquín", "José", "Julia", "Kai", "Kalani", "Kenji", "Kwame", "Laila", "Lars", "Leila", "Liam", "Lucía", "Luka", "Łukasz", "Mai", "Malik",
  "Marcus", "María", "Mateo", "Maya", "Mei", "Mikael", "Nadia", "Naledi", "Ngọc", "Nia", "Noah", "Noor", "Olga", "Omar", "Oskar", "Paloma",
  "Pedro", "Priya", "Quinn", "Rafael", "Ravi", "Rosa", "Sadie", "Samir", "Sara", "Seo-yeon", "Siobhán", "Sofía", "Søren", "Tariq", "Thandiwe", "Theo",
  "Tomasz", "Uma", "Valentina", "Vera", "Wei", "Wren", "Ximena", "Yara", "Yusuf", "Zainab", "Zoë", "Zuri",
];
const SURNAMES = [
  "Abara", "Achterberg", "Al-Masri", "Bergqvist", "Brannigan", "Castellano", "Dahlgren", "Delacroix", "Duarte", "Eskildsen", "Ferreira", "Fitzwilliam",
  "Gallardo", "Halvorsen", "Ibarra", "Jablonski", "Kovačević", "Lindahl", "Mbeki", "Moreno-Ruiz", "Nakamura", "Nguyễn", "Novaković", "O'Sullivan",
  "Okonkwo", "Østby", "Papadakis", "Quintero", "Rasmussen", "Sandoval", "Szymańska", "Takahashi", "Underhill", "Valdés", "Wójcik", "Yamada", "Żelazny",
];
const SYLLABLES = ["ka", "lo", "mer", "vin", "sa", "to", "ri", "ben", "ald", "ström", "ne", "gu", "ha", "pel", "dor", "wick", "fa", "zi", "mon", "tre", "las", "ku", "ber", "ton", "qui", "res", "mar", "bel", "cor", "len", "vas", "ith"];

export function firstName(random: Random): string {
  return random.pick(FIRST);
}

export function lastName(random: Random): string {
  if (random.chance(0.25)) {
    return random.pick(SURNAMES);
  }
  const name = Array.from({ length: random.int(2, 3) }, () => random.pick(SYLLABLES)).join("");
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const STREETS = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Hawthorn", "Juniper", "Linden", "Maple", "Oak", "Poplar", "Rowan", "Spruce", "Willow"];
const SUFFIXES = ["St", "Ave", "Way", "Ln", "Ct", "Rd"];

export function streetAddress(random: Random): string {
  return `${random.int(10, 9899)} ${random.pick(STREETS)} ${random.pick(SUFFIXES)}`;
}

/** 555-01xx numbers are reserved for fiction; the area code varies so phone search has work to do. */
export function phoneNumber(random: Random): { phone: string; digits: string } {
  const area = String(random.int(201, 989));
  const line = String(random.int(100, 199)).padStart(4, "0");
  return { phone: `(${area}) 555-${line}`, digits: `${area}555${line}` };
}

export const CLINIC_PLACES: { name: string; city: string; region: string; timeZone: string }[] = [
  { name: "Harbor Light KAP Clinic", city: "Oakland", region: "CA", timeZone: "America/Los_Angeles" },
  { name: "Cedar Hollow Psychedelic Therapy", city: "Portland", region: "OR", timeZone: "America/Los_Angeles" },
  { name: "Mesa Verde Ketamine Therapy", city: "Denver", region: "CO", timeZone: "America/Denver" },
  { name: "Prairie Wind KAP Center", city: "Minneapolis", region: "MN", timeZone: "America/Chicago" },
  { name: "Riverbend Healing Arts", city: "Austin", region: "TX", timeZone: "America/Chicago" },
  { name: "Saguaro Mind Clinic", city: "Tucson", region: "AZ", timeZone: "America/Phoenix" },
  { name: "Northshore KAP Practice", city: "Chicago", region: "IL", timeZone: "America/Chicago" },
  { name: "Blue Ridge Integrative Care", city: "Asheville", region: "NC", timeZone: "America/New_York" },
  { name: "Harborview Ketamine Therapy", city: "Boston", region: "MA", timeZone: "America/New_York" },
  { name: "Kona Coast KAP Clinic", city: "Kailua-Kona", region: "HI", timeZone: "Pacific/Honolulu" },
];
