import { z } from "zod";
import { isLocalDate } from "./local-dates";

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** The schedule page's query string: which days, and whose calendar. */
export const calendarQuerySchema = z.object({
  view: z.enum(["day", "week"]).catch("week"),
  // A date that is not on the calendar (2026-02-31) is refused, not rolled into March.
  date: optional(
    z.string().refine((value) => isLocalDate(value) && value >= "1900-01-01" && value <= "2199-12-31", {
      error: "That is not a date on the calendar. Use a date like 2026-03-14.",
    }),
  ),
  by: z.enum(["clinic", "clinician", "room"]).catch("clinic"),
  id: optional(z.uuid()).catch(undefined),
});

export type CalendarQuery = z.infer<typeof calendarQuerySchema>;
