import type { ClinicPlan } from "./clinic-plan";
import { seeded } from "./random";

const DAY_MS = 86_400_000;

/** What the load runs ask for: who signs in, and which calendar weeks, patients, series and searches. */
export type Fixtures = {
  clinicName: string;
  timeZone: string;
  /** The day the clinic was generated, in its zone (yyyy-MM-dd). */
  today: string;
  users: { frontdesk: string; prescriber: string; therapist: string; nurse: string };
  /** Mondays of busy weeks: this one, the two before and the next. */
  calendarWeeks: string[];
  /** Patients of the busy prescriber with the longest histories, each with a completed standard course. */
  chart: { patientId: string; seriesId: string; appointments: number }[];
  /** Patients with nothing booked ahead, to plan a standard course for, starting a week from today. */
  planner: { patientId: string }[];
  plannerStart: string;
  standardTemplateId: string;
  /** What front desk types in the search box: parts of names, dates of birth, MRNs, phone digits. */
  searches: string[];
};

function isoDate(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function fixturesFor(plan: ClinicPlan): Fixtures {
  const random = seeded(7);
  const email = (role: string): string => plan.staff.find((member) => member.role === role)!.email;
  const prescriber = plan.staff.find((member) => member.role === "prescriber")!;
  const todayEpoch = plan.firstEpochDay + plan.todayDay;
  const monday = todayEpoch - ((todayEpoch + 3) % 7);

  const visits = new Map<number, number>();
  const booked = new Set<number>();
  for (const row of plan.appointments) {
    if (row.status !== "cancelled") {
      visits.set(row.patient, (visits.get(row.patient) ?? 0) + 1);
      if (row.day >= plan.todayDay) {
        booked.add(row.patient);
      }
    }
  }
  const chart = plan.series
    .filter(
      (course) =>
        course.template === "standard" &&
        course.status === "completed" &&
        plan.patients[course.patient]!.prescriber === prescriber.clinician,
    )
    .map((course) => ({
      patientId: plan.patients[course.patient]!.id,
      seriesId: course.id,
      appointments: visits.get(course.patient) ?? 0,
    }))
    .sort((a, b) => b.appointments - a.appointments)
    .filter((entry, index, all) => all.findIndex((other) => other.patientId === entry.patientId) === index)
    .slice(0, 12);
  const planner = plan.patients
    .map((person, index) => ({ person, index }))
    .filter(({ index }) => !booked.has(index) && (visits.get(index) ?? 0) > 0)
    .slice(0, 12)
    .map(({ person }) => ({ patientId: person.id }));

  const searches: string[] = [];
  for (let n = 0; n < 36; n += 1) {
    const person = random.pick(plan.patients);
    const [year, month, day] = person.dateOfBirth.split("-");
    switch (n % 6) {
      case 0:
        searches.push(person.lastName.toLowerCase().slice(1, 5));
        break;
      case 1:
        searches.push(`${person.firstName.slice(0, 3)} ${person.lastName.slice(0, 4)}`);
        break;
      case 2:
        searches.push(`${month}/${day}/${year}`);
        break;
      case 3:
        searches.push(person.mrn);
        break;
      case 4:
        searches.push(person.phoneDigits.slice(-4));
        break;
      default:
        searches.push(person.phone);
    }
  }

  return {
    clinicName: plan.name,
    timeZone: plan.timeZone,
    today: isoDate(todayEpoch),
    users: {
      frontdesk: email("frontdesk"),
      prescriber: prescriber.email,
      therapist: email("therapist"),
      nurse: email("nurse"),
    },
    calendarWeeks: [monday, monday - 7, monday - 14, monday + 7].map(isoDate),
    chart,
    planner,
    plannerStart: isoDate(todayEpoch + 7),
    standardTemplateId: plan.templates.standard,
    searches,
  };
}
