import type { ReactNode } from "react";
import { requirePermission } from "../../auth/guard.server";
import type { Route } from "./+types/care-team";

// Placeholder: replaced by the real page.
export async function loader(args: Route.LoaderArgs) {
  await requirePermission(args, "update:care-team");
  return null;
}

export default function Page(): ReactNode {
  return <h1>Care team</h1>;
}
