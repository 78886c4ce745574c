import type { Step, StepKind } from "./templates";

/**
 * A clean timetable, built in memory before anything is written: each clinic's days are cut into
 * half-hour units from 08:00 to 19:00 (Saturday 09:00–14:00, Sunday closed), and every clinician,
 * room and patient has an occupancy table. An appointment is only placed where all of its people
 * and its room are free, so the database's exclusion constraints never see an overlap.
 */
export const UNIT_MINUTES = 30;
export const FIRST_MINUTE = 8 * 60;
export const UNITS_PER_DAY = 22;
const SATURDAY_UNITS: [number, number] = [2, 12];

export type ClinicianRole = "prescriber" | "therapist" | "nurse";

export type Clinician = {
  role: ClinicianRole;
  /** 0 = Sunday. */
  weekdays: readonly number[];
  /** Working units [firstUnit, endUnit) on a weekday; Saturdays are cut to the clinic's hours. */
  firstUnit: number;
  endUnit: number;
  /** Whole days off, as [from, to) day indexes. */
  timeOff: readonly [number, number][];
};

export type PlacedStaff = { staff: number; role: "therapist" | "prescriber" | "monitor" };

export type Placed = {
  kind: StepKind | "screening";
  day: number;
  unit: number;
  units: number;
  room: number | null;
  staff: PlacedStaff[];
  doseNumber: number | null;
  /** A booking of a discontinued course after it was stopped: cancelled, so it holds no one's time. */
  cancelled: boolean;
};

export type SlotRequest = {
  patient: number;
  dayFrom: number;
  dayTo: number;
  units: number;
  /** The therapist or prescriber the session is with. */
  clinician: number;
  clinicianRole: "therapist" | "prescriber";
  monitor: boolean;
  room: boolean;
  /** The unit the patient prefers to start at; others are tried by distance from it. */
  preferredUnit: number;
  /** Extra condition on a day (at most n doses in a week). */
  dayAllowed?: (day: number) => boolean;
};

export class Timetable {
  readonly days: number;
  /** Epoch day (days since 1970-01-01) of day index 0, a Monday. */
  readonly firstEpochDay: number;
  private readonly staffBusy: Uint8Array;
  private readonly roomBusy: Uint8Array;
  private readonly patientDay: Uint8Array;
  private readonly patientLastDay: Int32Array;
  private readonly monitors: number[];
  private readonly roomCount: number;
  private readonly patientCount: number;
  private readonly startOrders: number[][];
  failures = 0;

  constructor(input: {
    firstEpochDay: number;
    days: number;
    clinicians: readonly Clinician[];
    rooms: number;
    patients: number;
  }) {
    this.days = input.days;
    this.firstEpochDay = input.firstEpochDay;
    this.roomCount = input.rooms;
    this.patientCount = input.patients;
    const cells = input.days * UNITS_PER_DAY;
    this.staffBusy = new Uint8Array(input.clinicians.length * cells);
    this.roomBusy = new Uint8Array(input.rooms * cells);
    this.patientDay = new Uint8Array(input.patients * input.days);
    this.patientLastDay = new Int32Array(input.patients).fill(-1);
    // Nurses monitor first; prescribers only when no nurse is free (they have clinics of their own).
    this.monitors = [
      ...input.clinicians.flatMap((person, index) => (person.role === "nurse" ? [index] : [])),
      ...input.clinicians.flatMap((person, index) => (person.role === "prescriber" ? [index] : [])),
    ];
    for (let day = 0; day < input.days; day += 1) {
      const weekday = this.weekday(day);
      for (let unit = 0; unit < UNITS_PER_DAY; unit += 1) {
        const closed = weekday === 0 || (weekday === 6 && (unit < SATURDAY_UNITS[0] || unit >= SATURDAY_UNITS[1]));
        if (closed) {
          for (let room = 0; room < input.rooms; room += 1) {
            this.roomBusy[room * cells + day * UNITS_PER_DAY + unit] = 1;
          }
        }
      }
    }
    input.clinicians.forEach((person, index) => {
      const base = index * cells;
      for (let day = 0; day < input.days; day += 1) {
        const weekday = this.weekday(day);
        const off =
          !person.weekdays.includes(weekday) ||
          weekday === 0 ||
          person.timeOff.some(([from, to]) => day >= from && day < to);
        const [first, end] =
          weekday === 6
            ? [Math.max(person.firstUnit, SATURDAY_UNITS[0]), Math.min(person.endUnit, SATURDAY_UNITS[1])]
            : [person.firstUnit, person.endUnit];
        for (let unit = 0; unit < UNITS_PER_DAY; unit += 1) {
          if (off || unit < first || unit >= end) {
            this.staffBusy[base + day * UNITS_PER_DAY + unit] = 1;
          }
        }
      }
    });
    this.startOrders = Array.from({ length: UNITS_PER_DAY }, (_, preferred) =>
      Array.from({ length: UNITS_PER_DAY }, (_, unit) => unit).sort(
        (a, b) => Math.abs(a - preferred) - Math.abs(b - preferred) || a - b,
      ),
    );
  }

