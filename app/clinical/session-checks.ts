/**
 * Sedation and dissociation checks during a dosing session.
 * MOAA/S (Modified Observer's Assessment of Alertness/Sedation): one score, 0 (no response) to 5
 * (responds readily). CADSS-6 (the six-item short form of the Clinician-Administered Dissociative
 * States Scale): six items rated 0–4, total 0–24.
 */

export const MOAAS_LEVELS = [
  { score: 5, label: "Responds readily to name spoken in normal tone" },
  { score: 4, label: "Lethargic response to name spoken in normal tone" },
  { score: 3, label: "Responds only after name is called loudly and/or repeatedly" },
  { score: 2, label: "Responds only after mild prodding or shaking" },
  { score: 1, label: "Responds only after painful trapezius squeeze" },
  { score: 0, label: "No response after painful trapezius squeeze" },
] as const;

export const MOAAS_MIN = 0;
export const MOAAS_MAX = 5;

/** The MOAA/S wording for a score, e.g. "4 — Lethargic response to name spoken in normal tone". */
export function moaasLabel(score: number): string | null {
  return MOAAS_LEVELS.find((level) => level.score === score)?.label ?? null;
}

export const CADSS_ITEM_COUNT = 6;
export const CADSS_ITEM_MAX = 4;
export const CADSS_TOTAL_MAX = CADSS_ITEM_COUNT * CADSS_ITEM_MAX;

export const CADSS_ANCHORS = [
  { score: 0, label: "Not at all" },
  { score: 1, label: "Slightly" },
  { score: 2, label: "Moderately" },
  { score: 3, label: "Considerably" },
  { score: 4, label: "Extremely" },
] as const;

export type MentalStatusInput = {
  moaas: number | null;
  /** Six item scores, or null for each item left blank. */
  cadssItems: readonly (number | null)[];
};

export type MentalStatus = { moaas: number | null; cadssItems: number[] | null; cadssTotal: number | null };

export type MentalStatusErrors = { moaas?: string; cadss?: string; items?: Record<number, string>; form?: string };

export type MentalStatusCheck = { ok: true; value: MentalStatus } | { ok: false; errors: MentalStatusErrors };

/**
 * A check records the MOAA/S score, the CADSS-6 (all six items, or none), or both. The CADSS-6 total
 * is the sum of its items, computed here, never typed in.
 */
export function checkMentalStatus(input: MentalStatusInput): MentalStatusCheck {
  const errors: MentalStatusErrors = {};
  if (input.moaas !== null && (!Number.isInteger(input.moaas) || input.moaas < MOAAS_MIN || input.moaas > MOAAS_MAX)) {
    errors.moaas = `The MOAA/S score must be a whole number from ${MOAAS_MIN} to ${MOAAS_MAX}.`;
  }
  if (input.cadssItems.length !== CADSS_ITEM_COUNT) {
    errors.cadss = `The CADSS-6 has ${CADSS_ITEM_COUNT} items.`;
  } else {
    const items: Record<number, string> = {};
    input.cadssItems.forEach((score, index) => {
      if (score !== null && (!Number.isInteger(score) || score < 0 || score > CADSS_ITEM_MAX)) {
        items[index] = `Item ${index + 1} must be scored from 0 to ${CADSS_ITEM_MAX}.`;
      }
    });
    if (Object.keys(items).length > 0) {
      errors.items = items;
    }
    const answered = input.cadssItems.filter((score) => score !== null).length;
    if (answered > 0 && answered < CADSS_ITEM_COUNT) {
      errors.cadss = `Score all ${CADSS_ITEM_COUNT} CADSS-6 items, or leave them all blank (${answered} of ${CADSS_ITEM_COUNT} scored).`;
    }
  }
  const anyCadss = input.cadssItems.some((score) => score !== null);
  if (input.moaas === null && !anyCadss) {
    errors.form = "Enter a MOAA/S score, the CADSS-6 items, or both.";
  }
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  const cadssItems = anyCadss ? input.cadssItems.map((score) => score ?? 0) : null;
  return {
    ok: true,
    value: { moaas: input.moaas, cadssItems, cadssTotal: cadssItems ? cadssTotal(cadssItems) : null },
  };
}

export function cadssTotal(items: readonly number[]): number {
  return items.reduce((sum, score) => sum + score, 0);
}

/** e.g. "MOAA/S 4 (Lethargic response…) · CADSS-6 9/24". */
export function describeMentalStatus(status: MentalStatus): string {
  const parts: string[] = [];
  if (status.moaas !== null) {
    parts.push(`MOAA/S ${status.moaas} (${moaasLabel(status.moaas) ?? "unknown"})`);
  }
  if (status.cadssTotal !== null) {
    parts.push(
      `CADSS-6 ${status.cadssTotal}/${CADSS_TOTAL_MAX}${status.cadssItems ? ` (items ${status.cadssItems.join(", ")})` : ""}`,
    );
  }
  return parts.join(" · ");
}
