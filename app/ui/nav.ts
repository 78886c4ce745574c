import type { Role } from "#db/schema/staff";
import { can, type Actor, type Permission } from "#app/auth/policy";

export type NavItem = { to: string; label: string; permission: Permission };

// The same policy that guards the routes decides what the navigation offers.
const NAV: NavItem[] = [
  { to: "/patients", label: "Patients", permission: "search:patient" },
  { to: "/schedule", label: "Schedule", permission: "read:schedule" },
  { to: "/sign-off", label: "Sign-off", permission: "sign:session" },
  { to: "/admin/clinic", label: "Clinic", permission: "manage:clinic" },
  { to: "/admin/sign-in-security", label: "Sign-in security", permission: "manage:clinic" },
  { to: "/admin/staff", label: "Staff", permission: "manage:staff" },
  { to: "/admin/templates", label: "Templates", permission: "manage:templates" },
  { to: "/admin/clinical-settings", label: "Clinical settings", permission: "manage:clinical-settings" },
  { to: "/admin/audit", label: "Audit log", permission: "read:audit" },
  { to: "/account/calendar-feed", label: "Calendar feed", permission: "use:calendar-feed" },
];

export function navFor(actor: Actor): NavItem[] {
  return NAV.filter((item) => can(actor, item.permission));
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  prescriber: "Prescriber",
  therapist: "Therapist",
  nurse: "Nurse",
  frontdesk: "Front desk",
};
