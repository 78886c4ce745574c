type DriverError = { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };

export type PgErrorInfo = { code: string; constraint: string | null };

/**
 * The PostgreSQL error behind a failed statement. drizzle wraps the driver's error in `cause`;
 * postgres.js names the constraint `constraint_name`, PGlite `constraint`.
 */
export function pgErrorOf(error: unknown): PgErrorInfo | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth += 1) {
    const candidate = current as DriverError;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/u.test(candidate.code)) {
      const constraint = candidate.constraint ?? candidate.constraint_name;
      return { code: candidate.code, constraint: typeof constraint === "string" ? constraint : null };
    }
    current = candidate.cause;
  }
  return null;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const info = pgErrorOf(error);
  return info?.code === "23505" && info.constraint === constraint;
}

/** An EXCLUDE constraint refused an overlapping booking. */
export function isExclusionViolation(error: unknown): boolean {
  return pgErrorOf(error)?.code === "23P01";
}
