import type { Db } from "#db/client";
import { clinic } from "#db/schema";
import { eq } from "drizzle-orm";
import { clock } from "#app/auth/clock";
import type { Viewer } from "#app/auth/guard.server";
import type { StepUpPrompt } from "#app/auth/step-up";
import { stepUpPrompt } from "#app/auth/step-up.server";
import type { PatientOnRecord } from "#app/patients/access.server";
import { formatInTimeZone } from "#app/ui/dates";
import { liveGrantFor } from "./grants.server";
import { breakGlassMinutes } from "./window";

/**
 * What the request page shows. Nothing about the patient is shown before access is granted: the
 * clinician came from a link to this patient and needs no more to ask.
 */
export type RequestPageState =
  | { state: "on-team"; patientId: string }
  | { state: "open"; patientId: string; until: string }
  | { state: "request"; patientId: string; minutes: number; stepUp: StepUpPrompt };

export async function requestPageState(db: Db, viewer: Viewer, onRecord: PatientOnRecord): Promise<RequestPageState> {
  const patientId = onRecord.patient.id;
  if (onRecord.target.careTeamUserIds?.includes(viewer.id)) {
    return { state: "on-team", patientId };
  }
  const live = await liveGrantFor(db, viewer, patientId, clock.now());
  if (live) {
    return { state: "open", patientId, until: formatInTimeZone(live.expiresAt, viewer.timeZone, "HH:mm") };
  }
  const [row] = await db.select({ settings: clinic.settings }).from(clinic).where(eq(clinic.id, viewer.clinicId));
  return {
    state: "request",
    patientId,
    minutes: breakGlassMinutes(row?.settings),
    stepUp: await stepUpPrompt(db, viewer),
  };
}
