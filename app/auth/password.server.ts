import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const MIN_PASSWORD_LENGTH = 12;

let commonPasswords: Promise<Set<string>> | undefined;

function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase())),
  );
  return commonPasswords;
}

/** Returns why a new password is not acceptable, or null when it is. */
export async function passwordProblem(password: string, context: { email?: string; name?: string } = {}): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (password.length > 256) {
    return "Use at most 256 characters.";
  }
  const lower = password.toLowerCase();
  if (new Set(lower).size < 5) {
    return "Use more different characters: this password repeats too few.";
  }
  const common = await loadCommonPasswords();
  const trailingOff = lower.replace(/[\d\W_]+$/u, "");
  const leadingOff = lower.replace(/^[\d\W_]+/u, "");
  const stripped = [lower, trailingOff, leadingOff, leadingOff.replace(/[\d\W_]+$/u, "")];
  if (stripped.some((candidate) => candidate.length >= 4 && common.has(candidate))) {
    return "This password is too common; choose one that is harder to guess.";
  }
  const personal = [context.email?.split("@")[0], ...(context.name?.split(/\s+/u) ?? [])]
    .map((part) => part?.toLowerCase() ?? "")
    .filter((part) => part.length >= 4);
  if (personal.some((part) => lower.includes(part))) {
    return "Do not use your name or email address in your password.";
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// Verifying against this when the account does not exist keeps the response time the same,
// so timing does not reveal which email addresses have accounts.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$HY6ZUnhFQnsH62KalpHGew$aqDuEUDSWd3a21ymsqxEBsZ1Jz3LljI4FzUJ0E1W7rs";

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(passwordHash ?? DUMMY_HASH, password);
    return passwordHash !== null && ok;
  } catch {
    return false;
  }
}