  weekday(day: number): number {
    return (((this.firstEpochDay + day + 4) % 7) + 7) % 7;
  }

  /** ISO week number shared by Monday..Sunday (day 0 is a Monday). */
  week(day: number): number {
    return Math.floor(day / 7);
  }

  lastDayOf(patient: number): number {
    return this.patientLastDay[patient] ?? -1;
  }

  private free(busy: Uint8Array, resource: number, day: number, unit: number, units: number): boolean {
    const start = resource * this.days * UNITS_PER_DAY + day * UNITS_PER_DAY + unit;
    for (let offset = 0; offset < units; offset += 1) {
      if (busy[start + offset] !== 0) {
        return false;
      }
    }
    return true;
  }

  private mark(busy: Uint8Array, resource: number, day: number, unit: number, units: number): void {
    busy.fill(
      1,
      resource * this.days * UNITS_PER_DAY + day * UNITS_PER_DAY + unit,
      resource * this.days * UNITS_PER_DAY + day * UNITS_PER_DAY + unit + units,
    );
  }

  /** The first free slot for the request, by day then by closeness to the preferred start; null if none. */
  find(request: SlotRequest): Omit<Placed, "kind" | "doseNumber" | "cancelled"> | null {
    const last = Math.min(request.dayTo, this.days - 1);
    for (let day = Math.max(0, request.dayFrom); day <= last; day += 1) {
      if (
        this.patientDay[request.patient * this.days + day] !== 0 ||
        (request.dayAllowed && !request.dayAllowed(day))
      ) {
        continue;
      }
      for (const unit of this.startOrders[request.preferredUnit] ?? []) {
        if (
          unit + request.units > UNITS_PER_DAY ||
          !this.free(this.staffBusy, request.clinician, day, unit, request.units)
        ) {
          continue;
        }
        let monitor: number | null = null;
        if (request.monitor) {
          const offset = (request.patient + day) % Math.max(1, this.monitors.length);
          for (let step = 0; step < this.monitors.length; step += 1) {
            const candidate = this.monitors[(offset + step) % this.monitors.length]!;
            if (candidate !== request.clinician && this.free(this.staffBusy, candidate, day, unit, request.units)) {
              monitor = candidate;
              break;
            }
          }
          if (monitor === null) {
            continue;
          }
        }
        let room: number | null = null;
        if (request.room) {
          const offset = (request.patient * 7 + day) % Math.max(1, this.roomCount);
          for (let step = 0; step < this.roomCount; step += 1) {
            const candidate = (offset + step) % this.roomCount;
            if (this.free(this.roomBusy, candidate, day, unit, request.units)) {
              room = candidate;
              break;
            }
          }
          if (room === null) {
            continue;
          }
        }
        const staff: PlacedStaff[] = [{ staff: request.clinician, role: request.clinicianRole }];
        if (monitor !== null) {
          staff.push({ staff: monitor, role: "monitor" });
        }
        return { day, unit, units: request.units, room, staff };
      }
    }
    return null;
  }

