import type { SubmissionResult } from "@conform-to/react";
import { data } from "react-router";
import { replyOptionsOf, type Refusal, type RefusalKind } from "#app/lib/refusal";

/** The one place a refusal becomes an HTTP status. */
export const STATUS_OF_REFUSAL: Readonly<Record<RefusalKind, 400 | 403 | 404 | 409 | 429>> = {
  invalid: 400,
  confirm: 400,
  conflict: 409,
  forbidden: 403,
  not_found: 404,
  throttled: 429,
};

/**
 * What an action answers when its page has several forms: which form (intent) and which record
 * (subject) the result belongs to, so only that form shows the errors; `detail` carries what the form
 * shows beside them (a warning to confirm, what is missing).
 */
export type IntentReply<Detail extends object = object> = {
  intent: string;
  subject: string | null;
  result: SubmissionResult<string[]>;
} & Partial<Detail>;

type Submission = {
  reply: (options?: { fieldErrors?: Record<string, string[]>; formErrors?: string[] }) => SubmissionResult<string[]>;
};

/** A form that failed its schema: 400, the errors on their fields. */
export function invalidForm<Detail extends object = object>(
  intent: string,
  submission: Submission,
  options: { subject?: string | null } & Partial<Detail> = {},
) {
  const { subject = null, ...detail } = options;
  return data({ intent, subject, result: submission.reply(), ...detail } as IntentReply<Detail>, { status: 400 });
}

/**
 * A domain refusal as the answer to a form: the message on its field (or the form), the status from
 * STATUS_OF_REFUSAL. A refusal of the record itself (forbidden, not_found) is thrown as an error page.
 */
export function refusalReply<Detail extends object = object>(
  intent: string,
  submission: Submission,
  refusal: Refusal,
  options: { subject?: string | null } & Partial<Detail> = {},
) {
  if (refusal.kind === "forbidden" || refusal.kind === "not_found") {
    throwRefusal(refusal);
  }
  const { subject = null, ...detail } = options;
  // What the refusal carries besides its message (a warning to confirm, what is missing) goes to the form.
  const { ok: _ok, kind: _kind, message: _message, field: _field, ...extra } = refusal;
  const result = submission.reply(replyOptionsOf(refusal));
  const headers: Record<string, string> =
    refusal.kind === "throttled" && "retryAfterSeconds" in refusal && typeof refusal.retryAfterSeconds === "number"
      ? { "Retry-After": String(refusal.retryAfterSeconds) }
      : {};
  return data({ intent, subject, result, ...extra, ...detail } as IntentReply<Detail>, {
    status: STATUS_OF_REFUSAL[refusal.kind],
    headers,
  });
}

/** For a loader or an action without a form to show it on: the refusal as an error page. */
export function throwRefusal(refusal: Pick<Refusal, "kind" | "message">): never {
  throw data(refusal.message, { status: STATUS_OF_REFUSAL[refusal.kind] });
}

/** The reply of one form among a page's forms, or undefined when the action answered another. */
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
