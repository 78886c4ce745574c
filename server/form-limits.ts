/**
 * The shape a submitted form may have, checked on the raw bytes before any parser builds objects from
 * it. conform's parser turns `rows[999999999]` into an array of a billion slots; URLSearchParams turns
 * a million `&` into a million entries. Both stay cheap here: this walks the body once and builds
 * nothing bigger than one field name.
 */
export const FORM_LIMITS = {
  /** A long note is a few tens of kilobytes; nothing a person types comes near this. */
  bodyBytes: 1024 * 1024,
  /** The largest real form (a series proposal of ~20 rows × 6 fields) has about 150 fields. */
  fields: 1000,
  nameLength: 200,
  /** `rows[12].time` is depth 2; the deepest real form is 3. */
  nameDepth: 6,
  /** The longest list in a real form (proposal rows, medications) stays under a hundred entries. */
  arrayIndex: 500,
} as const;

export type FormLimits = { [K in keyof typeof FORM_LIMITS]: number };

export type FormShapeProblem = { status: 400 | 413; message: string };

const NUL = "\u0000";

/**
 * Checks an application/x-www-form-urlencoded body: field count, name length and nesting, list
 * indices, and NUL characters (PostgreSQL cannot store them in text). null when the body is fine.
 */
export function checkFormBody(body: string, limits: FormLimits = FORM_LIMITS): FormShapeProblem | null {
  if (body.length === 0) {
    return null;
  }
  let fields = 0;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf("&", start);
    if (end === -1) {
      end = body.length;
    }
    if (end > start) {
      fields += 1;
      if (fields > limits.fields) {
        return { status: 413, message: `This form has more than ${limits.fields} fields.` };
      }
      const pair = body.slice(start, end);
      const equals = pair.indexOf("=");
      const problem = checkField(
        pair.slice(0, equals === -1 ? pair.length : equals),
        equals === -1 ? "" : pair.slice(equals + 1),
        limits,
      );
      if (problem) {
        return problem;
      }
    }
    start = end + 1;
  }
  return null;
}

/** The query string of a URL, checked like a form (searches and filters read it). */
export function checkQueryString(search: string, limits: FormLimits = FORM_LIMITS): FormShapeProblem | null {
  return checkFormBody(search.startsWith("?") ? search.slice(1) : search, limits);
}

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return null;
  }
}

function checkField(rawName: string, rawValue: string, limits: FormLimits): FormShapeProblem | null {
  // Longer than any accepted name even if every character were percent-encoded: no need to decode.
  if (rawName.length > limits.nameLength * 3) {
    return { status: 400, message: "A field name in this form is too long." };
  }
  const name = decode(rawName);
  if (name === null) {
    return { status: 400, message: "This form is not encoded correctly." };
  }
  if (name.length > limits.nameLength) {
    return { status: 400, message: "A field name in this form is too long." };
  }
  if (name.includes(NUL)) {
    return { status: 400, message: "A field name holds a NUL character, which no form sends." };
  }
  const shape = checkNameShape(name, limits);
  if (shape) {
    return shape;
  }
  // In this encoding NUL arrives as %00 (or a raw byte); looking for it needs no decoding.
  if (rawValue.includes(NUL) || rawValue.includes("%00")) {
    return { status: 400, message: "Text may not contain NUL characters (\\0). Remove them and send the form again." };
  }
  if (decode(rawValue) === null) {
    return { status: 400, message: "This form is not encoded correctly." };
  }
  return null;
}

/** `a.b[3].c`: at most `nameDepth` segments, and no list index above `arrayIndex`. */
function checkNameShape(name: string, limits: FormLimits): FormShapeProblem | null {
  let depth = 1;
  for (const match of name.matchAll(/\[([^\]]*)\]|\./gu)) {
    depth += 1;
    if (depth > limits.nameDepth) {
      return { status: 400, message: "A field name in this form is nested too deeply." };
    }
    const index = match[1];
    if (index !== undefined && /^\d+$/u.test(index) && (index.length > 6 || Number(index) > limits.arrayIndex)) {
      return { status: 400, message: `A list in this form has more than ${limits.arrayIndex + 1} entries.` };
    }
  }
  return null;
}
