import type { ReactNode } from "react";
import { Link } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import { listStaff } from "#app/staff/staff.server";
import { ROLE_LABELS } from "#app/ui/nav";
import type { Route } from "./+types/staff-list";

export const meta: Route.MetaFunction = () => [{ title: "Staff · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:staff");
  const staff = await listStaff(getDb(), viewer.clinicId);
  return {
    staff: staff.map((member) => ({
      id: member.id,
      name: member.name,
      email: member.email,
      roles: member.roles.map((role) => ROLE_LABELS[role]),
      credentials: member.credentials,
      active: member.active,
      mustChangePassword: member.mustChangePassword,
    })),
  };
}

export default function StaffList({ loaderData }: Route.ComponentProps): ReactNode {
  const { staff } = loaderData;
  return (
    <>
      <h1>Staff</h1>
      <p className="actions">
        <Link className="button" to="/admin/staff/new">
          Add a staff member
        </Link>
      </p>
      <table>
        <caption>
          {staff.length} staff {staff.length === 1 ? "member" : "members"} of the clinic, by name. Deactivated accounts
          cannot sign in.
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            <th scope="col">Credentials</th>
            <th scope="col">Status</th>
            <th scope="col">Schedule</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((member) => (
            <tr key={member.id}>
              <th scope="row">
                <Link to={`/admin/staff/${member.id}`}>{member.name}</Link>
              </th>
              <td>{member.email}</td>
              <td>{member.roles.join(", ")}</td>
              <td>{member.credentials || <span className="hint">None</span>}</td>
              <td>
                {member.active ? (
                  <span className="badge active">Active</span>
                ) : (
                  <span className="badge inactive">Deactivated</span>
                )}
                {member.active && member.mustChangePassword ? (
                  <span className="hint"> Must set a new password</span>
                ) : null}
              </td>
              <td>
                <Link to={`/admin/staff/${member.id}/schedule`}>
                  Hours and time off<span className="visually-hidden"> of {member.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
