function minutesFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

export type SessionConfig = { idleTimeoutMs: number; absoluteLifetimeMs: number; secureCookie: boolean };

export function sessionConfig(): SessionConfig {
  return {
    idleTimeoutMs: minutesFromEnv("SESSION_IDLE_MINUTES", 15) * 60_000,
    absoluteLifetimeMs: minutesFromEnv("SESSION_MAX_HOURS", 12) * 3_600_000,
    secureCookie: process.env.COOKIE_SECURE
      ? process.env.COOKIE_SECURE === "true"
      : process.env.NODE_ENV === "production",
  };
}
