import type { AppointmentKindValue } from "#db/schema/scheduling";

export type SeriesSession = { id: string; kind: AppointmentKindValue; doseNumber: number | null; start: Date };

/**
 * The template step each session of a series fills, e.g. "dose-3" or "checkpoint-after-dose-2",
 * by id. Preparation sessions are numbered in time order; a checkpoint is "before" its dose when it
 * starts before the dosing session with the same dose number.
 */
export function stepKeys(sessions: readonly SeriesSession[]): Map<string, string> {
  const preparations = sessions
    .filter((session) => session.kind === "preparation")
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const keys = new Map<string, string>();
  for (const session of sessions) {
    const dose = session.doseNumber ?? 0;
    switch (session.kind) {
      case "preparation":
        keys.set(session.id, `preparation-${preparations.indexOf(session) + 1}`);
        break;
      case "dosing":
        keys.set(session.id, `dose-${dose}`);
        break;
      case "integration":
        keys.set(session.id, `integration-after-dose-${dose}`);
        break;
      case "checkpoint": {
        const dosing = sessions.find((other) => other.kind === "dosing" && other.doseNumber === session.doseNumber);
        keys.set(session.id, `checkpoint-${dosing && session.start < dosing.start ? "before" : "after"}-dose-${dose}`);
        break;
      }
      case "screening":
        keys.set(session.id, "screening");
        break;
    }
  }
  return keys;
}
