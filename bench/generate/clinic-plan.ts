import { randomUUID } from "node:crypto";
import { localPartsOf, zonedInstant } from "#app/scheduling/planner/local-time";
import { CLINIC_PLACES, firstName, lastName, phoneNumber, streetAddress } from "./names";
import type { Random } from "./random";
import { courseSteps, TEMPLATES, type TemplateKey } from "./templates";
import { FIRST_MINUTE, Timetable, UNIT_MINUTES, UNITS_PER_DAY, type Clinician, type Placed } from "./timetable";

export type StaffRole = "admin" | "frontdesk" | "prescriber" | "therapist" | "nurse";

export type StaffPlan = {
  id: string;
  role: StaffRole;
  name: string;
  email: string;
  credentials: string;
  licenseNumber: string;
  npi: string;
  deaNumber: string;
  /** Index into the timetable's clinicians, or null for admin and front desk. */
  clinician: number | null;
  schedule: Clinician | null;
};

export type PatientPlan = {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  preferredName: string;
  dateOfBirth: string;
  sexAtBirth: string;
  pronouns: string;
  phone: string;
  phoneDigits: string;
  email: string;
  addressLine: string;
  city: string;
  region: string;
  postalCode: string;
  emergencyContactName: string;
  emergencyContactRelationship: string;
  emergencyContactPhone: string;
  escortName: string;
  escortRelationship: string;
  escortPhone: string;
  weightKg: number;
  createdAt: Date;
  prescriber: number;
  therapist: number;
  nurse: number;
  preferredUnit: number;
};

export type SeriesOutcome = "completed-course" | "stopped" | "not-cleared";

export type SeriesPlan = {
  id: string;
  patient: number;
  template: TemplateKey;
  outcome: SeriesOutcome;
  status: "planned" | "active" | "completed" | "discontinued";
  statusReason: string;
  plannedStart: string;
  plannedEnd: string;
  createdAt: Date;
  appointments: number[];
};

export type AppointmentStatus = "scheduled" | "checked_in" | "in_progress" | "completed" | "cancelled" | "no_show";

export type AppointmentPlan = Placed & {
  id: string;
  patient: number;
  series: number | null;
  sequence: number | null;
  start: Date;
  end: Date;
  status: AppointmentStatus;
};

export type ClinicPlan = {
  index: number;
  id: string;
  name: string;
  city: string;
  region: string;
  timeZone: string;
  staff: StaffPlan[];
  /** Staff indexes by timetable clinician index. */
  clinicianStaff: number[];
  rooms: { id: string; name: string }[];
  templates: Record<TemplateKey, string>;
  patients: PatientPlan[];
  series: SeriesPlan[];
  appointments: AppointmentPlan[];
  firstEpochDay: number;
  todayDay: number;
  placementFailures: number;
};

export type ClinicCounts = {
  clinicians: number;
  rooms: number;
  patients: number;
  series: number;
  appointments: number;
};

const DAY_MS = 86_400_000;
const ROOM_NAMES = [
  "Cedar",
  "Willow",
  "Aspen",
  "Juniper",
  "Birch",
  "Laurel",
  "Sage",
  "Maple",
  "Alder",
  "Rowan",
  "Hazel",
  "Linden",
];
const THERAPIST_CREDENTIALS = ["LMFT", "LCSW", "PsyD", "PhD", "LPCC"];
const PRESCRIBER_CREDENTIALS = ["MD", "DO", "PMHNP"];

