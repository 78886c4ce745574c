import type { ReactNode } from "react";
import { requirePermission } from "../../auth/guard.server";
import type { Route } from "./+types/edit";

// Placeholder: replaced by the real page.
export async function loader(args: Route.LoaderArgs) {
  await requirePermission(args, "update:patient");
  return null;
}

export default function Page(): ReactNode {
  return <h1>Edit patient</h1>;
}
