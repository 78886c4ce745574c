import type { ReactNode } from "react";
import { Link } from "react-router";
import type { StartPageBreakGlass } from "./start-page.server";

/** Recent emergency accesses on the start page of the care team and the admins. */
export function BreakGlassStartPanel({ items }: { items: StartPageBreakGlass[] }): ReactNode {
  if (items.length === 0) {
    return null;
  }
  return (
    <section className="panel break-glass-panel" aria-labelledby="break-glass-title">
      <h2 id="break-glass-title">Emergency (break-glass) access in the last 14 days</h2>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Who opened which patient's record in an emergency, when and why</caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Patient</th>
              <th scope="col">When</th>
              <th scope="col">Reason</th>
              <th scope="col">Follow up</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{item.who}</td>
                <td>{item.patient}</td>
                <td>
                  {item.when}, {item.live ? <strong>{item.status}</strong> : item.status}
                </td>
                <td>{item.reason}</td>
                <td>
                  <Link to={item.link.to}>{item.link.label}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
