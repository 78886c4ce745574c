import { eq } from "drizzle-orm";
import { isUuid } from "#db/ids";
import { appointment } from "#db/schema";
import { appointmentRows, type AppointmentRow } from "#app/scheduling/appointment-rows.server";
import { recordKind, withPatient } from "./patient-bound.server";

/** An appointment with its room and staff, with its patient: `{ appointment, onRecord }`. */
export const appointmentKind = recordKind({
  entityType: "appointment",
  load: async (db, viewer, id): Promise<AppointmentRow | null> => {
    if (!isUuid(id)) {
      return null;
    }
    const [found] = await appointmentRows(db, viewer.clinicId, eq(appointment.id, id));
    return found ?? null;
  },
  authorize: (scope, found, permission, patientPermission) =>
    withPatient(scope, "appointment", found, patientPermission ?? permission),
});
