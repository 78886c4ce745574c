import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, redirect, useLocation } from "react-router";
import { getDb } from "#db/client";
import { requirePermission } from "#app/auth/guard.server";
import { ClinicDetailsForm } from "#app/clinic/clinic-details-form";
import {
  CLINIC_INTENTS,
  addRoomSchema,
  clinicDetailsSchema,
  openingHoursSchema,
  renameRoomSchema,
  roomActiveSchema,
  type ClinicIntent,
} from "#app/clinic/clinic-forms";
import {
  loadClinicDetails,
  loadOpeningHours,
  replaceOpeningHours,
  updateClinicDetails,
} from "#app/clinic/clinic-settings.server";
import { formIntent, formString, refusal, type IntentReply } from "#app/clinic/form-reply";
import { supportedTimeZones } from "#app/clinic/local-time";
import { OpeningHoursForm } from "#app/clinic/opening-hours-form";
import { RoomsSection } from "#app/clinic/rooms-section";
import { addRoom, listRooms, renameRoom, requireRoom, setRoomActive } from "#app/clinic/rooms.server";
import type { Route } from "./+types/clinic";

export const meta: Route.MetaFunction = () => [{ title: "Clinic setup · KAP Care Team" }];

const NOTICES: Record<ClinicIntent, string> = {
  details: "Clinic details saved.",
  hours: "Opening hours saved.",
  "add-room": "Room added.",
  "rename-room": "Room renamed.",
  "deactivate-room": "Room deactivated.",
  "reactivate-room": "Room reactivated.",
};

function done(intent: ClinicIntent): Response {
  return redirect(`/admin/clinic?saved=${intent}`);
}

function invalid(reply: IntentReply) {
  return data(reply, { status: 400 });
}

export async function loader(args: Route.LoaderArgs) {
  const viewer = await requirePermission(args, "manage:clinic");
  const db = getDb();
  const [details, hours, rooms] = await Promise.all([
    loadClinicDetails(db, viewer.clinicId),
    loadOpeningHours(db, viewer.clinicId),
    listRooms(db, viewer.clinicId),
  ]);
  const timeZones = supportedTimeZones();
  const current = details?.timeZone ?? viewer.timeZone;
  const saved = new URL(args.request.url).searchParams.get("saved");
  return {
    details: details ?? { name: viewer.clinicName, timeZone: viewer.timeZone },
    // An older zone name the runtime no longer lists stays selectable, so the form shows what is stored.
    timeZones: timeZones.includes(current) ? timeZones : [current, ...timeZones],
    hours,
    rooms: rooms.map(({ id, name, active }) => ({ id, name, active })),
    notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved as ClinicIntent] : null,
  };
}

export async function action(args: Route.ActionArgs) {
  const viewer = await requirePermission(args, "manage:clinic");
  const db = getDb();
  const formData = await args.request.formData();
  const intent = formIntent(formData, CLINIC_INTENTS);
  switch (intent) {
    case "details": {
      const submission = parseWithZod(formData, {
        schema: clinicDetailsSchema([...supportedTimeZones(), viewer.timeZone]),
      });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      await updateClinicDetails(db, viewer, { name: submission.value.name, timeZone: submission.value.timeZone });
      return done(intent);
    }
    case "hours": {
      const submission = parseWithZod(formData, { schema: openingHoursSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      await replaceOpeningHours(db, viewer, submission.value);
      return done(intent);
    }
    case "add-room": {
      const submission = parseWithZod(formData, { schema: addRoomSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: null, result: submission.reply() });
      }
      const result = await addRoom(db, viewer, submission.value.name);
      if (!result.ok) {
        return invalid({ intent, subject: null, result: submission.reply(refusal(result)) });
      }
      return done(intent);
    }
    case "rename-room": {
      const subject = formString(formData, "roomId");
      const submission = parseWithZod(formData, { schema: renameRoomSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject, result: submission.reply() });
      }
      const target = await requireRoom(db, viewer, submission.value.roomId);
      const result = await renameRoom(db, viewer, target, submission.value.name);
      if (!result.ok) {
        return invalid({ intent, subject, result: submission.reply(refusal(result)) });
      }
      return done(intent);
    }
    case "deactivate-room":
    case "reactivate-room": {
      const submission = parseWithZod(formData, { schema: roomActiveSchema });
      if (submission.status !== "success") {
        return invalid({ intent, subject: formString(formData, "roomId"), result: submission.reply() });
      }
      const target = await requireRoom(db, viewer, submission.value.roomId);
      await setRoomActive(db, viewer, target, intent === "reactivate-room");
      return done(intent);
    }
    case null:
      throw data("This form sent an action the page does not know.", { status: 400 });
  }
}

export default function ClinicSetup({ loaderData, actionData }: Route.ComponentProps): ReactNode {
  // A new location after each saved form starts every form afresh from what was stored.
  const location = useLocation();
  return (
    <div key={location.key}>
      <h1>Clinic setup</h1>
      {loaderData.notice ? (
        <p className="notice" role="status">
          {loaderData.notice}
        </p>
      ) : null}
      <ClinicDetailsForm details={loaderData.details} timeZones={loaderData.timeZones} actionData={actionData} />
      <OpeningHoursForm hours={loaderData.hours} actionData={actionData} />
      <RoomsSection rooms={loaderData.rooms} actionData={actionData} />
    </div>
  );
}
