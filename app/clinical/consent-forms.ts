import { z } from "zod";
import { isPhoneNumber } from "#app/patients/patient-forms";
import { isLocalDate } from "#app/scheduling/local-dates";
import { sameName } from "./medications";

export const CONSENT_INTENTS = ["record-consent", "withdraw-consent"] as const;
export type ConsentIntent = (typeof CONSENT_INTENTS)[number];

function requiredText(max: number, message: string) {
  return z
    .string({ error: message })
    .trim()
    .min(1, { error: message })
    .max(max, { error: `Use at most ${max} characters.` });
}

/** A date typed in a date input, not after the clinic's today. */
function pastDate(today: string, missing: string, future: string) {
  return z
    .string({ error: missing })
    .refine(isLocalDate, { error: missing })
    .refine((date) => date <= today, { error: future });
}

const PHONE_MESSAGE = "Enter the escort's phone number with 7 to 15 digits, e.g. (415) 555-0101.";

/** @param today the clinic's date today, yyyy-MM-dd */
export function recordConsentSchema(today: string) {
  return z.object({
    intent: z.literal("record-consent"),
    consentFormId: z.uuid({ error: "Choose the version of the consent form the patient signed." }),
    patientSignature: requiredText(200, "Type the patient's full name, as they signed."),
    signedOn: pastDate(
      today,
      "Enter the date the patient signed, e.g. 2026-03-09.",
      "The date signed cannot be in the future.",
    ),
    witnessName: requiredText(200, "Enter the witness's name."),
    escortName: requiredText(200, "Enter the escort's name: the patient must not drive after a dose."),
    escortPhone: z
      .string({ error: PHONE_MESSAGE })
      .trim()
      .max(40, { error: PHONE_MESSAGE })
      .refine(isPhoneNumber, { error: PHONE_MESSAGE }),
    transportPlan: requiredText(
      1000,
      "Describe how the patient gets home after each dose, e.g. Partner drives them home.",
    ),
  });
}

export type RecordConsentInput = z.infer<ReturnType<typeof recordConsentSchema>>;

export function withdrawConsentSchema(today: string) {
  return z.object({
    intent: z.literal("withdraw-consent"),
    withdrawnOn: pastDate(
      today,
      "Enter the date the patient withdrew consent, e.g. 2026-03-09.",
      "The date of withdrawal cannot be in the future.",
    ),
    witnessName: requiredText(200, "Enter who took the withdrawal (your name, or the witness's)."),
  });
}

export type WithdrawConsentInput = z.infer<ReturnType<typeof withdrawConsentSchema>>;

/** The typed signature must be the patient's name: any case, with or without accents. */
export function signatureMatches(signature: string, patient: { firstName: string; lastName: string }): boolean {
  return sameName(signature, `${patient.firstName} ${patient.lastName}`);
}
