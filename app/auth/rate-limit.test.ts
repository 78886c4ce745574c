import { afterEach, describe, expect, it } from "vitest";
import { clock } from "./clock";
import { AttemptLimiter } from "./rate-limit";

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

function at(ms: number): void {
  clock.now = () => new Date(Date.UTC(2026, 0, 1) + ms);
}

describe("AttemptLimiter", () => {
  it("allows the limit, then refuses until the window has passed", () => {
    const limiter = new AttemptLimiter(10, 60_000);
    at(0);
    for (let i = 0; i < 10; i += 1) {
      expect(limiter.retryAfterSeconds("a@x")).toBe(0);
      limiter.recordFailure("a@x");
    }
    expect(limiter.retryAfterSeconds("a@x")).toBe(60);
    at(45_000);
    expect(limiter.retryAfterSeconds("a@x")).toBe(15);
    at(60_000);
    expect(limiter.retryAfterSeconds("a@x")).toBe(0);
  });

  it("counts each key apart and forgets a key on reset", () => {
    const limiter = new AttemptLimiter(2, 60_000);
    at(0);
    limiter.recordFailure("a@x");
    limiter.recordFailure("a@x");
    expect(limiter.retryAfterSeconds("a@x")).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds("b@x")).toBe(0);
    limiter.reset("a@x");
    expect(limiter.retryAfterSeconds("a@x")).toBe(0);
  });
});
