import type { ReactNode } from "react";
import { requirePermission } from "../../auth/guard.server";
import type { Route } from "./+types/new";

// Placeholder: replaced by the real page.
export async function loader(args: Route.LoaderArgs) {
  await requirePermission(args, "create:patient");
  return null;
}

export default function Page(): ReactNode {
  return <h1>New patient</h1>;
}
