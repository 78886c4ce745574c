import { tz } from "@date-fns/tz";
import { format } from "date-fns";

/** Every time a person reads is in the clinic's zone, whatever the server's zone is. */
export function formatInTimeZone(instant: Date | string, timeZone: string, pattern: string): string {
  return format(new Date(instant), pattern, { in: tz(timeZone) });
}
