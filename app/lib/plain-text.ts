// Invisible characters that reorder the text around them (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI,
// PDI, LRM, RLM, ALM). No name or address needs them, and "Jane \u202Eeod" shows as "Jane doe"
// reversed: a way to make one patient's name look like another's.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/** Text a person typed, as stored: direction controls removed, NFC-normalized, trimmed. */
export function plainText(text: string): string {
  return text.replace(BIDI_CONTROLS, "").normalize("NFC").trim();
}
