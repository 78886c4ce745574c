// Kept apart from the drizzle tables so browser code can import the list without pulling in drizzle.
export const ROLES = ["admin", "prescriber", "therapist", "nurse", "frontdesk"] as const;
export type Role = (typeof ROLES)[number];