function isoDate(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** Positions of k starts in [0, span], each at least `gap` after the one before. */
function spacedStarts(random: Random, k: number, span: number, gap: number): number[] {
  const usable = Math.max(0, span - (k - 1) * gap);
  const points = Array.from({ length: k }, () => random.int(0, usable)).sort((a, b) => a - b);
  return points.map((point, index) => point + index * gap);
}

function staffMembers(random: Random, clinicIndex: number, clinicians: number, timelineDays: number): StaffPlan[] {
  const prescribers = Math.max(1, Math.round(clinicians * 0.2));
  const therapists = Math.max(1, Math.round(clinicians * 0.45));
  const nurses = Math.max(1, clinicians - prescribers - therapists);
  const frontdesk = Math.max(1, Math.round(clinicians / 10));
  const staff: StaffPlan[] = [];
  const add = (role: StaffRole, n: number, clinician: number | null): void => {
    const name = `${firstName(random)} ${lastName(random)}`;
    const credentials =
      role === "prescriber"
        ? random.pick(PRESCRIBER_CREDENTIALS)
        : role === "therapist"
          ? random.pick(THERAPIST_CREDENTIALS)
          : role === "nurse"
            ? "RN"
            : "";
    let schedule: Clinician | null = null;
    if (clinician !== null && role !== "admin" && role !== "frontdesk") {
      const [firstUnit, endUnit] = random.pick([
        [0, 18],
        [0, 18],
        [1, 19],
        [4, 22],
      ] as const);
      const timeOff: [number, number][] = [];
      // About two weeks off a year, a week at a time.
      for (let start = random.int(20, 160); start < timelineDays; start += random.int(150, 220)) {
        const monday = start - (start % 7);
        timeOff.push([monday, monday + 7]);
      }
      schedule = {
        role,
        weekdays: random.chance(0.25) ? [2, 3, 4, 5, 6] : [1, 2, 3, 4, 5],
        firstUnit,
        endUnit,
        timeOff,
      };
    }
    staff.push({
      id: randomUUID(),
      role,
      name,
      email: `${role}${n}.clinic${clinicIndex + 1}@bench.example`,
      credentials,
      licenseNumber: role === "admin" || role === "frontdesk" ? "" : `${credentials}-${random.int(10000, 99999)}`,
      // Invented identifiers: NPI-shaped and DEA-shaped, not checked against any registry.
      npi: role === "prescriber" ? `1${random.int(100000000, 999999999)}` : "",
      deaNumber:
        role === "prescriber"
          ? `B${name.split(" ")[1]?.charAt(0).toUpperCase() ?? "X"}${random.int(1000000, 9999999)}`
          : "",
      clinician,
      schedule,
    });
  };
  add("admin", 1, null);
  for (let n = 1; n <= frontdesk; n += 1) {
    add("frontdesk", n, null);
  }
  let clinician = 0;
  for (const [role, count] of [
    ["prescriber", prescribers],
    ["therapist", therapists],
    ["nurse", nurses],
  ] as const) {
    for (let n = 1; n <= count; n += 1) {
      add(role, n, clinician);
      clinician += 1;
    }
  }
  return staff;
}

function patientPlan(
  random: Random,
  mrnNumber: number,
  place: (typeof CLINIC_PLACES)[number],
  createdAt: Date,
  team: { prescriber: number; therapist: number; nurse: number },
): PatientPlan {
  const first = firstName(random);
  const last = lastName(random);
  const year = random.int(1948, 2004);
  const sex = random.pick(["female", "female", "male", "male", "intersex", "unknown"]);
  const pronouns =
    sex === "female"
      ? random.pick(["she/her", "she/her", "they/them", ""])
      : sex === "male"
        ? random.pick(["he/him", "he/him", "they/them", ""])
        : random.pick(["they/them", ""]);
  const own = phoneNumber(random);
  const contact = phoneNumber(random);
  const contactName = `${firstName(random)} ${random.chance(0.6) ? last : lastName(random)}`;
  const relationship = random.pick(["Spouse", "Partner", "Parent", "Sibling", "Friend", "Adult child"]);
  return {
    id: randomUUID(),
    mrn: `K${mrnNumber}`,
    firstName: first,
    lastName: last,
    preferredName: random.chance(0.08) ? firstName(random) : "",
    dateOfBirth: `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`,
    sexAtBirth: sex,
    pronouns,
    phone: own.phone,
    phoneDigits: own.digits,
    email: `${first}.${last}${random.int(1, 99)}@example.org`
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/gu, "")
      .replace(/['\s]/gu, ""),
    addressLine: streetAddress(random),
    city: place.city,
    region: place.region,
    postalCode: String(random.int(10000, 99999)),
    emergencyContactName: contactName,
    emergencyContactRelationship: relationship,
    emergencyContactPhone: contact.phone,
    escortName: random.chance(0.9) ? contactName : "",
    escortRelationship: relationship,
    escortPhone: contact.phone,
    weightKg: Math.round(random.normal(76, 15) * 10) / 10,
    createdAt,
    ...team,
    preferredUnit: random.pick([0, 0, 2, 4, 6, 8, 10, 12]),
  };
}

/**
 * Everything one clinic holds, in memory: staff, rooms, patients with their care teams, series and
 * a clean timetable of appointments with statuses as of `now`.
 */
export function planClinic(input: {
  random: Random;
  index: number;
  counts: ClinicCounts;
  firstEpochDay: number;
  timelineDays: number;
  now: Date;
  mrnStart: number;
}): ClinicPlan {
  const { random, index, counts } = input;
  const place = CLINIC_PLACES[index % CLINIC_PLACES.length]!;
  const staff = staffMembers(random, index, counts.clinicians, input.timelineDays);
  const clinicianStaff = staff.flatMap((member, staffIndex) => (member.clinician === null ? [] : [staffIndex]));
  const clinicians = clinicianStaff.map((staffIndex) => staff[staffIndex]!.schedule!);
  const byRole = (role: StaffRole): number[] =>
    staff.flatMap((member) => (member.role === role && member.clinician !== null ? [member.clinician] : []));
  const prescribers = byRole("prescriber");
  const therapists = byRole("therapist");
  const nurses = byRole("nurse");
  const rooms = Array.from({ length: counts.rooms }, (_, n) => ({
    id: randomUUID(),
    name: `${ROOM_NAMES[n % ROOM_NAMES.length]} Room${n >= ROOM_NAMES.length ? ` ${Math.floor(n / ROOM_NAMES.length) + 1}` : ""}`,
  }));

  const nowParts = localPartsOf(input.now.getTime(), place.timeZone);
  const todayDay = nowParts.epochDay - input.firstEpochDay;
  const nowUnit = (nowParts.minute - FIRST_MINUTE) / UNIT_MINUTES;
  const days = input.timelineDays + 42;
  const timetable = new Timetable({
    firstEpochDay: input.firstEpochDay,
    days,
    clinicians,
    rooms: counts.rooms,
    patients: counts.patients,
  });

  const patients: PatientPlan[] = Array.from({ length: counts.patients }, (_, n) =>
    patientPlan(
      random,
      input.mrnStart + n,
      place,
      new Date((input.firstEpochDay + random.int(0, input.timelineDays - 60)) * DAY_MS),
      {
        prescriber: prescribers[n % prescribers.length]!,
        therapist: therapists[random.int(0, therapists.length - 1)]!,
        nurse: nurses[random.int(0, nurses.length - 1)]!,
      },
    ),
  );

  // Six in ten patients start a course, at any time in the three years (a little more often lately:
  // the clinic grows) or in the five weeks booked ahead; the other series are later courses and
  // boosters, more of them for those who started long ago.
  const windowStart = 14;
  const windowEnd = Math.min(input.timelineDays - 21, todayDay + 35);
  const sampleDay = (from: number, to: number): number => {
    for (;;) {
      const day = random.int(from, to);
      const growth = 0.9 + (0.2 * day) / Math.max(1, todayDay);
      // Booked ahead: the next weeks nearly as full as this one, a course starting in five weeks rare.
      const ahead = day <= todayDay ? 1 : 1 - (day - todayDay) / 36;
      if (random.next() * 1.2 < growth * ahead) {
        return day;
      }
    }
  };
  const starterCount = Math.min(counts.patients, Math.round(counts.patients * 0.6), counts.series);
  const starters = random
    .shuffle(Array.from({ length: counts.patients }, (_, n) => n))
    .slice(0, starterCount)
    .map((patient) => ({ patient, first: sampleDay(windowStart, windowEnd), later: 0 }));
  const GAP = 56;
  let extra = counts.series - starters.length;
  const roomFor = (starter: { first: number; later: number }): number =>
    Math.floor((windowEnd - starter.first - GAP) / GAP) + 1 - starter.later;
  const open = starters.filter((starter) => roomFor(starter) > 0);
  while (extra > 0 && open.length > 0) {
    const at = random.int(0, open.length - 1);
    const starter = open[at]!;
    // Weighted by the time left after the first course: a patient of three years has had boosters.
    if (random.next() * (windowEnd - windowStart) > windowEnd - starter.first) {
      continue;
    }
    starter.later += 1;
    extra -= 1;
    if (roomFor(starter) <= 0) {
      open.splice(at, 1);
    }
  }
  if (extra > 0) {
    throw new Error(`Clinic ${index + 1}: no room in the timeline for ${extra} more series.`);
  }

  type Request = { day: number; patient: number; course: { template: TemplateKey; stop: SeriesOutcome } | null };
  const requests: Request[] = [];
  for (const starter of starters) {
    const firstDay = starter.first;
    // Later courses and boosters are booked a week or so ahead, not months.
    const laterEnd = Math.min(windowEnd, Math.max(todayDay + 7, firstDay + GAP * (starter.later + 1)));
    const laterStarts = spacedStarts(random, starter.later, laterEnd - firstDay - GAP, GAP).map(
      (offset) => firstDay + GAP + offset,
    );
    [firstDay, ...laterStarts].forEach((day, n) => {
      let template: TemplateKey;
      let stop: SeriesOutcome = "completed-course";
      const roll = random.next();
      if (n === 0) {
        template = roll < 0.38 ? "standard" : "brief";
        // Only a course that began well before today can have been stopped already.
        if (day < todayDay - 40) {
          const outcome = random.next();
          stop = outcome < 0.15 ? "stopped" : outcome < 0.2 ? "not-cleared" : "completed-course";
        }
      } else {
        template = roll < 0.8 ? "booster" : roll < 0.95 ? "brief" : "standard";
      }
      requests.push({ day, patient: starter.patient, course: { template, stop } });
    });
    requests.push({ day: Math.max(0, firstDay - random.int(7, 21)), patient: starter.patient, course: null });
  }
  const seriesCount = new Map<number, number>(starters.map((starter) => [starter.patient, 1 + starter.later]));
  // Most of those who never start a course were screened (or are about to be).
  for (let patient = 0; patient < counts.patients; patient += 1) {
    if (!seriesCount.has(patient) && random.chance(0.6)) {
      requests.push({ day: sampleDay(0, windowEnd), patient, course: null });
    }
  }
  requests.sort((a, b) => a.day - b.day);

  const series: SeriesPlan[] = [];
  const unplaced: Request[] = [];
  const appointments: AppointmentPlan[] = [];
  const offsets = new Float64Array(days);
  for (let day = 0; day < days; day += 1) {
    const epochDay = input.firstEpochDay + day;
    offsets[day] = zonedInstant(epochDay, 720, place.timeZone) - (epochDay * DAY_MS + 720 * 60_000);
  }
  // Every booked time is between 08:00 and 19:00, hours away from a clock change, so the noon offset holds.
  const instant = (day: number, unit: number): Date =>
    new Date((input.firstEpochDay + day) * DAY_MS + (FIRST_MINUTE + unit * UNIT_MINUTES) * 60_000 + offsets[day]!);
  const status = (placed: Placed, isSeries: boolean): AppointmentStatus => {
    if (placed.cancelled) {
      return "cancelled";
    }
    const past = placed.day < todayDay || (placed.day === todayDay && placed.unit + placed.units <= nowUnit);
    const started = placed.day === todayDay && placed.unit <= nowUnit;
    if (past) {
      const roll = random.next();
      if (!isSeries) {
        return roll < 0.05 ? "no_show" : roll < 0.09 ? "cancelled" : "completed";
      }
      return placed.kind !== "dosing" && roll < 0.02 ? "no_show" : "completed";
    }
    if (started) {
      return placed.kind === "dosing" ? "in_progress" : "checked_in";
    }
    return !isSeries && random.chance(0.03) ? "cancelled" : "scheduled";
  };
  const record = (placed: Placed, patient: number, seriesIndex: number | null, sequence: number | null): number => {
    appointments.push({
      ...placed,
      id: randomUUID(),
      patient,
      series: seriesIndex,
      sequence,
      start: instant(placed.day, placed.unit),
      end: instant(placed.day, placed.unit + placed.units),
      status: status(placed, seriesIndex !== null),
    });
    return appointments.length - 1;
  };

  const screeningFor = (patient: number, day: number): void => {
    const person = patients[patient]!;
    const placed = timetable.placeSingle("screening", {
      patient,
      dayFrom: day,
      dayTo: day + 14,
      units: 2,
      clinician: person.prescriber,
      clinicianRole: "prescriber",
      monitor: false,
      room: true,
      preferredUnit: person.preferredUnit,
    });
    if (placed) {
      record(placed, patient, null, null);
    }
  };

  for (const request of requests) {
    const person = patients[request.patient]!;
    if (!request.course) {
      screeningFor(request.patient, request.day);
      continue;
    }
    const template = TEMPLATES[request.course.template];
    const steps = courseSteps(template);
    const stop = request.course.stop;
    const doseSteps = steps.flatMap((step, n) => (step.kind === "dosing" ? [n] : []));
    const stopAfter =
      stop === "not-cleared"
        ? Math.max(1, template.preparation.count)
        : stop === "stopped"
          ? (doseSteps[random.int(1, Math.max(1, doseSteps.length - 2))] ?? steps.length) + 2
          : null;
    let placed: Placed[] = [];
    // A course that cannot begin (its therapist away, every room taken) is booked a few weeks later.
    for (let attempt = 0; attempt < 6 && placed.length === 0; attempt += 1) {
      placed = timetable.placeCourse({
        patient: request.patient,
        therapist: person.therapist,
        prescriber: person.prescriber,
        steps,
        startDay: Math.max(request.day, timetable.lastDayOf(request.patient) + 1) + attempt * 21,
        preferredUnit: person.preferredUnit,
        minDaysApart: template.dosing.minDaysApart,
        maxPerWeek: template.dosing.maxPerWeek,
        stopAfter,
        needsRoom: (step) => step.kind === "preparation" || random.chance(0.6),
      });
    }
    if (placed.length === 0) {
      unplaced.push(request);
      continue;
    }
    const seriesIndex = series.length;
    const ordered = [...placed].sort((a, b) => a.day - b.day || a.unit - b.unit);
    const ids = ordered.map((slot, n) => record(slot, request.patient, seriesIndex, n + 1));
    const own = ids.map((id) => appointments[id]!);
    const done = own.every(
      (row) => row.status === "completed" || row.status === "cancelled" || row.status === "no_show",
    );
    const begun = own.some((row) => row.status !== "scheduled");
    const discontinued = stopAfter !== null && placed.length > stopAfter;
    series.push({
      id: randomUUID(),
      patient: request.patient,
      template: request.course.template,
      outcome: discontinued ? stop : "completed-course",
      status: discontinued ? "discontinued" : done ? "completed" : begun ? "active" : "planned",
      statusReason: discontinued
        ? stop === "not-cleared"
          ? "Not cleared for dosing at screening."
          : "Patient chose to stop the course."
        : "",
      plannedStart: isoDate(input.firstEpochDay + ordered[0]!.day),
      plannedEnd: isoDate(input.firstEpochDay + ordered.at(-1)!.day),
      createdAt: new Date(instant(ordered[0]!.day, 0).getTime() - random.int(3, 20) * DAY_MS),
      appointments: ids,
    });
  }

  // Follow-ups fill the appointments up to the clinic's share: prescriber check-ins and therapy
  // sessions between courses, a third of the therapy ones by video (no room).
  const withSeries = [...seriesCount.keys()];
  let attempts = 0;
  while (appointments.length < counts.appointments && attempts < counts.appointments * 4) {
    attempts += 1;
    const patient = withSeries.length > 0 ? random.pick(withSeries) : random.int(0, counts.patients - 1);
    const person = patients[patient]!;
    const withPrescriber = random.chance(0.45);
    const day = sampleDay(windowStart, windowEnd);
    const placed = timetable.placeSingle(withPrescriber ? "checkpoint" : "integration", {
      patient,
      dayFrom: day,
      dayTo: day + 10,
      units: withPrescriber ? 1 : 2,
      clinician: withPrescriber ? person.prescriber : person.therapist,
      clinicianRole: withPrescriber ? "prescriber" : "therapist",
      monitor: false,
      room: withPrescriber || random.chance(0.66),
      preferredUnit: person.preferredUnit,
    });
    if (placed) {
      record(placed, patient, null, null);
    }
  }
  if (appointments.length > counts.appointments) {
    throw new Error(
      `Clinic ${index + 1}: the courses alone need ${appointments.length} appointments, more than its share of ${counts.appointments}; lower the share of long courses.`,
    );
  }
  if (appointments.length < counts.appointments) {
    throw new Error(
      `Clinic ${index + 1}: only ${appointments.length} of ${counts.appointments} appointments fit its timetable.`,
    );
  }
  if (series.length !== counts.series) {
    throw new Error(
      `Clinic ${index + 1}: ${series.length} of ${counts.series} series could be booked (${unplaced
        .map(
          (request) =>
            `day ${request.day}, patient ${request.patient}, last day ${timetable.lastDayOf(request.patient)}`,
        )
        .slice(0, 5)
        .join("; ")}).`,
    );
  }

  return {
    index,
    id: randomUUID(),
    name: place.name,
    city: place.city,
    region: place.region,
    timeZone: place.timeZone,
    staff,
    clinicianStaff,
    rooms,
    templates: { standard: randomUUID(), brief: randomUUID(), booster: randomUUID() },
    patients,
    series,
    appointments,
    firstEpochDay: input.firstEpochDay,
    todayDay,
    placementFailures: timetable.failures,
  };
}

export { UNITS_PER_DAY };
