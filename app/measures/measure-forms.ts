import { z } from "zod";
import type { Instrument } from "#db/schema/measures";
import { LOCAL_DATE_TIME_PATTERN } from "#app/clinic/local-time";
import { INSTRUMENT_DEFINITIONS, MEASURE_CONTEXT_VALUES } from "./instruments";
import { missingAnswerMessage, outOfRangeMessage } from "./scoring";
import { REASON_MAX } from "./limits";

/** The radio group of item n is named `item{n}`; the server scores the answers again, whatever the form sent. */
export function itemField(item: number): `item${number}` {
  return `item${item}`;
}

const COMPLETED_AT_MESSAGE = "Enter when the patient completed it: a date and time, e.g. 2026-03-09 09:30.";

/** One questionnaire, item by item, with when and for which session it was given. */
export function measureFormSchema(instrument: Instrument) {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const items: Record<string, z.ZodNumber> = {};
  for (const item of definition.items) {
    const outOfRange = outOfRangeMessage(definition, item.number);
    items[itemField(item.number)] = z
      .number({ error: missingAnswerMessage(definition, item.number) })
      .int({ error: outOfRange })
      .min(0, { error: outOfRange })
      .max(definition.maxItem, { error: outOfRange });
  }
  return z.object({
    instrument: z.literal(instrument, { error: "This form is for another questionnaire. Open it again." }),
    context: z.enum(MEASURE_CONTEXT_VALUES, {
      error: "Choose when it was given: baseline, before a dose, integration or follow-up.",
    }),
    appointmentId: z.uuid({ error: "Choose a session of this series, or none." }).optional(),
    completedAt: z
      .string({ error: COMPLETED_AT_MESSAGE })
      .regex(LOCAL_DATE_TIME_PATTERN, { error: COMPLETED_AT_MESSAGE }),
    ...items,
  });
}

/** The answers in item order, as the scoring module takes them. */
export function answersOf(instrument: Instrument, value: Record<string, unknown>): unknown[] {
  return INSTRUMENT_DEFINITIONS[instrument].items.map((item) => value[itemField(item.number)]);
}

export const enteredInErrorSchema = z.object({
  responseId: z.uuid({ error: "Choose a response of this series." }),
  reason: z
    .string({ error: "Say why it was entered in error." })
    .trim()
    .min(1, { error: "Say why it was entered in error." })
    .max(REASON_MAX, { error: `Keep the reason under ${REASON_MAX} characters.` }),
});

export const MEASURES_INTENTS = ["entered-in-error"] as const;
