import type { Fixtures } from "./generate/fixtures";

export type UserKey = keyof Fixtures["users"];

export type PageSpec = {
  name: string;
  title: string;
  user: UserKey;
  /** Paths loaded in turn, so the load is not one cached row. */
  paths: string[];
  floorPaths: string[] | null;
  /** What the floor leaves out or adds compared with the page's loader. */
  floorNote: string;
  /** A problem with a 200 response (e.g. a page that rendered an error), or null. */
  expect: (body: string, contentType: string) => string | null;
};

const html =
  (needle: string) =>
  (body: string): string | null =>
    body.includes(needle) ? null : `the page does not contain ${JSON.stringify(needle)}`;

const FLOOR_COMMON = "no session lookup, root loader or audit entry; JSON instead of HTML";

/** The pages people use most, with the users who use them and the floor's version of each. */
export function pageSpecs(fixtures: Fixtures): PageSpec[] {
  const chart = fixtures.chart.slice(0, 8);
  return [
    {
      name: "week_calendar",
      title: "Week calendar, whole busy clinic",
      user: "frontdesk",
      paths: fixtures.calendarWeeks.map((date) => `/schedule?view=week&by=clinic&date=${date}`),
      floorPaths: fixtures.calendarWeeks.map((date) => `/week_calendar?date=${date}`),
      floorNote: `${FLOOR_COMMON}; staff names aggregated in the same query instead of a second one`,
      expect: html("calendar-entry"),
    },
    {
      name: "patient_chart",
      title: "Patient chart (profile with every series)",
      user: "prescriber",
      paths: chart.map((entry) => `/patients/${entry.patientId}`),
      floorPaths: chart.map((entry) => `/patient_chart?patient=${entry.patientId}`),
      floorNote: `${FLOOR_COMMON}; appointments aggregated per series in the same query`,
      expect: html("Courses of treatment"),
    },
    {
      name: "series_measures",
      title: "Outcome measures of a long course",
      user: "prescriber",
      paths: chart.map((entry) => `/series/${entry.seriesId}/measures`),
      floorPaths: chart.map((entry) => `/series_measures?series=${entry.seriesId}`),
      floorNote: `${FLOOR_COMMON}; no scoring bands, due schedule or SVG chart`,
      expect: html("PHQ-9"),
    },
    {
      name: "sign_off_queue",
      title: "Sign-off queue of a busy prescriber",
      user: "prescriber",
      paths: ["/sign-off"],
      floorPaths: ["/sign_off_queue"],
      floorNote: `${FLOOR_COMMON}; each session's record and measures as JSON aggregates in one query (the app reads them per session)`,
      expect: html("signoff-card"),
    },
    {
      name: "patient_search",
      title: "Patient search (names, dates of birth, MRNs, phones)",
      user: "frontdesk",
      paths: fixtures.searches.map((q) => `/patients?q=${encodeURIComponent(q)}`),
      floorPaths: fixtures.searches.map((q) => `/patient_search?q=${encodeURIComponent(q)}`),
      floorNote: `${FLOOR_COMMON}; the same count and first page of 25`,
      expect: html("Search results"),
    },
    {
      name: "series_planner",
      title: "Series planner proposal (standard course, 60 days)",
      user: "frontdesk",
      paths: fixtures.planner.map(
        (entry) =>
          `/patients/${entry.patientId}/series/new?template=${fixtures.standardTemplateId}&start=${fixtures.plannerStart}`,
      ),
      floorPaths: fixtures.planner.map(
        (entry) =>
          `/series_planner?patient=${entry.patientId}&template=${fixtures.standardTemplateId}&start=${fixtures.plannerStart}`,
      ),
      floorNote: `${FLOOR_COMMON}; includes planSeries itself (the page's data is the proposal), not the proposal's rows formatted for the form`,
      expect: (body) => (body.includes("Plan a series for") ? null : "the planner page did not render"),
    },
    {
      name: "series_summary_pdf",
      title: "Series summary PDF",
      user: "prescriber",
      paths: chart.map((entry) => `/series/${entry.seriesId}/summary.pdf`),
      floorPaths: null,
      floorNote:
        "no floor: a PDF is built from the same data as the measures and sign-off pages, and the PDF's own cost is measured by bench/pdf.ts",
      expect: (body, contentType) =>
        contentType.includes("pdf") && body.startsWith("%PDF") ? null : `not a PDF (${contentType})`,
    },
  ];
}
