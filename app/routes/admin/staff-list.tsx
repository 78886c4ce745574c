import type { ReactNode } from "react";
import { requirePermission } from "../../auth/guard.server";
import type { Route } from "./+types/staff-list";

// Placeholder: replaced by the real page.
export async function loader(args: Route.LoaderArgs) {
  await requirePermission(args, "manage:staff");
  return null;
}

export default function Page(): ReactNode {
  return <h1>Staff</h1>;
}
