import { z } from "zod";
import { plainText } from "#app/lib/plain-text";
import { parseDateInput } from "./dates";
import { CARE_TEAM_ROLE_VALUES, SEX_AT_BIRTH } from "./labels";

export const EARLIEST_DATE_OF_BIRTH = "1900-01-01";
export const MIN_WEIGHT_KG = 20;
export const MAX_WEIGHT_KG = 400;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

function requiredText(max: number, missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `Use at most ${max} characters.` })
    .transform(plainText)
    .refine((text) => text.length > 0, { error: missing });
}

function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max} characters.` })
    .transform(plainText)
    .default("");
}

export function isPhoneNumber(text: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(text)) {
    return false;
  }
  const digits = text.replace(/\D/g, "");
  return digits.length >= MIN_PHONE_DIGITS && digits.length <= MAX_PHONE_DIGITS;
}

export function phoneDigitsOf(text: string): string {
  return text.replace(/\D/g, "");
}

const PHONE_MESSAGE = "Enter a phone number with 7 to 15 digits, e.g. (415) 555-0101.";

function optionalPhone() {
  return z
    .string()
    .trim()
    .max(40, { error: PHONE_MESSAGE })
    .refine((text) => text === "" || isPhoneNumber(text), { error: PHONE_MESSAGE })
    .default("");
}

function dateOfBirthField(today: string) {
  return z.string({ error: "Enter the date of birth." }).transform((text, ctx) => {
    const iso = parseDateInput(text);
    if (!iso) {
      ctx.addIssue({ code: "custom", message: "Enter a date that exists, e.g. 1980-05-17 or 05/17/1980." });
      return z.NEVER;
    }
    if (iso > today) {
      ctx.addIssue({ code: "custom", message: "The date of birth cannot be in the future." });
      return z.NEVER;
    }
    if (iso < EARLIEST_DATE_OF_BIRTH) {
      ctx.addIssue({ code: "custom", message: "The date of birth cannot be before 1900." });
      return z.NEVER;
    }
    return iso;
  });
}

const WEIGHT_MESSAGE = `Enter the weight in kilograms, between ${MIN_WEIGHT_KG} and ${MAX_WEIGHT_KG}, e.g. 72.5.`;

/** @param today the clinic's date today (ISO), for refusing a birthday in the future */
function detailsShape(today: string) {
  return {
    firstName: requiredText(100, "Enter the first name."),
    lastName: requiredText(100, "Enter the last name."),
    preferredName: optionalText(100),
    dateOfBirth: dateOfBirthField(today),
    sexAtBirth: z.enum(SEX_AT_BIRTH, { error: "Choose one of the listed options." }).optional(),
    pronouns: optionalText(40),
    phone: z
      .string({ error: "Enter a phone number." })
      .trim()
      .max(40, { error: PHONE_MESSAGE })
      .refine(isPhoneNumber, { error: PHONE_MESSAGE }),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, { error: "Use at most 254 characters." })
      .pipe(z.email({ error: "Enter a valid email address, e.g. name@example.com." }))
      .optional(),
    addressLine: optionalText(200),
    city: optionalText(100),
    region: optionalText(100),
    postalCode: optionalText(20),
    emergencyContactName: optionalText(100),
    emergencyContactRelationship: optionalText(60),
    emergencyContactPhone: optionalPhone(),
    escortName: optionalText(100),
    escortRelationship: optionalText(60),
    escortPhone: optionalPhone(),
    weightKg: z
      .number({ error: WEIGHT_MESSAGE })
      .min(MIN_WEIGHT_KG, { error: WEIGHT_MESSAGE })
      .max(MAX_WEIGHT_KG, { error: WEIGHT_MESSAGE })
      // Dosing is calculated in mg/kg from this number: refuse precision the record would silently drop.
      .refine((kg) => Math.abs(kg * 10 - Math.round(kg * 10)) < 1e-9, {
        error: "Give the weight to at most one decimal place.",
      })
      .optional(),
  };
}

type ContactGroup = { name: string; relationship: string; phone: string };

function requireNameAndPhone(
  group: ContactGroup,
  fields: { name: string; phone: string },
  who: string,
  ctx: z.RefinementCtx,
): void {
  const anyGiven = group.name !== "" || group.relationship !== "" || group.phone !== "";
  if (!anyGiven) {
    return;
  }
  if (group.name === "") {
    ctx.addIssue({
      code: "custom",
      path: [fields.name],
      message: `Enter the ${who}'s name, or clear the ${who}'s details.`,
    });
  }
  if (group.phone === "") {
    ctx.addIssue({
      code: "custom",
      path: [fields.phone],
      message: `Enter the ${who}'s phone number, or clear the ${who}'s details.`,
    });
  }
}

type ContactFields = {
  emergencyContactName: string;
  emergencyContactRelationship: string;
  emergencyContactPhone: string;
  escortName: string;
  escortRelationship: string;
  escortPhone: string;
};

// A relationship without a way to reach the person helps nobody on the day it is needed.
function contactRules(value: ContactFields, ctx: z.RefinementCtx): void {
  requireNameAndPhone(
    {
      name: value.emergencyContactName,
      relationship: value.emergencyContactRelationship,
      phone: value.emergencyContactPhone,
    },
    { name: "emergencyContactName", phone: "emergencyContactPhone" },
    "emergency contact",
    ctx,
  );
  requireNameAndPhone(
    { name: value.escortName, relationship: value.escortRelationship, phone: value.escortPhone },
    { name: "escortName", phone: "escortPhone" },
    "escort",
    ctx,
  );
}

/** The patient's own details: the edit form, and the first part of the registration form. */
export function patientDetailsSchema(today: string) {
  return z.object(detailsShape(today)).superRefine(contactRules);
}

/** Registration: the details plus the first care team, and the answer to a duplicate warning. */
export function newPatientSchema(today: string) {
  return z
    .object({
      ...detailsShape(today),
      prescriberId: z.uuid({ error: "Choose a prescriber." }),
      therapistId: z.uuid({ error: "Choose a therapist." }),
      nurseId: z.uuid({ error: "Choose a nurse from the list, or leave it empty." }).optional(),
      confirmDuplicate: z.boolean().optional(),
    })
    .superRefine(contactRules);
}

export type PatientDetails = z.output<ReturnType<typeof patientDetailsSchema>>;
export type NewPatient = z.output<ReturnType<typeof newPatientSchema>>;

export const PATIENT_DETAIL_FIELDS = [
  "firstName",
  "lastName",
  "preferredName",
  "dateOfBirth",
  "sexAtBirth",
  "pronouns",
  "phone",
  "email",
  "addressLine",
  "city",
  "region",
  "postalCode",
  "emergencyContactName",
  "emergencyContactRelationship",
  "emergencyContactPhone",
  "escortName",
  "escortRelationship",
  "escortPhone",
  "weightKg",
] as const satisfies readonly (keyof PatientDetails)[];

export type PatientDetailField = (typeof PATIENT_DETAIL_FIELDS)[number];

/** The columns the details are stored in: empty text for what was not given, weight to one decimal. */
export type PatientDetailColumns = Omit<Record<PatientDetailField, string>, "weightKg"> & { weightKg: string | null };

export function detailColumns(details: PatientDetails): PatientDetailColumns {
  return {
    firstName: details.firstName,
    lastName: details.lastName,
    preferredName: details.preferredName,
    dateOfBirth: details.dateOfBirth,
    sexAtBirth: details.sexAtBirth ?? "",
    pronouns: details.pronouns,
    phone: details.phone,
    email: details.email ?? "",
    addressLine: details.addressLine,
    city: details.city,
    region: details.region,
    postalCode: details.postalCode,
    emergencyContactName: details.emergencyContactName,
    emergencyContactRelationship: details.emergencyContactRelationship,
    emergencyContactPhone: details.emergencyContactPhone,
    escortName: details.escortName,
    escortRelationship: details.escortRelationship,
    escortPhone: details.escortPhone,
    weightKg: details.weightKg === undefined ? null : details.weightKg.toFixed(1),
  };
}

/** Names of the fields whose stored value would change; never the values, which are health data. */
export function changedFields(current: PatientDetailColumns, next: PatientDetailColumns): PatientDetailField[] {
  return PATIENT_DETAIL_FIELDS.filter((field) => {
    if (field === "weightKg") {
      return (
        (current.weightKg === null ? null : Number(current.weightKg)) !==
        (next.weightKg === null ? null : Number(next.weightKg))
      );
    }
    return current[field] !== next[field];
  });
}

const careTeamRoleField = z.enum(CARE_TEAM_ROLE_VALUES, { error: "Choose prescriber, therapist or nurse." });

export const addCareTeamMemberSchema = z.object({
  userId: z.uuid({ error: "Choose a person from the list." }),
  role: careTeamRoleField,
});

export const removeCareTeamMemberSchema = z.object({
  userId: z.uuid({ error: "That member could not be identified; reload the page." }),
  role: careTeamRoleField,
});
