import type { ReactNode } from "react";
import { data, Form, Link } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import { can, scopeFor } from "#app/auth/policy";
import { formatDateOfBirth } from "#app/patients/dates";
import { parseSearchQuery } from "#app/patients/search-query";
import { searchPatients, type PatientSearchResult } from "#app/patients/search.server";
import { Pagination } from "#app/ui/pagination";
import type { Route } from "./+types/search";

export const meta: Route.MetaFunction = () => [{ title: "Patients · KAP Care Team" }];

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "search:patient");
  const url = new URL(args.request.url);
  const q = url.searchParams.get("q") ?? "";
  const query = parseSearchQuery(q);
  const page = {
    q,
    teamOnly: scopeFor(viewer, "search:patient") === "team",
    canCreate: can(viewer, "create:patient"),
  };
  if (query.kind === "invalid") {
    return data(
      { ...page, message: query.message as string | null, result: null as PatientSearchResult | null },
      { status: 400 },
    );
  }
  const result = await searchPatients(getDb(), viewer, query, Number.parseInt(url.searchParams.get("page") ?? "1", 10));
  return data({ ...page, message: null, result });
}

function pageHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) {
    params.set("q", q);
  }
  if (page > 1) {
    params.set("page", String(page));
  }
  const search = params.toString();
  return search ? `/patients?${search}` : "/patients";
}

function summary(result: PatientSearchResult, searched: boolean, teamOnly: boolean): string {
  const found = result.total === 1 ? "1 patient" : `${result.total.toLocaleString("en-US")} patients`;
  const where = teamOnly ? " on your care teams" : "";
  if (!searched) {
    return `${found}${where}.`;
  }
  if (result.total === 0) {
    return `No patients${where} match this search.`;
  }
  return `${found}${where} ${result.total === 1 ? "matches" : "match"} this search.`;
}

export default function PatientSearch({ loaderData }: Route.ComponentProps): ReactNode {
  const { q, teamOnly, canCreate, message, result } = loaderData;
  const searched = q.trim() !== "";
  return (
    <section aria-labelledby="patients-title">
      <div className="page-heading">
        <h1 id="patients-title">Patients</h1>
        {canCreate ? (
          <Link to="/patients/new" className="button">
            New patient
          </Link>
        ) : null}
      </div>
      <Form method="get" role="search" className="search-form panel" aria-label="Find a patient">
        <div className="field grow">
          <label htmlFor="patient-search">Find a patient</label>
          <p id="patient-search-hint" className="hint">
            Name (any part), date of birth (1980-05-17 or 05/17/1980), MRN (K100023) or phone number (all or the last
            digits).
          </p>
          <input
            id="patient-search"
            type="search"
            name="q"
            defaultValue={q}
            aria-describedby="patient-search-hint"
            autoComplete="off"
          />
        </div>
        <button type="submit">Search</button>
      </Form>
      {message ? (
        <p className="form-errors" role="alert">
          {message}
        </p>
      ) : null}
      {result ? (
        <>
          <p role="status">
            {summary(result, searched, teamOnly)}
            {result.pageCount > 1 ? ` Page ${result.page} of ${result.pageCount}.` : null}
          </p>
          {result.rows.length > 0 ? (
            <div className="table-scroll">
              <table>
                <caption>
                  {searched ? "Search results" : teamOnly ? "Patients on your care teams" : "All patients"}, sorted by
                  last name
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">MRN</th>
                    <th scope="col">Date of birth</th>
                    <th scope="col">Phone</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((row) => (
                    <tr key={row.id}>
                      <td>
                        <Link to={`/patients/${row.id}`}>
                          {row.lastName}, {row.firstName}
                        </Link>
                        {row.preferredName ? <span className="muted"> ({row.preferredName})</span> : null}
                        {row.active ? null : <span className="badge inactive">inactive</span>}
                      </td>
                      <td>{row.mrn}</td>
                      <td>{formatDateOfBirth(row.dateOfBirth)}</td>
                      <td>{row.phone}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pagination
            page={result.page}
            pageCount={result.pageCount}
            href={(page) => pageHref(q, page)}
            label="Result pages"
          />
        </>
      ) : null}
    </section>
  );
}
