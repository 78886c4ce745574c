import type { ClinicSettings } from "#db/schema/clinic";

/** How long an emergency access lasts: a clinic setting within these bounds (the database holds 240). */
export const BREAK_GLASS_MINUTES = { min: 5, max: 240, default: 60 } as const;

export function breakGlassMinutes(settings: ClinicSettings | null | undefined): number {
  const stored = settings?.breakGlassMinutes;
  if (
    typeof stored !== "number" ||
    !Number.isInteger(stored) ||
    stored < BREAK_GLASS_MINUTES.min ||
    stored > BREAK_GLASS_MINUTES.max
  ) {
    return BREAK_GLASS_MINUTES.default;
  }
  return stored;
}

/** The window a grant opened now covers. */
export function grantWindow(now: Date, minutes: number): { startsAt: Date; expiresAt: Date } {
  return { startsAt: now, expiresAt: new Date(now.getTime() + minutes * 60_000) };
}

/** Whether a grant gives access at this instant: started, not yet expired, not ended early. */
export function isLive(grant: { startsAt: Date; expiresAt: Date; endedAt: Date | null }, now: Date): boolean {
  return (
    grant.startsAt.getTime() <= now.getTime() && now.getTime() < grant.expiresAt.getTime() && grant.endedAt === null
  );
}
