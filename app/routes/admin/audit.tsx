import type { ReactNode } from "react";
import { Form, Link, useSearchParams } from "react-router";
import { getDb } from "#db/client";
import { formatInTimeZone } from "#app/ui/dates";
import { audit } from "#app/audit/audit.server";
import { auditFilterSchema } from "#app/audit/audit-filters";
import { auditPage, clinicStaffForFilter } from "#app/audit/audit-log.server";
import { auditActor, requirePermission } from "#app/auth/guard.server";
import type { Route } from "./+types/audit";

export const meta: Route.MetaFunction = () => [{ title: "Audit log · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "read:audit");
  const query = Object.fromEntries(new URL(args.request.url).searchParams);
  const parsed = auditFilterSchema.safeParse(query);
  const db = getDb();
  const staff = await clinicStaffForFilter(db, viewer.clinicId);
  if (!parsed.success) {
    const errors = Object.fromEntries(
      parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message]),
    );
    return { staff, rows: [], nextBefore: null, errors, timeZone: viewer.timeZone };
  }
  const page = await auditPage(db, viewer.clinicId, viewer.timeZone, parsed.data);
  await audit(db, auditActor(viewer), {
    action: "read:audit",
    entityType: "audit_entry",
    detail: { filters: Object.keys(query).filter((key) => query[key]) },
  });
  return { staff, ...page, errors: {} as Record<string, string>, timeZone: viewer.timeZone };
}

const OUTCOMES = ["success", "denied", "not_found", "failure"] as const;

export default function AuditLog({ loaderData }: Route.ComponentProps): ReactNode {
  const [params] = useSearchParams();
  const { staff, rows, nextBefore, errors, timeZone } = loaderData;
  const nextParams = new URLSearchParams(params);
  if (nextBefore) {
    nextParams.set("before", String(nextBefore));
  }
  const field = (name: string) => ({
    id: `audit-${name}`,
    name,
    defaultValue: params.get(name) ?? "",
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `audit-${name}-error` : undefined,
  });
  const error = (name: string) =>
    errors[name] ? (
      <p id={`audit-${name}-error`} className="field-errors">
        {errors[name]}
      </p>
    ) : null;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p>
        <Link to="/admin/audit/break-glass">Break-glass review</Link>: each emergency access with its reason and what
        was opened under it.
      </p>
      <Form method="get" className="panel search-form" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-userId">Staff member</label>
          <select {...field("userId")}>
            <option value="">Anyone</option>
            {staff.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
          {error("userId")}
        </div>
        <div className="field">
          <label htmlFor="audit-mrn">Patient MRN</label>
          <input {...field("mrn")} placeholder="K100001" />
          {error("mrn")}
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input type="date" {...field("from")} />
          {error("from")}
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input type="date" {...field("to")} />
          {error("to")}
        </div>
        <div className="field">
          <label htmlFor="audit-outcome">Outcome</label>
          <select {...field("outcome")}>
            <option value="">Any</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome.replace("_", " ")}
              </option>
            ))}
          </select>
          {error("outcome")}
        </div>
        <div className="field">
          <div className="checkbox">
            <input
              type="checkbox"
              id="audit-breakGlass"
              name="breakGlass"
              value="1"
              defaultChecked={params.get("breakGlass") === "1"}
            />
            <label htmlFor="audit-breakGlass">Break-glass accesses only</label>
          </div>
          {error("breakGlass")}
        </div>
        <button type="submit">Filter</button>
      </Form>
      <table>
        <caption>Entries, newest first (times in {timeZone})</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Record</th>
            <th scope="col">Patient</th>
            <th scope="col">From</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={7}>No entries match these filters.</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                <td>{formatInTimeZone(row.at, timeZone, "MMM d, yyyy HH:mm:ss")}</td>
                <td>{row.actorName ?? (row.actorEmail || "—")}</td>
                <td>
                  {row.action}
                  {row.breakGlass ? <span className="badge alert"> break-glass</span> : null}
                </td>
                <td>
                  {row.entityType}
                  {row.entityId ? <span className="hint"> {row.entityId}</span> : null}
                </td>
                <td>{row.patientMrn ? `${row.patientName} (${row.patientMrn})` : "—"}</td>
                <td>{row.ip}</td>
                <td>
                  <span className={`badge ${row.outcome}`}>{row.outcome.replace("_", " ")}</span>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {nextBefore ? (
        <nav className="pagination" aria-label="Audit log pages">
          <Link to={`?${nextParams.toString()}`}>Older entries</Link>
        </nav>
      ) : null}
    </section>
  );
}
