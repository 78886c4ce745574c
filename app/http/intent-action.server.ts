import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import type { z } from "zod";
import type { Permission } from "#app/auth/policy";
import { isRefusal, type Refusal } from "#app/lib/refusal";
import { invalidForm, refusalReply } from "./refusal-response.server";

type Parsed<Value> = Submission<Value> & { status: "success"; value: Value };

/**
 * One form of a page with several: what it sends (schema), what it needs beyond the page's own
 * permission, and what it does. `run` answers a Response (usually a redirect) or a refusal.
 */
export type IntentEntry<Context> = {
  schema: z.ZodType;
  permission?: Permission | ((formData: FormData) => Permission);
  /** Which record of the page the form is about (a row in a list), so only that form shows the errors. */
  subject?: (formData: FormData) => string | null;
  run: (context: Context, value: never, submission: never) => Promise<Response | Refusal>;
};

/** Declares one entry, typing `run`'s value by the schema. */
export function intent<Context, Schema extends z.ZodType>(entry: {
  schema: Schema;
  permission?: Permission | ((formData: FormData) => Permission);
  subject?: (formData: FormData) => string | null;
  run: (context: Context, value: z.output<Schema>, submission: Parsed<z.output<Schema>>) => Promise<Response | Refusal>;
}): IntentEntry<Context> {
  return entry as IntentEntry<Context>;
}

/**
 * Runs the form the request sent: 400 for an intent the page does not know, then the entry's
 * permission (through `authorize`, which throws the audited 403), its schema (400 with the errors on
 * their fields), and its `run`; a refusal from `run` answers through refusalReply.
 */
export async function runIntent<Context>(
  formData: FormData,
  table: Readonly<Record<string, IntentEntry<Context>>>,
  context: Context,
  authorize: (permission: Permission) => Promise<void>,
) {
  const name = formData.get("intent");
  const entry = typeof name === "string" && Object.hasOwn(table, name) ? table[name] : undefined;
  if (typeof name !== "string" || !entry) {
    throw data("This form sent an action the page does not know.", { status: 400 });
  }
  if (entry.permission) {
    await authorize(typeof entry.permission === "function" ? entry.permission(formData) : entry.permission);
  }
  const subject = entry.subject ? entry.subject(formData) : null;
  const submission = parseWithZod(formData, { schema: entry.schema });
  if (submission.status !== "success") {
    return invalidForm(name, submission, { subject });
  }
  const outcome = await (entry.run as (c: Context, v: unknown, s: unknown) => Promise<Response | Refusal>)(
    context,
    submission.value,
    submission,
  );
  return isRefusal(outcome) ? refusalReply(name, submission, outcome, { subject }) : outcome;
}
