import { z } from "zod";
import { plainText } from "#app/lib/plain-text";
import type { Role } from "#db/schema/staff";
import { STAFF_ROLES } from "./roles";
import { deaNumberProblem, normalizeDeaNumber, normalizeNpi, npiProblem } from "./identifiers";

const MAX_TEXT = 120;

function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters.` })
    .optional()
    .transform((value) => value ?? "");
}

const npi = z
  .string()
  .transform(normalizeNpi)
  .superRefine((value, ctx) => {
    const problem = value ? npiProblem(value) : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
    }
  })
  .optional()
  .transform((value) => value ?? "");

const deaNumber = z
  .string()
  .transform(normalizeDeaNumber)
  .superRefine((value, ctx) => {
    const problem = value ? deaNumberProblem(value) : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
    }
  })
  .optional()
  .transform((value) => value ?? "");

export const staffDetailsShape = {
  name: z
    .string({ error: "Enter the person's full name." })
    .trim()
    .min(1, { error: "Enter the person's full name." })
    .max(MAX_TEXT, { error: `Use at most ${MAX_TEXT} characters.` })
    .transform(plainText)
    .refine((text) => text.length > 0, { error: "Enter the person's full name." }),
  email: z
    .string({ error: "Enter an email address." })
    .trim()
    .toLowerCase()
    .max(254, { error: "That email address is too long." })
    .pipe(z.email({ error: "Enter a valid email address, e.g. name@clinic.example." })),
  roles: z
    .array(z.enum(STAFF_ROLES, { error: "Choose roles from the list." }), { error: "Choose at least one role." })
    .min(1, { error: "Choose at least one role." })
    .transform((roles): Role[] => STAFF_ROLES.filter((role) => roles.includes(role))),
  credentials: optionalText(60),
  licenseNumber: optionalText(40),
  npi,
  deaNumber,
};

export type StaffDetails = {
  name: string;
  email: string;
  roles: Role[];
  credentials: string;
  licenseNumber: string;
  npi: string;
  deaNumber: string;
};

function requireNpiForPrescribers(value: { roles: Role[]; npi: string }, ctx: z.RefinementCtx): void {
  if (value.roles.includes("prescriber") && !value.npi) {
    ctx.addIssue({ code: "custom", path: ["npi"], message: "A prescriber needs an NPI." });
  }
}

const password = z
  .string({ error: "Type a temporary password." })
  .min(12, { error: "Use at least 12 characters." })
  .max(256, { error: "Use at most 256 characters." });

export const newStaffSchema = z.object({ ...staffDetailsShape, password }).superRefine(requireNpiForPrescribers);

export const STAFF_EDIT_INTENTS = ["update", "reset-password", "deactivate", "reactivate"] as const;
export type StaffEditIntent = (typeof STAFF_EDIT_INTENTS)[number];

export const editStaffSchema = z
  .object({ intent: z.literal("update"), ...staffDetailsShape })
  .superRefine(requireNpiForPrescribers);

export const resetPasswordSchema = z.object({ intent: z.literal("reset-password"), password });

export const staffActiveSchema = z.object({ intent: z.enum(["deactivate", "reactivate"]) });
