import { renderToString } from "react-dom/server";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import type { IntentReply } from "#app/clinic/form-reply";
import ClinicSetup from "#app/routes/admin/clinic";
import EditStaff from "#app/routes/admin/staff-edit";
import StaffList from "#app/routes/admin/staff-list";
import NewStaff from "#app/routes/admin/staff-new";
import StaffSchedule from "#app/routes/admin/staff-schedule";

// Server-renders each page from given loader (and action) data: the pages must render without
// errors or React warnings, with their labels, captions and errors where they belong.
function render(
  path: string,
  Component: React.ComponentType<never>,
  loaderData: unknown,
  actionData?: unknown,
): string {
  const Stub = createRoutesStub([
    { id: "page", path: path.split("?")[0], Component: Component as React.ComponentType, loader: () => loaderData },
  ]);
  const html = renderToString(
    <Stub
      initialEntries={[path]}
      hydrationData={{ loaderData: { page: loaderData }, actionData: actionData ? { page: actionData } : undefined }}
    />,
  );
  return html.replaceAll("<!-- -->", "");
}

function inputTag(html: string, attribute: string): string {
  const tag = html.match(new RegExp(`<input[^>]*${attribute.replace(/[[\].]/gu, "\\$&")}[^>]*>`, "u"))?.[0];
  if (!tag) {
    throw new Error(`no input with ${attribute}`);
  }
  return tag;
}

const USER_ID = "2f1b7c1e-8d2a-4a6b-9a51-0c9f5b1e2d3a";
const ROOM_ID = "5a0c3a8e-1f6d-4b8e-8e0a-7f4c2b9d1e6f";

function errorReply(intent: string, subject: string | null, error: Record<string, string[]>): IntentReply {
  return { intent, subject, result: { status: "error", initialValue: {}, error } };
}

describe("clinic setup page", () => {
  const loaderData = {
    details: { name: "Harbor KAP Clinic", timeZone: "America/Los_Angeles" },
    timeZones: ["America/Los_Angeles", "America/New_York"],
    hours: [{ weekday: 1, opensAt: "08:00", closesAt: "18:00" }],
    rooms: [
      { id: ROOM_ID, name: "Cedar Room", active: true },
      { id: "9b2d6c1a-3e4f-4a5b-8c7d-0e1f2a3b4c5d", name: "Old Room", active: false },
    ],
    notice: "Room added.",
  };

  it("renders details, the week and the rooms", () => {
    const html = render("/admin/clinic", ClinicSetup, loaderData);
    expect(html).toContain("Harbor KAP Clinic");
    expect(html).toContain("Open on Monday");
    expect(html).toContain("<caption>Rooms of the clinic.");
    expect(html).toContain("Reactivate");
    expect(html).toContain("Room added.");
    expect(inputTag(html, 'name="days[1].open"')).toContain('checked=""');
    expect(inputTag(html, 'name="days[0].open"')).not.toContain('checked=""');
  });

  it("shows a rename error on that room's form only", () => {
    const html = render(
      "/admin/clinic",
      ClinicSetup,
      loaderData,
      errorReply("rename-room", ROOM_ID, { name: ['There is already a room named "Willow".'] }),
    );
    expect(html.match(/There is already a room named/gu)).toHaveLength(1);
  });
});

describe("staff pages", () => {
  const member = {
    id: USER_ID,
    name: "Imani Castellanos",
    email: "imani@harbor.example",
    roles: ["prescriber", "therapist"],
    credentials: "MD",
    licenseNumber: "G-1",
    npi: "1245319599",
    deaNumber: "BC1234563",
    active: true,
    deactivatedAt: null,
    mustChangePassword: true,
  };

  it("lists staff in a table", () => {
    const html = render("/admin/staff", StaffList, {
      staff: [
        {
          id: USER_ID,
          name: "Imani Castellanos",
          email: "imani@harbor.example",
          roles: ["Prescriber"],
          credentials: "MD",
          active: false,
          mustChangePassword: false,
        },
      ],
    });
    expect(html).toContain("1 staff member of the clinic");
    expect(html).toContain('scope="row"');
    expect(html).toContain("Deactivated");
  });

  it("renders the new-staff form with its role checkboxes and errors", () => {
    const html = render("/admin/staff/new", NewStaff, null, {
      status: "error",
      initialValue: {},
      error: { email: ["Someone already signs in with this email address."] },
    });
    expect(html).toContain("<legend>Roles</legend>");
    expect(html.match(/type="checkbox"/gu)).toHaveLength(5);
    expect(html).toContain("Someone already signs in with this email address.");
  });

  it("renders the edit page with the stored roles ticked", () => {
    const html = render(`/admin/staff/${USER_ID}`, EditStaff, { member, isSelf: false, notice: null });
    expect(inputTag(html, 'value="prescriber"')).toContain('checked=""');
    expect(inputTag(html, 'value="therapist"')).toContain('checked=""');
    expect(inputTag(html, 'value="admin"')).not.toContain('checked=""');
    expect(html).toContain("Reset password");
    expect(html).toContain("Deactivate Imani Castellanos");
  });

  it("does not offer self-deactivation or a self reset", () => {
    const html = render(`/admin/staff/${USER_ID}`, EditStaff, {
      member: { ...member, roles: ["admin"] },
      isSelf: true,
      notice: null,
    });
    expect(html).toContain("You cannot deactivate your own account.");
    expect(html).not.toContain("Temporary password");
  });

  it("renders the schedule with hours and time off", () => {
    const html = render(`/admin/staff/${USER_ID}/schedule`, StaffSchedule, {
      member: { id: USER_ID, name: "Imani Castellanos", active: true },
      timeZone: "America/Los_Angeles",
      hours: [{ id: ROOM_ID, weekday: 1, startsAt: "08:00", endsAt: "12:00" }],
      timeOff: [
        {
          id: USER_ID,
          startsAt: "Wed 1 Jul 2026, 09:00",
          endsAt: "Fri 3 Jul 2026, 17:30",
          reason: "Conference",
          cancelled: false,
        },
      ],
      notice: null,
    });
    expect(html).toContain("08:00–12:00");
    expect(html).toContain("Wed 1 Jul 2026, 09:00");
    expect(html).toContain("America/Los_Angeles");
  });
});
