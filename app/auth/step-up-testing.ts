import { vi } from "vitest";
import { clock } from "./clock";
import { STEP_UP_WINDOW_MS } from "./second-factor-policy";

/**
 * Moves "now" past the step-up window (or by `ms`) for the rest of the test, frozen there so nothing
 * depends on how fast the machine is. Restored by vi.restoreAllMocks (or the returned function).
 */
export function jumpClock(ms: number = STEP_UP_WINDOW_MS + 60_000, from: Date = new Date()): () => void {
  const at = new Date(from.getTime() + ms);
  const spy = vi.spyOn(clock, "now").mockImplementation(() => new Date(at));
  return () => spy.mockRestore();
}
