import { z } from "zod";
import { isSupportedTimeZone, LOCAL_TIME_PATTERN, toHourMinute } from "./local-time";

export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const CLINIC_INTENTS = [
  "details",
  "hours",
  "add-room",
  "rename-room",
  "deactivate-room",
  "reactivate-room",
] as const;
export type ClinicIntent = (typeof CLINIC_INTENTS)[number];

const MAX_NAME = 120;

/** A local "HH:MM" from a time input. */
export function timeOfDay(label: string): z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> {
  return z
    .string({ error: `Enter the ${label} time.` })
    .regex(LOCAL_TIME_PATTERN, { error: `Enter the ${label} time as hours and minutes, e.g. 09:00.` })
    .transform(toHourMinute);
}

/**
 * The zones come from the caller: the server checks against its own list, the browser against the
 * list the server sent, so both agree on what is offered.
 */
export type ClinicDetailsSchema = z.ZodObject<{
  intent: z.ZodLiteral<"details">;
  name: z.ZodString;
  timeZone: z.ZodString;
}>;

export function clinicDetailsSchema(timeZones?: readonly string[]): ClinicDetailsSchema {
  return z.object({
    intent: z.literal("details"),
    name: z
      .string({ error: "Enter the clinic's name." })
      .trim()
      .min(1, { error: "Enter the clinic's name." })
      .max(MAX_NAME, { error: `Use at most ${MAX_NAME} characters.` }),
    timeZone: z
      .string({ error: "Choose the clinic's time zone." })
      .refine((zone) => isSupportedTimeZone(zone, timeZones), { error: "Choose a time zone from the list." }),
  });
}

const openingDaySchema = z.object({
  open: z.boolean().optional(),
  opensAt: z.string().optional(),
  closesAt: z.string().optional(),
});

export type OpeningHoursDay = { weekday: number; opensAt: string; closesAt: string };

export const openingHoursSchema = z
  .object({
    intent: z.literal("hours"),
    days: z.array(openingDaySchema).length(7, { error: "Give all seven weekdays." }),
  })
  .superRefine((value, ctx) => {
    value.days.forEach((day, weekday) => {
      if (!day.open) {
        return;
      }
      const name = WEEKDAY_NAMES[weekday];
      if (!day.opensAt || !LOCAL_TIME_PATTERN.test(day.opensAt)) {
        ctx.addIssue({
          code: "custom",
          path: ["days", weekday, "opensAt"],
          message: `Enter when the clinic opens on ${name}, e.g. 08:00.`,
        });
      }
      if (!day.closesAt || !LOCAL_TIME_PATTERN.test(day.closesAt)) {
        ctx.addIssue({
          code: "custom",
          path: ["days", weekday, "closesAt"],
          message: `Enter when the clinic closes on ${name}, e.g. 18:00.`,
        });
      }
      if (day.opensAt && day.closesAt && toHourMinute(day.opensAt) >= toHourMinute(day.closesAt)) {
        ctx.addIssue({
          code: "custom",
          path: ["days", weekday, "closesAt"],
          message: `On ${name} the clinic must open before it closes.`,
        });
      }
    });
  })
  .transform(({ days }): OpeningHoursDay[] =>
    days.flatMap((day, weekday) =>
      day.open && day.opensAt && day.closesAt
        ? [{ weekday, opensAt: toHourMinute(day.opensAt), closesAt: toHourMinute(day.closesAt) }]
        : [],
    ),
  );

const roomName = z
  .string({ error: "Enter the room's name." })
  .trim()
  .min(1, { error: "Enter the room's name." })
  .max(MAX_NAME, { error: `Use at most ${MAX_NAME} characters.` });

const roomId = z.uuid({ error: "Choose a room." });

export const addRoomSchema = z.object({ intent: z.literal("add-room"), name: roomName });

export const renameRoomSchema = z.object({ intent: z.literal("rename-room"), roomId, name: roomName });

export const roomActiveSchema = z.object({ intent: z.enum(["deactivate-room", "reactivate-room"]), roomId });
