import type { ReactNode } from "react";
import { requirePermission } from "../../auth/guard.server";
import type { Route } from "./+types/search";

// Placeholder: replaced by the real page.
export async function loader(args: Route.LoaderArgs) {
  await requirePermission(args, "search:patient");
  return null;
}

export default function Page(): ReactNode {
  return <h1>Patients</h1>;
}
