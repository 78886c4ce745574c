import type { SeriesTemplate } from "./types";

/** The standard KAP course (DESIGN.md, "Series template"). */
export const STANDARD_KAP_COURSE: SeriesTemplate = {
  name: "Standard KAP course",
  preparation: {
    count: 2,
    durationMinutes: 90,
    needs: ["therapist", "room"],
    minDaysBeforeFirstDose: 1,
    maxDaysBeforeFirstDose: 14,
  },
  dosing: {
    count: 6,
    durationMinutes: 180,
    needs: ["therapist", "monitor", "room"],
    minDaysApart: 2,
    maxPerWeek: 2,
    maxCourseDays: 21,
  },
  integration: {
    afterDoses: "all",
    durationMinutes: 60,
    needs: ["therapist", "room"],
    minDaysAfter: 1,
    maxDaysAfter: 3,
  },
  checkpoints: { beforeDoses: [1], afterDoses: [2], durationMinutes: 30, needs: ["prescriber", "room"] },
};