  /** Books a found slot: its people, room and the patient's day are taken. */
  take(patient: number, slot: Omit<Placed, "kind" | "doseNumber" | "cancelled">): void {
    for (const member of slot.staff) {
      this.mark(this.staffBusy, member.staff, slot.day, slot.unit, slot.units);
    }
    if (slot.room !== null) {
      this.mark(this.roomBusy, slot.room, slot.day, slot.unit, slot.units);
    }
    this.patientDay[patient * this.days + slot.day] = 1;
    this.patientLastDay[patient] = Math.max(this.patientLastDay[patient] ?? -1, slot.day);
  }

  /** One appointment outside a course (a screening, a follow-up); null when nothing fits in four weeks. */
  placeSingle(kind: Placed["kind"], request: SlotRequest): Placed | null {
    const slot = this.find(request) ?? this.find({ ...request, dayFrom: request.dayTo + 1, dayTo: request.dayTo + 28 });
    if (!slot) {
      this.failures += 1;
      return null;
    }
    this.take(request.patient, slot);
    return { ...slot, kind, doseNumber: null, cancelled: false };
  }

  /**
   * A whole course, booked the way front desk books one: each session in its window after the one
   * before (preparation, checkpoint, dose n, its integration…), doses at least minDaysApart apart and
   * at most maxPerWeek in a week. `stopAfter` steps are kept; the rest were cancelled when the course
   * was stopped, so they are placed without holding anyone's time.
   */
  placeCourse(input: {
    patient: number;
    therapist: number;
    prescriber: number;
    steps: readonly Step[];
    startDay: number;
    preferredUnit: number;
    minDaysApart: number;
    maxPerWeek: number;
    stopAfter: number | null;
    /** Whether a session is in a room (dosing always is; some integrations and check-ins are by video). */
    needsRoom: (step: Step) => boolean;
  }): Placed[] {
    const placed: Placed[] = [];
    const dosesInWeek = new Map<number, number>();
    let previousDay = input.startDay - 1;
    let lastDoseDay = Number.NEGATIVE_INFINITY;
    let lastDoseDayForWindow = input.startDay;
    for (const [index, step] of input.steps.entries()) {
      const cancelled = input.stopAfter !== null && index >= input.stopAfter;
      let from: number;
      let to: number;
      switch (step.kind) {
        case "preparation":
          from = index === 0 ? input.startDay : previousDay + 2;
          to = from + 6;
          break;
        case "checkpoint":
          from = previousDay + 1;
          to = from + 5;
          break;
        case "dosing":
          from = Math.max(previousDay + 1, lastDoseDay + Math.max(1, input.minDaysApart));
          to = from + 7;
          break;
        case "integration":
          from = Math.max(previousDay + 1, lastDoseDayForWindow + 1);
          to = lastDoseDayForWindow + 3;
          break;
      }
      const request: SlotRequest = {
        patient: input.patient,
        dayFrom: from,
        dayTo: Math.max(from, to),
        units: step.units,
        clinician: step.who === "therapist" ? input.therapist : input.prescriber,
        clinicianRole: step.who,
        monitor: step.monitor,
        room: step.kind === "dosing" || input.needsRoom(step),
        preferredUnit:
          step.kind === "dosing" ? Math.min(input.preferredUnit, UNITS_PER_DAY - step.units) : input.preferredUnit,
        dayAllowed:
          step.kind === "dosing" ? (day) => (dosesInWeek.get(this.week(day)) ?? 0) < input.maxPerWeek : undefined,
      };
      const slot =
        this.find(request) ?? this.find({ ...request, dayFrom: request.dayTo + 1, dayTo: request.dayTo + 21 });
      if (!slot) {
        this.failures += 1;
        break;
      }
      if (!cancelled) {
        this.take(input.patient, slot);
      }
      placed.push({ ...slot, kind: step.kind, doseNumber: step.doseNumber, cancelled });
      previousDay = slot.day;
      if (step.kind === "dosing") {
        lastDoseDay = slot.day;
        lastDoseDayForWindow = slot.day;
        dosesInWeek.set(this.week(slot.day), (dosesInWeek.get(this.week(slot.day)) ?? 0) + 1);
      }
    }
    return placed;
  }

  get size(): { rooms: number; patients: number } {
    return { rooms: this.roomCount, patients: this.patientCount };
  }
}
