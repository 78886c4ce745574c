import type { ReactNode } from "react";
import { Form, Link, redirect } from "react-router";
import { getDb } from "#db/client";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import { createTemplate, listTemplates } from "#app/scheduling/templates.server";
import type { Route } from "./+types/templates";

export const meta: Route.MetaFunction = () => [{ title: "Series templates · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:templates");
  const templates = await listTemplates(getDb(), viewer.clinicId);
  return {
    templates: templates.map(({ id, name, active, template }) => ({
      id,
      name,
      active,
      summary: `${template.preparation.count} preparation, ${template.dosing.count} doses within ${template.dosing.maxCourseDays} days, at least ${template.dosing.minDaysApart} days apart`,
    })),
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:templates");
  const id = await createTemplate(getDb(), auditActor(viewer));
  return redirect(`/admin/templates/${id}?saved=created`);
}

export default function Templates({ loaderData }: Route.ComponentProps): ReactNode {
  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">Series templates</h1>
      <p>
        The rules the planner follows when front desk books a course. A booked series keeps the rules it was booked
        with.
      </p>
      <table>
        <caption>Templates of this clinic</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Course</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {loaderData.templates.length === 0 ? (
            <tr>
              <td colSpan={3}>No templates yet: the planner offers the standard KAP course.</td>
            </tr>
          ) : (
            loaderData.templates.map((template) => (
              <tr key={template.id}>
                <td>
                  <Link to={`/admin/templates/${template.id}`}>{template.name}</Link>
                </td>
                <td>{template.summary}</td>
                <td>
                  <span className={`badge ${template.active ? "" : "inactive"}`}>
                    {template.active ? "Active" : "Retired"}
                  </span>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Form method="post" className="actions">
        <button type="submit">New template from the standard KAP course</button>
      </Form>
    </section>
  );
}
