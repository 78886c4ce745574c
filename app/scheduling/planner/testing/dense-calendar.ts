import { MS_PER_MINUTE, parseLocalDate, zonedInstant, weekdayOf } from "#app/scheduling/planner/local-time";
import type { Calendar, Interval, PlanRequest, StaffRole } from "#app/scheduling/planner/types";
import { STANDARD_KAP_COURSE } from "#app/scheduling/planner/standard-course";

/** A small seeded generator, so benchmark and tests see the same calendars on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CELL_MINUTES = 30;

/**
 * One working day booked about `booked` of the time on average: the free time comes in one to
 * three blocks (often one, as when a clinician keeps a morning clear), the rest as back-to-back
 * appointments.
 */
function bookings(
  random: () => number,
  timeZone: string,
  epochDay: number,
  from: number,
  to: number,
  booked: number,
): Interval[] {
  const cells = (to - from) / CELL_MINUTES;
  // Light and heavy days, as clinicians keep them, averaging `booked` (0.4 × (b − 0.25) + 0.6 × (b + 1/6) = b).
  const share = Math.min(0.95, Math.max(0.2, random() < 0.4 ? booked - 0.25 : booked + 1 / 6));
  let freeCells = Math.round(cells * (1 - share));
  const blocks = random() < 0.5 ? 1 : 1 + Math.floor(random() * 3);
  const free = new Array<boolean>(cells).fill(false);
  for (let block = 0; block < blocks && freeCells > 0; block += 1) {
    const size = block === blocks - 1 ? freeCells : Math.max(1, Math.floor(random() * freeCells));
    const at = Math.floor(random() * Math.max(1, cells - size + 1));
    for (let cell = at; cell < Math.min(cells, at + size); cell += 1) {
      free[cell] = true;
    }
    freeCells -= size;
  }
  const busy: Interval[] = [];
  let cell = 0;
  while (cell < cells) {
    if (free[cell]) {
      cell += 1;
      continue;
    }
    // An appointment of one to four cells, cut short by the next free cell.
    let length = 1 + Math.floor(random() * 4);
    let end = cell;
    while (end < cells && end - cell < length && !free[end]) {
      end += 1;
    }
    length = end - cell;
    busy.push({
      start: new Date(zonedInstant(epochDay, from + cell * CELL_MINUTES, timeZone)),
      end: new Date(zonedInstant(epochDay, from + end * CELL_MINUTES, timeZone)),
    });
    cell = end;
  }
  return busy;
}

const SHIFTS: [string, string, number, number][] = [
  ["08:00", "18:00", 480, 1080],
  ["07:30", "16:00", 450, 960],
  ["09:00", "19:00", 540, 1140],
];

/**
 * A clinic with 10 staff (4 therapists, 2 prescribers, 4 nurses) and 5 rooms, each staff member
 * booked about `booked` (70%) of their working time, rooms 10 points less, over `dayCount` days from `startDate`,
 * with the odd week of time off.
 */
export function denseCalendar(
  seed: number,
  startDate: string,
  dayCount: number,
  booked = 0.7,
  timeZone = "America/Los_Angeles",
): Calendar {
  const random = seededRandom(seed);
  const first = parseLocalDate(startDate) ?? 0;
  const roles: [string, StaffRole[]][] = [
    ["Jordan Reyes", ["therapist"]],
    ["Avery Chen", ["therapist"]],
    ["Morgan Diaz", ["therapist"]],
    ["Riley Okonkwo", ["therapist", "nurse"]],
    ["Priya Natarajan", ["prescriber"]],
    ["Elias Brandt", ["prescriber"]],
    ["Sam Okafor", ["nurse"]],
    ["Lee Park", ["nurse"]],
    ["Noor Haddad", ["nurse"]],
    ["Tomas Lindqvist", ["nurse"]],
  ];
  const staff = roles.map(([name, staffRoles], index) => {
    const [starts, ends, from, to] = SHIFTS[index % SHIFTS.length] ?? SHIFTS[0] ?? ["08:00", "18:00", 480, 1080];
    const weekdays = index % 4 === 3 ? [2, 3, 4, 5, 6] : [1, 2, 3, 4, 5];
    const busy: Interval[] = [];
    for (let day = first; day < first + dayCount; day += 1) {
      if (weekdays.includes(weekdayOf(day))) {
        busy.push(...bookings(random, timeZone, day, from, to, booked));
      }
    }
    const timeOff: Interval[] = [];
    if (random() < 0.3) {
      const offStart = first + Math.floor(random() * (dayCount - 5));
      const length = 3 + Math.floor(random() * 5);
      timeOff.push({
        start: new Date(zonedInstant(offStart, 0, timeZone)),
        end: new Date(zonedInstant(offStart + length, 0, timeZone)),
      });
    }
    return {
      id: `staff-${index + 1}`,
      name,
      roles: staffRoles,
      workingHours: weekdays.map((weekday) => ({ weekday, starts, ends })),
      timeOff,
      busy,
    };
  });
  const rooms = Array.from({ length: 5 }, (_, index) => {
    const busy: Interval[] = [];
    for (let day = first; day < first + dayCount; day += 1) {
      busy.push(...bookings(random, timeZone, day, 420, 1170, booked - 0.1));
    }
    return { id: `room-${index + 1}`, name: `Room ${index + 1}`, busy };
  });
  const patientBusy: Interval[] = [];
  for (let day = first; day < first + dayCount; day += 7) {
    const start = zonedInstant(day + Math.floor(random() * 7), 600 + 60 * Math.floor(random() * 6), timeZone);
    patientBusy.push({ start: new Date(start), end: new Date(start + 120 * MS_PER_MINUTE) });
  }
  return {
    timeZone,
    openingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: "07:00", closes: "19:30" })),
    staff,
    rooms,
    patientBusy,
  };
}

export function denseRequest(seed: number, startDate = "2026-03-02", dayCount = 60, booked = 0.7): PlanRequest {
  const calendar = denseCalendar(seed, startDate, dayCount, booked);
  return {
    template: STANDARD_KAP_COURSE,
    calendar,
    team: { therapistId: `staff-${(seed % 4) + 1}`, prescriberId: `staff-${(seed % 2) + 5}` },
    startDate,
    searchDays: dayCount,
  };
}
