import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("account/password", "routes/account-password.tsx"),
  route("account/calendar-feed", "routes/account-calendar-feed.tsx"),
  route("calendar/feed/:token", "routes/calendar-feed.tsx"),
  route("patients", "routes/patients/search.tsx"),
  route("patients/new", "routes/patients/new.tsx"),
  route("patients/:patientId", "routes/patients/profile.tsx"),
  route("patients/:patientId/edit", "routes/patients/edit.tsx"),
  route("patients/:patientId/care-team", "routes/patients/care-team.tsx"),
  route("admin/clinic", "routes/admin/clinic.tsx"),
  route("admin/staff", "routes/admin/staff-list.tsx"),
  route("admin/staff/new", "routes/admin/staff-new.tsx"),
  route("admin/staff/:userId", "routes/admin/staff-edit.tsx"),
  route("admin/staff/:userId/schedule", "routes/admin/staff-schedule.tsx"),
  route("admin/audit", "routes/admin/audit.tsx"),
  route("admin/templates", "routes/admin/templates.tsx"),
  route("admin/templates/:templateId", "routes/admin/template-edit.tsx"),
  route("schedule", "routes/schedule.tsx"),
] satisfies RouteConfig;
