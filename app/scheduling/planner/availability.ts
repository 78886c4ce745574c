import { hoursOnDay, type Day, type DayGrid } from "./day-grid";
import { MS_PER_MINUTE } from "./local-time";
import { mergeSpans, spansOf, spansWithin, subtractSpans, type Span } from "./intervals";
import type { Resolved } from "./resolve";

/**
 * For each grid point, how many minutes a resource stays free from that instant (0 when it is not
 * free). A slot of d minutes fits at a grid point exactly when the value there is at least d, which
 * makes every availability check during the search a single array read.
 */
export type RunTable = Float64Array;

export type Availability = {
  grid: DayGrid;
  clinic: RunTable;
  patient: RunTable;
  staff: (index: number) => RunTable;
  room: (index: number) => RunTable;
};

export function runTable(grid: DayGrid, freeOnDay: (day: Day) => Span[]): RunTable {
  const runs = new Float64Array(grid.days.length * grid.perDay);
  for (const day of grid.days) {
    fillRuns(grid, day, freeOnDay(day), runs, day.index * grid.perDay);
  }
  return runs;
}

/** One day's row of a run table. */
export function dayRuns(grid: DayGrid, day: Day, free: readonly Span[]): Float64Array {
  const runs = new Float64Array(grid.perDay);
  fillRuns(grid, day, free, runs, 0);
  return runs;
}

function fillRuns(grid: DayGrid, day: Day, spans: readonly Span[], runs: Float64Array, offset: number): void {
  let next = 0;
  for (let slot = 0; slot < grid.perDay; slot += 1) {
    const instant = grid.gridMs[day.index * grid.perDay + slot] ?? Number.NaN;
    if (Number.isNaN(instant)) {
      continue;
    }
    while (next < spans.length && (spans[next]?.end ?? Infinity) <= instant) {
      next += 1;
    }
    const span = spans[next];
    if (span && span.start <= instant) {
      runs[offset + slot] = (span.end - instant) / MS_PER_MINUTE;
    }
  }
}

export function wholeDay(day: Day): Span[] {
  return [{ start: day.startMs, end: day.endMs }];
}

/** A staff member's free time on a day: working hours less time off and bookings. */
export function staffFreeOnDay(
  resolved: Resolved,
  index: number,
  day: Day,
  layers: { timeOff: boolean; busy: boolean },
): Span[] {
  const working = hoursOnDay(resolved.working[index] ?? [], day, resolved.timeZone);
  const member = resolved.calendar.staff[index];
  if (!member) {
    return [];
  }
  const blocks = [...(layers.timeOff ? spansOf(member.timeOff) : []), ...(layers.busy ? spansOf(member.busy) : [])];
  return subtractSpans(working, spansWithin(mergeSpans(blocks), day.startMs, day.endMs));
}

function memoized(build: (index: number) => RunTable): (index: number) => RunTable {
  const cache = new Map<number, RunTable>();
  return (index) => {
    let table = cache.get(index);
    if (!table) {
      table = build(index);
      cache.set(index, table);
    }
    return table;
  };
}

export function buildAvailability(resolved: Resolved, grid: DayGrid): Availability {
  const { calendar, timeZone } = resolved;
  const patientBusy = mergeSpans(spansOf(calendar.patientBusy));
  const staffBlocks = new Map<number, Span[]>();
  const blocksOf = (index: number): Span[] => {
    let blocks = staffBlocks.get(index);
    if (!blocks) {
      const member = calendar.staff[index];
      blocks = member ? mergeSpans([...spansOf(member.timeOff), ...spansOf(member.busy)]) : [];
      staffBlocks.set(index, blocks);
    }
    return blocks;
  };
  return {
    grid,
    clinic: runTable(grid, (day) => hoursOnDay(resolved.opening, day, timeZone)),
    patient: runTable(grid, (day) => subtractSpans(wholeDay(day), spansWithin(patientBusy, day.startMs, day.endMs))),
    staff: memoized((index) =>
      runTable(grid, (day) => {
        const working = hoursOnDay(resolved.working[index] ?? [], day, timeZone);
        return subtractSpans(working, spansWithin(blocksOf(index), day.startMs, day.endMs));
      }),
    ),
    room: memoized((index) => {
      const busy = mergeSpans(spansOf(calendar.rooms[index]?.busy ?? []));
      return runTable(grid, (day) => subtractSpans(wholeDay(day), spansWithin(busy, day.startMs, day.endMs)));
    }),
  };
}
