/** Shared by the step-up check on the server and <StepUpFields> in the browser. */
export const STEP_UP_METHODS = ["totp", "passkey", "recovery-code", "password"] as const;
export type StepUpMethod = (typeof STEP_UP_METHODS)[number];

/** required: the form must carry one of methods (the first is the one offered first). */
export type StepUpPrompt = { required: boolean; methods: StepUpMethod[]; windowMinutes: number };

export const STEP_UP_FIELDS = {
  method: "stepUpMethod",
  code: "stepUpCode",
  recoveryCode: "stepUpRecoveryCode",
  passkey: "stepUpPasskey",
  password: "stepUpPassword",
} as const;

/** What an action answers after a refused step-up, beside the form's own reply. */
export type StepUpReply = { stepUp?: StepUpPrompt };

// Short, and unlike the labels of the fields they open, so each label names one control.
export const STEP_UP_METHOD_LABELS: Record<StepUpMethod, string> = {
  totp: "Authenticator app",
  passkey: "Passkey",
  "recovery-code": "Recovery",
  password: "Password",
};
