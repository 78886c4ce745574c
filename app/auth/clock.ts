/**
 * The one source of "now" for session expiry and rate limits, replaceable in tests so timeouts are
 * tested without waiting.
 */
export const clock = {
  now: (): Date => new Date(),
};
