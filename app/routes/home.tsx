import type { ReactNode } from "react";
import { Link } from "react-router";
import { requirePermission } from "../auth/guard.server";
import { navFor, ROLE_LABELS } from "../ui/nav";
import type { Route } from "./+types/home";

export const meta: Route.MetaFunction = () => [{ title: "KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "use:app");
  return {
    name: viewer.name,
    roles: viewer.roles.map((role) => ROLE_LABELS[role]),
    links: navFor(viewer).map(({ to, label }) => ({ to, label })),
  };
}

export default function Home({ loaderData }: Route.ComponentProps): ReactNode {
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Welcome, {loaderData.name}</h1>
      <p>You are signed in as {loaderData.roles.join(", ")}.</p>
      <ul className="home-links">
        {loaderData.links.map((link) => (
          <li key={link.to}>
            <Link to={link.to}>{link.label}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
