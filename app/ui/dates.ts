import { tz, tzOffset } from "@date-fns/tz";
import { format } from "date-fns";

const QUARTER_HOUR_MS = 15 * 60_000;
const OFFSET_CACHE_LIMIT = 50_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset from UTC at an instant, in minutes (e.g. -420 for 09:00 PDT = 16:00Z). Every
 * offset in use is a whole number of quarter hours and every clock change happens on one, so one
 * lookup per zone and quarter hour serves every instant in it: asking Intl (what tzOffset does) on
 * each of the hundreds of times a calendar page shows was an eighth of its cost.
 */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant.getTime() / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = tzOffset(timeZone, instant);
    if (offsets.size >= OFFSET_CACHE_LIMIT) {
      offsets.clear();
    }
    offsets.set(key, offset);
  }
  return offset;
}

/** A Date whose local getters read the wall clock it was built for: what date-fns' format reads. */
class WallClock extends Date {
  override getFullYear(): number {
    return this.getUTCFullYear();
  }
  override getMonth(): number {
    return this.getUTCMonth();
  }
  override getDate(): number {
    return this.getUTCDate();
  }
  override getDay(): number {
    return this.getUTCDay();
  }
  override getHours(): number {
    return this.getUTCHours();
  }
  override getMinutes(): number {
    return this.getUTCMinutes();
  }
  override getSeconds(): number {
    return this.getUTCSeconds();
  }
  override getMilliseconds(): number {
    return this.getUTCMilliseconds();
  }
}

// Patterns of calendar fields only: a zone name or offset token (z, O, X, x) needs the zone itself.
const ZONE_TOKENS = /[zOXx]/u;
const namesZone = new Map<string, boolean>();

function patternNamesZone(pattern: string): boolean {
  let names = namesZone.get(pattern);
  if (names === undefined) {
    names = ZONE_TOKENS.test(pattern.replace(/'[^']*'/gu, ""));
    namesZone.set(pattern, names);
  }
  return names;
}

const two = (value: number): string => String(value).padStart(2, "0");

// The two patterns a calendar prints hundreds of times a page, without date-fns reading the pattern each time.
const FAST_PATTERNS: Partial<Record<string, (wall: Date) => string>> = {
  "HH:mm": (wall) => `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`,
  "yyyy-MM-dd": (wall) =>
    `${String(wall.getUTCFullYear()).padStart(4, "0")}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}`,
};

/** Every time a person reads is in the clinic's zone, whatever the server's zone is. */
export function formatInTimeZone(instant: Date | string, timeZone: string, pattern: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime()) || patternNamesZone(pattern)) {
    return formatWithZone(date, timeZone, pattern);
  }
  const wall = new WallClock(date.getTime() + zoneOffsetMinutes(date, timeZone) * 60_000);
  const fast = FAST_PATTERNS[pattern];
  return fast ? fast(wall) : format(wall, pattern);
}

/** The general path, through @date-fns/tz on every call (and the reference the fast one is tested against). */
export function formatWithZone(instant: Date | string, timeZone: string, pattern: string): string {
  return format(new Date(instant), pattern, { in: tz(timeZone) });
}
