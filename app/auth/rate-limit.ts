import { clock } from "./clock";

/**
 * A fixed-window counter per key (an account's email address). In memory: a second app server keeps
 * its own counts, so the effective limit is per server; the per-IP limit in Express works the same way.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const entry = this.current(key);
    if (!entry || entry.count < this.limit) {
      return 0;
    }
    return Math.max(1, Math.ceil((entry.startedAt + this.windowMs - clock.now().getTime()) / 1000));
  }

  recordFailure(key: string): void {
    const entry = this.current(key);
    if (entry) {
      entry.count += 1;
    } else {
      this.windows.set(key, { startedAt: clock.now().getTime(), count: 1 });
    }
    if (this.windows.size > 10_000) {
      this.prune();
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string): { startedAt: number; count: number } | undefined {
    const entry = this.windows.get(key);
    if (entry && clock.now().getTime() - entry.startedAt >= this.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    const now = clock.now().getTime();
    for (const [key, entry] of this.windows) {
      if (now - entry.startedAt >= this.windowMs) {
        this.windows.delete(key);
      }
    }
  }
}

export const SIGN_IN_ATTEMPTS_PER_MINUTE = Number(process.env.SIGN_IN_ATTEMPTS_PER_MINUTE ?? 10);

export const accountSignInLimiter = new AttemptLimiter(SIGN_IN_ATTEMPTS_PER_MINUTE, 60_000);
