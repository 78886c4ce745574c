import type { SubmissionResult } from "@conform-to/react";

/**
 * What an action answers when its page has several forms: which form (intent) and which record
 * (subject) the result belongs to, so only that form shows the errors.
 */
export type IntentReply = { intent: string; subject: string | null; result: SubmissionResult<string[]> };

export function replyFor(
  actionData: IntentReply | undefined,
  intent: string,
  subject: string | null = null,
): SubmissionResult<string[]> | undefined {
  if (!actionData || actionData.intent !== intent || actionData.subject !== subject) {
    return undefined;
  }
  return actionData.result;
}

/** The form field value as a string, or null: for reading `intent` and ids before parsing. */
export function formString(formData: FormData, name: string): string | null {
  const value = formData.get(name);
  return typeof value === "string" ? value : null;
}

/** A module's refusal as reply options: on its field when it names one, otherwise for the whole form. */
export function refusal(failure: { field: string | null; message: string }): {
  fieldErrors?: Record<string, string[]>;
  formErrors?: string[];
} {
  return failure.field ? { fieldErrors: { [failure.field]: [failure.message] } } : { formErrors: [failure.message] };
}

/** Which of the page's forms was sent, or null for anything else. */
export function formIntent<Intent extends string>(formData: FormData, intents: readonly Intent[]): Intent | null {
  const value = formString(formData, "intent");
  return intents.find((intent) => intent === value) ?? null;
}
