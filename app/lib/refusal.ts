/**
 * The one shape a domain module answers with when it will not do what was asked. Domain modules say
 * what kind of refusal it is; only app/http/refusal-response.server.ts turns a kind into an HTTP status.
 *
 * - invalid: the input is wrong (a field, a time, a number); fixing the form fixes it.
 * - confirm: the input is allowed only once the user confirms a warning (e.g. a dose over a soft limit).
 * - conflict: the record moved on (already signed, booked meanwhile, discharged); reload and retry.
 * - forbidden: the viewer may not do this to this record.
 * - not_found: the record does not exist for this viewer.
 * - throttled: too many attempts; try again later.
 */
export type RefusalKind = "invalid" | "confirm" | "conflict" | "forbidden" | "not_found" | "throttled";

export type Refusal<Extra extends object = object> = {
  readonly ok: false;
  readonly kind: RefusalKind;
  readonly message: string;
  /** The form field the message belongs to; without one the message is about the whole form. */
  readonly field?: string;
} & Extra;

/** What a domain operation answers: its result, or a refusal. */
export type Outcome<Value extends object = object, Extra extends object = object> =
  ({ readonly ok: true } & Value) | Refusal<Extra>;

export function refuse<Extra extends object = object>(
  kind: RefusalKind,
  message: string,
  options: { field?: string } & Extra = {} as { field?: string } & Extra,
): Refusal<Extra> {
  const { field, ...extra } = options;
  return { ok: false, kind, message, ...(field ? { field } : {}), ...(extra as Extra) } as Refusal<Extra>;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && "ok" in value && value.ok === false && "kind" in value;
}

/** A refusal as conform reply options: on its field when it names one, otherwise for the whole form. */
export function replyOptionsOf(refusal: Pick<Refusal, "field" | "message">): {
  fieldErrors?: Record<string, string[]>;
  formErrors?: string[];
} {
  return refusal.field ? { fieldErrors: { [refusal.field]: [refusal.message] } } : { formErrors: [refusal.message] };
}
