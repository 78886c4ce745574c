import type { ReactNode } from "react";
import { Link } from "react-router";

export type EmergencyAccessItem = { patientId: string; until: string };

/** On every page while the viewer holds emergency access: they must never forget they are using it. */
export function EmergencyAccessBanner({ items }: { items: readonly EmergencyAccessItem[] }): ReactNode {
  if (items.length === 0) {
    return null;
  }
  return (
    <div className="break-glass-banner" role="status">
      <strong>Emergency access is open.</strong> Everything you open in{" "}
      {items.length === 1 ? "this patient's record" : `these ${items.length} patients' records`} is logged and reviewed.{" "}
      {items.map((item, index) => (
        <span key={item.patientId}>
          {index > 0 ? " · " : null}
          <Link to={`/patients/${item.patientId}/break-glass`}>
            {items.length === 1 ? "Until" : `Patient ${index + 1} until`} {item.until}
          </Link>
        </span>
      ))}
    </div>
  );
}
