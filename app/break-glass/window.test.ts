import { describe, expect, it } from "vitest";
import { BREAK_GLASS_MINUTES, breakGlassMinutes, grantWindow, isLive } from "./window";

describe("the break-glass window", () => {
  it("is 60 minutes unless the clinic set another length within 5–240", () => {
    expect(breakGlassMinutes(undefined)).toBe(60);
    expect(breakGlassMinutes({})).toBe(60);
    expect(breakGlassMinutes({ breakGlassMinutes: 5 })).toBe(5);
    expect(breakGlassMinutes({ breakGlassMinutes: 240 })).toBe(240);
    for (const bad of [4, 241, 0, -10, 30.5, Number.NaN]) {
      expect(breakGlassMinutes({ breakGlassMinutes: bad })).toBe(BREAK_GLASS_MINUTES.default);
    }
  });

  it("runs from now for the chosen minutes, live until the last millisecond before expiry", () => {
    const now = new Date("2030-01-01T10:00:00Z");
    const window = grantWindow(now, 60);
    expect(window).toEqual({ startsAt: now, expiresAt: new Date("2030-01-01T11:00:00Z") });
    const grant = { ...window, endedAt: null };
    expect(isLive(grant, now)).toBe(true);
    expect(isLive(grant, new Date("2030-01-01T10:59:59.999Z"))).toBe(true);
    expect(isLive(grant, new Date("2030-01-01T11:00:00Z"))).toBe(false);
    expect(isLive(grant, new Date("2030-01-01T09:59:59Z"))).toBe(false);
    expect(isLive({ ...window, endedAt: new Date("2030-01-01T10:10:00Z") }, new Date("2030-01-01T10:05:00Z"))).toBe(
      false,
    );
  });
});
