/**
 * Series planner benchmark: planSeries on dense calendars (10 staff, 5 rooms, staff ~70% booked,
 * rooms ~60%, over 60 days plus the 28 the later-start alternative may look ahead).
 *
 *   npx tsx bench/planner.ts
 */
import { planSeries } from "#app/scheduling/planner/index";
import { denseRequest } from "#app/scheduling/planner/testing/dense-calendar";
import type { PlanRequest } from "#app/scheduling/planner/types";

const RUNS = 100;
const WARM_UP = 10;
const CALENDARS = 10;
const SEARCH_DAYS = 60;
const CALENDAR_DAYS = SEARCH_DAYS + 28;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function summary(label: string, times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return `${label}: none`;
  }
  return `${label}: n=${sorted.length} median ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(1)} ms`;
}

function bookedShare(request: PlanRequest): number {
  let working = 0;
  let booked = 0;
  const start = Date.parse(`${request.startDate}T00:00:00Z`);
  const end = start + CALENDAR_DAYS * 86_400_000;
  for (const member of request.calendar.staff) {
    const weekdays = new Set(member.workingHours.map((hours) => hours.weekday));
    const [first] = member.workingHours;
    const [startHour, startMinute] = (first?.starts ?? "00:00").split(":").map(Number) as [number, number];
    const [endHour, endMinute] = (first?.ends ?? "00:00").split(":").map(Number) as [number, number];
    for (let day = start; day < end; day += 86_400_000) {
      if (weekdays.has(new Date(day).getUTCDay())) {
        working += endHour * 60 + endMinute - (startHour * 60 + startMinute);
      }
    }
    booked += member.busy.reduce(
      (sum, interval) => sum + (interval.end.getTime() - interval.start.getTime()) / 60_000,
      0,
    );
  }
  return booked / working;
}

function requestsFor(booked: number): PlanRequest[] {
  // Ten clinics; each run plans for one of their care teams (therapist and prescriber vary with the run).
  return Array.from({ length: RUNS }, (_, run) => {
    const base = denseRequest(run % CALENDARS, "2026-03-02", CALENDAR_DAYS, booked);
    const therapist = (Math.floor(run / CALENDARS) % 4) + 1;
    return {
      ...base,
      searchDays: SEARCH_DAYS,
      team: { therapistId: `staff-${therapist}`, prescriberId: `staff-${(run % 2) + 5}` },
    };
  });
}

function measure(requests: readonly PlanRequest[]): void {
  for (const request of requests.slice(0, WARM_UP)) {
    planSeries(request);
  }
  const all: number[] = [];
  const planned: number[] = [];
  const explained: number[] = [];
  for (const request of requests) {
    const started = performance.now();
    const result = planSeries(request);
    const elapsed = performance.now() - started;
    all.push(elapsed);
    (result.ok ? planned : explained).push(elapsed);
  }
  console.info(`  ${summary(`planSeries, ${requests.length} runs`, all)}`);
  console.info(`    ${summary("a course planned", planned)}`);
  console.info(`    ${summary("no course fits (problems and alternatives included)", explained)}`);
}

const scenarios = [0.7, 0.55].map((booked) => ({ booked, requests: requestsFor(booked) }));
// The very first call pays for JIT compilation and fills the time-zone cache: what a fresh server sees once.
const coldStart = performance.now();
planSeries(scenarios[0]?.requests[0] as PlanRequest);
console.info(`First call in a fresh process: ${(performance.now() - coldStart).toFixed(1)} ms`);
for (const { requests } of scenarios) {
  console.info(
    `Dense calendars: ${CALENDARS} clinics, 10 staff and 5 rooms each; staff booked ${(100 * bookedShare(requests[0] as PlanRequest)).toFixed(0)}% of working time.`,
  );
  measure(requests);
}
