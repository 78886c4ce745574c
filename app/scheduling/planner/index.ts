export type {
  Alternative,
  AppointmentKind,
  Calendar,
  Interval,
  LocalDate,
  LocalTime,
  Need,
  PlanRequest,
  PlanResult,
  Problem,
  ProposedSlot,
  Rule,
  SeriesTemplate,
  StaffRole,
} from "./types";
export { RULES } from "./types";
export { STANDARD_KAP_COURSE } from "./standard-course";
export { planSeries } from "./plan-series";
export { renumberSlots, slotValidator, validateSlots } from "./rules";
export { seriesSteps, stepDuration, type SeriesStep } from "./steps";
