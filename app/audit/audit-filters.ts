import { z } from "zod";
import { isLocalDate } from "#app/scheduling/local-dates";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, { error: "Use a date like 2026-03-14." })
  .refine(isLocalDate, { error: "That date does not exist." });

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

export const AUDIT_PAGE_SIZE = 50;

/** The audit log's filters, read from the query string. */
export const auditFilterSchema = z
  .object({
    userId: optional(z.uuid({ error: "Choose a staff member from the list." })),
    mrn: optional(z.string().trim().max(40)),
    from: optional(isoDate),
    to: optional(isoDate),
    outcome: optional(
      z.enum(["success", "denied", "not_found", "failure"], { error: "Choose an outcome from the list." }),
    ),
    before: optional(z.coerce.number().int().positive()),
    // Only entries made under an emergency (break-glass) access.
    breakGlass: optional(z.literal("1", { error: "Tick the box or leave it empty." })),
  })
  .refine((value) => !value.from || !value.to || value.from <= value.to, {
    path: ["to"],
    error: "The end date is before the start date.",
  });

export type AuditFilters = z.infer<typeof auditFilterSchema>;
