import { z } from "zod";

const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** The schedule page's query string: which days, and whose calendar. */
export const calendarQuerySchema = z.object({
  view: z.enum(["day", "week"]).catch("week"),
  date: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/u).refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))).catch(undefined),
  by: z.enum(["clinic", "clinician", "room"]).catch("clinic"),
  id: optional(z.uuid()).catch(undefined),
});

export type CalendarQuery = z.infer<typeof calendarQuerySchema>;
