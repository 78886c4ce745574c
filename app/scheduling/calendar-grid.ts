import { TZDate } from "@date-fns/tz";
import { addDays, format, parseISO, startOfWeek } from "date-fns";
import { zoneOffsetMinutes } from "#app/ui/dates";

export type CalendarDay = { date: string; label: string; start: Date; end: Date };

/** Local midnight of a "yyyy-MM-dd" date in a zone, as an instant: right on daylight-saving days too. */
export function localMidnight(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, timeZone).getTime());
}

/** The days to show: one day, or Monday to Sunday of the week holding the date. Each day is 23–25 hours long around DST. */
export function calendarDays(date: string, view: "day" | "week", timeZone: string): CalendarDay[] {
  const anchor = parseISO(date);
  const first = view === "week" ? startOfWeek(anchor, { weekStartsOn: 1 }) : anchor;
  const count = view === "week" ? 7 : 1;
  return Array.from({ length: count }, (_unused, index) => {
    const local = format(addDays(first, index), "yyyy-MM-dd");
    const next = format(addDays(first, index + 1), "yyyy-MM-dd");
    return {
      date: local,
      label: format(addDays(first, index), "EEE, MMM d"),
      start: localMidnight(local, timeZone),
      end: localMidnight(next, timeZone),
    };
  });
}

export function shiftDate(date: string, view: "day" | "week", direction: 1 | -1): string {
  return format(addDays(parseISO(date), direction * (view === "week" ? 7 : 1)), "yyyy-MM-dd");
}

/** Minutes since local midnight of a day for an instant, as the clinic's clock shows them. */
export function localMinutes(instant: Date, timeZone: string): number {
  const minutes = Math.floor(instant.getTime() / 60_000) + zoneOffsetMinutes(instant, timeZone);
  return ((minutes % 1440) + 1440) % 1440;
}

export type Placed<T> = T & { top: number; height: number; lane: number; lanes: number };

/**
 * Places a day's appointments on a grid of minutes, side by side where they overlap (a room view
 * never overlaps; a clinic view often does).
 */
export function placeOnDay<T extends { start: Date; end: Date }>(items: T[], timeZone: string): Placed<T>[] {
  const sorted = [...items].sort((a, b) => a.start.getTime() - b.start.getTime() || b.end.getTime() - a.end.getTime());
  const placed: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let clusterEnd = 0;
  // Where each lane of the current cluster is free from: kept as items are placed, not rebuilt per
  // item (a whole clinic's busy day is one long cluster).
  let laneEnds: number[] = [];
  const closeCluster = (): void => {
    const lanes = Math.max(1, laneEnds.length);
    for (const item of cluster) {
      item.lanes = lanes;
    }
    cluster = [];
    laneEnds = [];
  };
  for (const item of sorted) {
    if (cluster.length > 0 && item.start.getTime() >= clusterEnd) {
      closeCluster();
    }
    let lane = 0;
    while ((laneEnds[lane] ?? 0) > item.start.getTime()) {
      lane += 1;
    }
    laneEnds[lane] = Math.max(laneEnds[lane] ?? 0, item.end.getTime());
    const top = localMinutes(item.start, timeZone);
    const height = Math.max(15, Math.round((item.end.getTime() - item.start.getTime()) / 60_000));
    const entry = { ...item, top, height, lane, lanes: 1 };
    cluster.push(entry);
    placed.push(entry);
    clusterEnd = Math.max(clusterEnd, item.end.getTime());
  }
  closeCluster();
  return placed;
}
