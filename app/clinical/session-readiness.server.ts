import { and, eq, lt, ne } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { appointment, clinic, dosingSession, signOff } from "#db/schema";
import { clinicalSettings } from "./clinical-settings";
import { activeDoseOrder } from "./dose-orders.server";
import { readinessFrom, type Readiness } from "./session-readiness";
import { clearanceStatus } from "./screening.server";

/**
 * Whether the dosing session of this appointment may start, and if not, everything that is missing:
 * a signed clearance that cleared the patient and a signed consent (clearanceStatus), an active dose
 * order, and — where the clinic's setting says so — a prescriber's sign-off of every earlier dosing
 * session of the series. It does not authorize: callers check access first.
 */
export async function sessionReadiness(db: DbOrTx, appointmentId: string): Promise<Readiness> {
  const [found] = await db
    .select({
      id: appointment.id,
      seriesId: appointment.seriesId,
      startsAt: appointment.startsAt,
      settings: clinic.settings,
      timeZone: clinic.timeZone,
    })
    .from(appointment)
    .innerJoin(clinic, eq(clinic.id, appointment.clinicId))
    .where(eq(appointment.id, appointmentId));
  if (!found) {
    return { ready: false, missing: ["This appointment does not exist."] };
  }
  const settings = clinicalSettings(found.settings);
  const seriesId = found.seriesId;
  const [clearance, order, earlier] = seriesId
    ? await Promise.all([
        clearanceStatus(db, seriesId),
        activeDoseOrder(db, seriesId, found.id),
        settings.signOffGatesNextDose
          ? db
              .select({ doseNumber: appointment.doseNumber, startsAt: appointment.startsAt, signOffId: signOff.id })
              .from(dosingSession)
              .innerJoin(appointment, eq(appointment.id, dosingSession.appointmentId))
              .leftJoin(signOff, eq(signOff.dosingSessionId, dosingSession.id))
              .where(
                and(
                  eq(dosingSession.seriesId, seriesId),
                  ne(dosingSession.appointmentId, found.id),
                  lt(appointment.startsAt, found.startsAt),
                ),
              )
          : Promise.resolve([]),
      ])
    : [null, null, []];
  return readinessFrom({
    inSeries: seriesId !== null,
    clearanceMissing: clearance?.missing ?? [],
    hasActiveOrder: order !== null,
    signOffGatesNextDose: settings.signOffGatesNextDose,
    earlierDoses: earlier.map((dose) => ({
      doseNumber: dose.doseNumber,
      startsAt: dose.startsAt,
      signedOff: dose.signOffId !== null,
    })),
    timeZone: found.timeZone,
  });
}
