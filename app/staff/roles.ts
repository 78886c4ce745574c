import { ROLES, type Role } from "#db/schema/roles";
import { ROLE_LABELS } from "#app/ui/nav";

export const STAFF_ROLES = ROLES;

export const ROLE_OPTIONS: { value: Role; label: string }[] = STAFF_ROLES.map((role) => ({
  value: role,
  label: ROLE_LABELS[role],
}));
