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

// Published in the README for the demo clinic: anyone may try it on any installation. The demo seed
// hashes it directly; it is never accepted where a person chooses a password.
export const PUBLISHED_DEMO_PASSWORD = "kap-demo-2026";

/** Who the password belongs to: the words an attacker tries first. Every caller must give all three. */
export type PasswordOwner = { email: string; name: string; clinicName: string };

// Case, accents, spaces and punctuation removed, so "Démo K.A.P clinic" still matches "demokapclinic".
function comparable(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

function containsWord(password: string, word: string | undefined): boolean {
  const needle = comparable(word ?? "");
  return needle.length >= 4 && password.includes(needle);
}

/** Returns why a new password is not acceptable, or null when it is. */
export async function passwordProblem(password: string, owner: PasswordOwner): Promise<string | null> {
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
  const flat = comparable(password);
  if (containsWord(flat, PUBLISHED_DEMO_PASSWORD)) {
    return "This is the demo password published with the app; choose one of your own.";
  }
  if (containsWord(flat, owner.clinicName)) {
    return "Do not use the clinic's name in your password.";
  }
  if ([owner.email.split("@")[0], ...owner.name.split(/\s+/u)].some((part) => containsWord(flat, part))) {
    return "Do not use your name or email address in your password.";
  }
  const common = await loadCommonPasswords();
  const trailingOff = lower.replace(/[\d\W_]+$/u, "");
  const leadingOff = lower.replace(/^[\d\W_]+/u, "");
  const stripped = [lower, trailingOff, leadingOff, leadingOff.replace(/[\d\W_]+$/u, "")];
  if (stripped.some((candidate) => candidate.length >= 4 && common.has(candidate))) {
    return "This password is too common; choose one that is harder to guess.";
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
