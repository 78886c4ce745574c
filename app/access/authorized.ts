import type { Permission } from "#app/auth/policy";

declare const authorizedFor: unique symbol;

/**
 * A record that requireRecord loaded and checked: the viewer may do `P` to it. Only requireRecord
 * makes one, so a domain writer that takes an `Authorized<…>` cannot be handed a record nobody checked.
 * The brand exists only for the type checker; at run time the handle is the record itself.
 */
export type Authorized<Loaded extends object, P extends Permission = Permission> = Loaded & {
  readonly [authorizedFor]: P;
};
