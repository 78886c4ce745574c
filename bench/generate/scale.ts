export type ScaleName = "full" | "small";

export type Scale = {
  name: ScaleName;
  clinics: number;
  clinicians: number;
  rooms: number;
  patients: number;
  series: number;
  appointments: number;
  notes: number;
};

/** What the issue asks for; --scale small is a tenth of it (one clinic). */
export const SCALES: Record<ScaleName, Scale> = {
  full: {
    name: "full",
    clinics: 10,
    clinicians: 200,
    rooms: 50,
    patients: 20_000,
    series: 25_000,
    appointments: 200_000,
    notes: 150_000,
  },
  small: {
    name: "small",
    clinics: 1,
    clinicians: 20,
    rooms: 5,
    patients: 2_000,
    series: 2_500,
    appointments: 20_000,
    notes: 15_000,
  },
};

/**
 * Clinics differ in size the way a group's clinics do: the first is twice the average (the "busy
 * clinic" the calendar is measured on), the last two half of it. Everything of a clinic — staff,
 * rooms, patients, series, appointments — follows its weight, so every clinic is about as full.
 */
export const CLINIC_WEIGHTS = [2.0, 1.5, 1.2, 1.0, 1.0, 0.9, 0.8, 0.6, 0.5, 0.5];

/** Bump when the generator changes what it writes: a stored clinic of another version is rebuilt. */
export const DATA_VERSION = 2;

/** History kept: three years of appointments before this week, and eight weeks booked ahead. */
export const WEEKS_BACK = 156;
export const WEEKS_AHEAD = 8;

export const BENCH_PASSWORD = "bench-kap-password-2026";
