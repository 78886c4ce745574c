import type { StepUpPrompt } from "./step-up";

export const ACCOUNT_SECURITY_INTENTS = [
  "remove-totp",
  "remove-passkey",
  "add-passkey",
  "regenerate-recovery-codes",
] as const;
export type AccountSecurityIntent = (typeof ACCOUNT_SECURITY_INTENTS)[number];

/** What the security pages' actions answer: for which form, a sentence, and codes to show once. */
export type SecurityReply = {
  intent: string;
  subject: string | null;
  message: string | null;
  stepUp?: StepUpPrompt;
  recoveryCodes?: string[];
};

export function replyTo(reply: unknown, intent: string, subject: string | null = null): SecurityReply | null {
  const candidate = reply as SecurityReply | undefined;
  return candidate && candidate.intent === intent && candidate.subject === subject ? candidate : null;
}

export const SECURITY_NOTICES: Record<string, string> = {
  "remove-totp": "Authenticator app removed.",
  "remove-passkey": "Passkey removed.",
  totp: "Authenticator app set up. From now on, signing in asks for a code after your password.",
};
